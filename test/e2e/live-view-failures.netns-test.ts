/**
 * Live view when something is missing or goes wrong: no ffmpeg, Ring refusing the ticket, the
 * signalling socket refused, a camera that never answers, end-to-end-encrypted and live-view-
 * disabled cameras. Each gives one clear log line, a clean refusal or end in HomeKit, and leaves
 * no Ring call, ffmpeg process or UDP socket behind. Runs inside test/netns/run-in-netns.sh.
 */
import { demoHome } from '../emulator/index.js';
import { boundSocketsOf } from '../harness/index.js';
import { cameraRecord, expectLogsFreeOfSecrets } from './accessories-support.js';
import { ffmpegPidsInNamespace, startLiveViewHome, waitUntil, type LiveViewHome } from './live-view-support.js';

const { backYard, livingRoom } = demoHome.cameras;
const NOT_ALLOWED = -70412;
const COMMUNICATION_FAILURE = -70402;

function udpPortsOf(pid: number): number[] {
  return boundSocketsOf(pid)
    .filter((socket) => socket.proto.startsWith('udp'))
    .map((socket) => socket.port)
    .sort();
}

async function statusOf(work: Promise<unknown>): Promise<number | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { status?: number }).status;
  }
}

describe('live view without ffmpeg', () => {
  let home: LiveViewHome;

  beforeAll(async () => {
    home = await startLiveViewHome({ config: { ffmpegPath: '/nonexistent/ffmpeg' } });
  }, 120_000);

  afterAll(async () => {
    await home?.close();
  }, 120_000);

  test('the start is refused with a log line naming the missing ffmpeg, and Ring is not asked', async () => {
    const mark = home.hb.logMark();
    const viewer = await home.viewer('Front Door');
    expect(await statusOf(viewer.setup())).toBe(COMMUNICATION_FAILURE);
    const line = await home.hb.waitForLog(/Front Door: live view refused: ffmpeg was not found at "\/nonexistent\/ffmpeg"/, 5_000, mark);
    expect(line).toContain('ffmpegPath');
    expect(home.cloud.liveCalls()).toEqual([]);
    expect(home.cloud.requests().some((request) => request.path.includes('signalsocket'))).toBe(false);
    await viewer.close();
  }, 60_000);
});

describe("live view failures on Ring's side", () => {
  let home: LiveViewHome;
  let baselineUdp: number[];

  beforeAll(async () => {
    home = await startLiveViewHome({
      prepare(cloud) {
        cameraRecord(cloud, backYard).e2ee_enabled = true;
        cameraRecord(cloud, livingRoom).settings.live_view_disabled = true;
      },
    });
    baselineUdp = udpPortsOf(home.hb.pid!);
  }, 120_000);

  afterAll(async () => {
    if (home) expectLogsFreeOfSecrets(home.hb, home.cloud);
    await home?.close();
  }, 120_000);

  /** Nothing of a failed start may remain: no open call at Ring, no ffmpeg, no extra UDP socket in Homebridge. */
  async function expectNothingLeft(): Promise<void> {
    await waitUntil(() => home.cloud.liveCalls().every((call) => call.endedAt !== undefined), 10_000, 'every live call to be ended');
    await waitUntil(() => ffmpegPidsInNamespace().length === 0, 10_000, 'no ffmpeg');
    await waitUntil(
      () => JSON.stringify(udpPortsOf(home.hb.pid!)) === JSON.stringify(baselineUdp),
      10_000,
      `Homebridge's UDP sockets back to ${JSON.stringify(baselineUdp)} (now ${JSON.stringify(udpPortsOf(home.hb.pid!))})`,
    );
  }

  /** Sets up and starts a stream that is expected to fail; returns once HomeKit sees the stream available again. */
  async function failingStart(camera: string): Promise<void> {
    const viewer = await home.viewer(camera);
    // The failure may come before SetupEndpoints is read back (its status is then "error"), before
    // START (then START is refused), or after it (then the stream ends): all are clean for HomeKit.
    const prepared = await viewer.setup().then(
      () => true,
      (error: Error) => {
        expect(error.message).toMatch(/SetupEndpoints answered status 2|status -704/);
        return false;
      },
    );
    if (prepared) {
      await statusOf(viewer.start());
    }
    await waitUntil(async () => (await viewer.streamingStatus()) === 0, 30_000, 'the stream to be available again');
    expect(viewer.stats.videoPackets).toBe(0);
    await viewer.close();
  }

  test('an end-to-end encrypted camera and one with live view turned off are refused before Ring is asked', async () => {
    const mark = home.hb.logMark();
    for (const camera of ['Back Yard', 'Living Room']) {
      const viewer = await home.viewer(camera);
      expect(await statusOf(viewer.setup())).toBe(NOT_ALLOWED);
      await viewer.close();
    }
    await home.hb.waitForLog(/Back Yard: live view is not available: the camera uses end-to-end encryption/, 5_000, mark);
    await home.hb.waitForLog(/Living Room: live view is not available: live view is turned off for this camera in the Ring app/, 5_000, mark);
    expect(home.cloud.liveCalls()).toEqual([]);
    expect(home.cloud.requests().some((request) => request.path.includes('signalsocket'))).toBe(false);
  }, 60_000);

  test('a refused signalling ticket ends the start with a log line', async () => {
    home.cloud.failNext('clap/ticket/request/signalsocket', 1, { status: 500 });
    const mark = home.hb.logMark();
    await failingStart('Front Door');
    await home.hb.waitForLog(/Front Door: live view failed: Ring's live call could not be opened: Ring refused the live view ticket \(HTTP 500\)/, 5_000, mark);
    expect(home.cloud.liveCalls()).toEqual([]);
    await expectNothingLeft();
  }, 60_000);

  test('a refused signalling socket ends the start with a log line', async () => {
    home.cloud.failNext('signalling:/ws', 1, { status: 503 });
    const mark = home.hb.logMark();
    await failingStart('Front Door');
    await home.hb.waitForLog(/Front Door: live view failed: the call ended: the signalling connection closed before the camera answered/, 5_000, mark);
    expect(home.cloud.liveCalls()).toEqual([]);
    await expectNothingLeft();
  }, 60_000);

  test("a camera that never answers is given up after the answer timeout, and Ring's side is closed", async () => {
    home.cloud.planNextLiveCall('no-answer', demoHome.cameras.frontDoor);
    const mark = home.hb.logMark();
    await failingStart('Front Door');
    await home.hb.waitForLog(/Front Door: live view failed: the call ended: Ring did not answer the live view request within 15 s/, 5_000, mark);
    expect(home.cloud.liveCalls().at(-1)).toMatchObject({ behavior: 'no-answer', endedBy: 'client-close' });
    await expectNothingLeft();
  }, 60_000);

  test('after all that, a normal live view still works', async () => {
    const viewer = await home.viewer('Front Door');
    await viewer.setup();
    await viewer.start();
    await waitUntil(() => viewer.stats.nalTypes.has(5) && viewer.stats.audioPackets > 5, 20_000, 'video and audio');
    await viewer.stop();
    await viewer.close();
    await expectNothingLeft();
  }, 60_000);
});
