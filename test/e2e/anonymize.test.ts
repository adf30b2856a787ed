/**
 * People anonymized end to end (issue 17): the emulator serves a photograph with three faces as
 * the Front Door's snapshot; with a rule that blurs faces, the picture a paired controller
 * receives has each labelled face blurred (far less fine detail than the photograph there) and
 * the rest of the picture as the photograph is, and the audit ledger says how many regions were
 * anonymized. The settings panel's view of the camera (the picture the zone editor draws on) is
 * the same gated picture, faces blurred. The shipped detector runs in the plugin's process (a
 * worker thread); nothing here stands in for it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { fetchCameraView } from '../../homebridge-ui/src/camera-view.js';
import { pluginFiles } from '../../src/config/plugin-files.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { coverRegions } from '../../src/privacy/anonymize/cover-regions.js';
import { zoneToPixels, type PixelRect } from '../../src/privacy/redact.js';
import type { Zone } from '../../src/privacy/types.js';
import { demoHome, finishRun, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';

const require = createRequire(import.meta.url);
const fixtures = JSON.parse(readFileSync(new URL('../../src/privacy/anonymize/face-fixtures.json', import.meta.url), 'utf8')) as {
  images: Array<{ image: string; faces: Zone[] }>;
};
const PHOTO = fixtures.images[0]!;
const SOURCE = { width: 1920, height: 1280 };
const OUT = { width: 640, height: 360 };
const { frontDoor } = demoHome.cameras;

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

async function raw(image: Sharp): Promise<Raw> {
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Fine detail in a rectangle: the mean difference between horizontal neighbours. */
function detail(image: Raw, rect: PixelRect): number {
  let sum = 0;
  let count = 0;
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    for (let x = rect.left; x < rect.left + rect.width - 1; x++) {
      const i = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(image.data[i + c]! - image.data[i + 3 + c]!);
      count += 3;
    }
  }
  return sum / count;
}

describe('faces anonymized in the pictures a controller receives', () => {
  let run: DemoHomeRun;
  let photo: Buffer;

  beforeAll(async () => {
    photo = readFileSync(require.resolve(PHOTO.image));
    run = await startDemoHome({
      config: {
        privacy: {
          rules: [
            {
              name: 'Blur faces at the door',
              devices: { names: ['Front Door'] },
              action: 'event-only',
              snapshot: { redact: [{ method: 'blur', anonymize: 'faces' }] },
            },
          ],
        },
      },
      cameras: ['Front Door'],
    });
    run.cloud.setCameraPicture(frontDoor, photo);
  }, 150_000);

  afterAll(() => finishRun(run), 120_000);

  /** Each labelled face has lost most of its fine detail against the photograph scaled the same way. */
  async function expectFacesBlurred(jpeg: Buffer): Promise<Raw> {
    const received = await raw(sharp(jpeg));
    expect([received.width, received.height]).toEqual([OUT.width, OUT.height]);
    const reference = await raw(sharp(photo).resize(OUT.width, OUT.height, { fit: 'cover' }));
    for (const face of PHOTO.faces) {
      const rect = zoneToPixels(face, SOURCE, OUT);
      expect(rect.width * rect.height).toBeGreaterThan(100);
      expect(detail(received, rect)).toBeLessThan(0.4 * detail(reference, rect));
    }
    return received;
  }

  test('each labelled face is blurred, the picture away from the faces is the photograph, and the ledger counts the regions', async () => {
    const client = await run.camera('Front Door');
    const received = await expectFacesBlurred(await client.snapshot(OUT.width, OUT.height));
    const reference = await raw(sharp(photo).resize(OUT.width, OUT.height, { fit: 'cover' }));

    // Away from every face (each widened like a redaction widens it, plus 8 px), the photograph as it was.
    const covered = coverRegions(PHOTO.faces, 'faces', 0.6).map((zone) => zoneToPixels(zone, SOURCE, OUT));
    let differs = 0;
    let compared = 0;
    for (let y = 0; y < OUT.height; y++) {
      for (let x = 0; x < OUT.width; x++) {
        if (covered.some((r) => x >= r.left - 8 && x < r.left + r.width + 8 && y >= r.top - 8 && y < r.top + r.height + 8)) continue;
        const i = (y * OUT.width + x) * 3;
        const delta = Math.max(...[0, 1, 2].map((c) => Math.abs(received.data[i + c]! - reference.data[i + c]!)));
        compared++;
        if (delta > 24) differs++;
      }
    }
    expect(compared).toBeGreaterThan(OUT.width * OUT.height * 0.5);
    expect(differs / compared).toBeLessThan(0.01);

    const record = await waitUntil(
      async () =>
        (await readLedger(auditDirectory(run.hb.storagePath))).records.find(
          (r) => r.device.id === String(frontDoor) && r.signal.type === 'snapshot' && r.snapshot.anonymized !== undefined,
        ),
      // On-demand snapshot records of one minute are collapsed into one, written when the minute ends.
      80_000,
      "the snapshot's record in the ledger",
    );
    expect(record.snapshot).toMatchObject({ kind: 'redacted', methods: ['blur'], anonymize: ['faces'] });
    // At least the labelled faces (the detector may also find one the labels leave out, such as a face cut by the frame).
    expect(record.snapshot.anonymized).toBeGreaterThanOrEqual(PHOTO.faces.length);
  }, 120_000);

  test("the settings panel's view of the camera, the zone editor's picture, has the faces blurred too", async () => {
    const view = await fetchCameraView(pluginFiles(run.hb.storagePath).statusFile, String(frontDoor), OUT.width, OUT.height);
    if (!view.available) throw new Error(`no camera view: ${view.reason}`);
    await expectFacesBlurred(Buffer.from(view.dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64'));
  }, 60_000);
});
