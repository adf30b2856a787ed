import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cameraListText } from '../ring/known-cameras/camera-record.js';
import { FRONT_DOOR_RECORD } from '../../test/support/camera-records.js';
import { KnownCamerasWriter, readKnownCameras } from './known-cameras-file.js';

const camera = FRONT_DOOR_RECORD;

function recorder() {
  const warnings: string[] = [];
  return { log: { warn: (message: string) => warnings.push(message) }, warnings };
}

describe('the camera list file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'trygr-cameras-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('none yet (a first start): no cameras, nothing said', async () => {
    const { log, warnings } = recorder();
    expect(await readKnownCameras(join(dir, 'cameras.json'), log)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('a damaged list gives no cameras and one warning that they wait for Ring', async () => {
    const file = join(dir, 'cameras.json');
    writeFileSync(file, '{"version":1,"cameras":[');
    const { log, warnings } = recorder();
    expect(await readKnownCameras(file, log)).toEqual([]);
    expect(warnings).toEqual([`The list of cameras from the last connection (${file}) was ignored: it is not JSON. Those cameras appear once Ring answers.`]);
  });

  test('a saved list reads back; it is private, and rewritten only when the cameras change', async () => {
    const file = join(dir, 'trygr', 'cameras.json');
    const { log, warnings } = recorder();
    const writer = new KnownCamerasWriter(file, log);
    await writer.save([camera]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readKnownCameras(file, log)).toEqual([camera]);
    const written = statSync(file).mtimeMs;
    await writer.save([camera]);
    expect(statSync(file).mtimeMs).toBe(written);
    // A new writer (the next start) finds the same list on disk and leaves it alone too.
    await new KnownCamerasWriter(file, log).save([camera]);
    expect(statSync(file).mtimeMs).toBe(written);
    await writer.save([{ ...camera, name: 'Main Door' }]);
    expect(readFileSync(file, 'utf8')).toBe(cameraListText([{ ...camera, name: 'Main Door' }]));
    expect(warnings).toEqual([]);
  });

  test('a save that fails is said once, loses nothing already saved, and is tried again', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    const file = join(blocker, 'cameras.json');
    const { log, warnings } = recorder();
    const writer = new KnownCamerasWriter(file, log);
    await writer.save([camera]);
    await writer.save([{ ...camera, name: 'Main Door' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The list of cameras could not be saved to .*\(E[A-Z]+\); after a restart the cameras appear once Ring answers\.$/);
    rmSync(blocker);
    await writer.save([camera]);
    expect(await readKnownCameras(file, log)).toEqual([camera]);
    expect(warnings).toHaveLength(1);
  });
});
