/**
 * Live view end to end, as the Home app does it: a paired controller writes SetupEndpoints and
 * SelectedRTPStreamConfiguration to a camera's own HAP server, receives SRTP from the real
 * Homebridge running the plugin, decrypts it and looks inside. Ring's side is the emulator's werift
 * camera sending an ffmpeg H.264 test pattern and Opus. Runs inside test/netns/run-in-netns.sh.
 */
import { execFileSync } from 'node:child_process';
import { demoHome } from '../emulator/index.js';
import { ffmpegPidsInNamespace, sendTalkback, sleep, startLiveViewHome, waitUntil, type LiveViewHome } from './live-view-support.js';
import { AUDIO_PT } from './live-view-viewer.js';
import { expectLogsFreeOfSecrets } from './accessories-support.js';

const { frontDoor, driveway } = demoHome.cameras;
const IDLE_SECONDS = 3;
/** The smallest limit the option allows. */
const MAX_SECONDS = 30;

describe('live view end to end', () => {
  let home: LiveViewHome;

  beforeAll(async () => {
    home = await startLiveViewHome({ config: { liveViewIdleSeconds: IDLE_SECONDS, liveViewMaxSeconds: MAX_SECONDS } });
  }, 120_000);

  afterAll(async () => {
    if (home) expectLogsFreeOfSecrets(home.hb, home.cloud);
    await home?.close();
  }, 120_000);

  const callsTo = (cameraId: number) => home.cloud.liveCalls().filter((call) => call.cameraId === cameraId);

  test("SRTP carries Ring's H.264 untouched and Opus audio, talk-back reaches the camera, and stopping ends everything", async () => {
    const viewer = await home.viewer('Front Door');
    await viewer.setup();
    await viewer.start({ audioCodec: 'OPUS', sampleRate: 16 });
    expect(await viewer.streamingStatus()).toBe(1);

    const { stats } = viewer;
    await waitUntil(
      () => stats.nalTypes.has(7) && stats.nalTypes.has(8) && stats.nalTypes.has(5) && stats.audioPackets >= 20 && stats.senderReports >= 2,
      20_000,
      'SPS, PPS, an IDR slice, 20 audio packets and 2 sender reports at the controller',
    );
    expect(stats.undecryptable).toBe(0);
    expect(stats.audioPayloadTypes).toEqual(new Set([AUDIO_PT]));
    expect(stats.videoSsrcs.size).toBe(1);
    // The emulated camera encodes constrained baseline (profile_idc 66); a re-encode would not keep its SPS.
    expect(stats.sps?.[1]).toBe(66);

    const sent = await sendTalkback(viewer, 2);
    expect(sent).toBeGreaterThan(50);
    const call = await waitUntil(
      () => {
        const current = callsTo(frontDoor).at(-1);
        return current && current.talkback.packets >= 20 ? current : undefined;
      },
      15_000,
      'talk-back at the emulated camera',
    );
    expect(call.speakerActivated).toBe(true);
    expect(call.endedAt).toBeUndefined();
    expect(ffmpegPidsInNamespace().length).toBeGreaterThanOrEqual(3);

    await viewer.stop();
    await waitUntil(() => callsTo(frontDoor).every((entry) => entry.endedAt !== undefined), 10_000, 'the live call to end at the emulator');
    expect(callsTo(frontDoor).at(-1)?.endedBy).toBe('client-close');
    await waitUntil(() => ffmpegPidsInNamespace().length === 0, 10_000, 'every ffmpeg to be gone');
    await waitUntil(async () => (await viewer.streamingStatus()) === 0, 5_000, 'the camera to show its stream available again');
    const received = stats.videoPackets;
    await sleep(1000);
    expect(stats.videoPackets).toBe(received);
    await viewer.close();

    const logs = home.hb.logs();
    expect(logs).toMatch(/Front Door: live view started \(video passed through, audio Ring Opus ⇄ HomeKit OPUS 16 kHz\)/);
    expect(logs).not.toMatch(/audio stopped|live view without sound/);
  }, 90_000);

  test('AAC-ELD: with libfdk_aac the audio is encoded for HomeKit; without it video still flows and the log says why there is no sound', async () => {
    const hasFdk = /libfdk_aac/.test(execFileSync('ffmpeg', ['-hide_banner', '-encoders']).toString());
    const viewer = await home.viewer('Front Door');
    await viewer.setup();
    const mark = home.hb.logMark();
    await viewer.start({ audioCodec: 'AAC-eld', sampleRate: 16 });
    await waitUntil(() => viewer.stats.nalTypes.has(5), 20_000, 'video');
    if (hasFdk) {
      await waitUntil(() => viewer.stats.audioPackets > 10, 10_000, 'AAC-ELD audio');
    } else {
      await home.hb.waitForLog(/Front Door: live view without sound: HomeKit asked for AAC-ELD and this ffmpeg has no AAC-ELD encoder \(libfdk_aac\)/, 10_000, mark);
      expect(viewer.stats.audioPackets).toBe(0);
    }
    await viewer.stop();
    await viewer.close();
    await waitUntil(() => callsTo(frontDoor).every((entry) => entry.endedAt !== undefined), 10_000, 'the call to end');
  }, 60_000);

  test('two viewers share one Ring call; it ends with the last of them', async () => {
    const before = callsTo(driveway).length;
    const first = await home.viewer('Driveway', 0);
    const second = await home.viewer('Driveway', 1);
    await first.setup();
    await first.start();
    await waitUntil(() => first.stats.nalTypes.has(5), 20_000, 'video at the first viewer');
    await second.setup();
    await second.start();
    await waitUntil(() => second.stats.nalTypes.has(5) && second.stats.audioPackets > 10, 20_000, 'video and audio at the second viewer');
    expect(callsTo(driveway).length).toBe(before + 1);

    await first.stop();
    const afterFirst = second.stats.videoPackets;
    await waitUntil(() => second.stats.videoPackets > afterFirst + 20, 10_000, 'the second viewer to keep receiving');
    expect(callsTo(driveway).at(-1)?.endedAt).toBeUndefined();

    await second.stop();
    await waitUntil(() => callsTo(driveway).at(-1)?.endedAt !== undefined, 10_000, 'the shared call to end');
    await waitUntil(() => ffmpegPidsInNamespace().length === 0, 10_000, 'every ffmpeg to be gone');
    await Promise.all([first.close(), second.close()]);
  }, 90_000);

  test("a viewer that goes silent is dropped after the idle time, with Ring's call and ffmpeg", async () => {
    const viewer = await home.viewer('Front Door');
    await viewer.setup();
    await viewer.start();
    await waitUntil(() => viewer.stats.nalTypes.has(5), 20_000, 'video');
    const mark = home.hb.logMark();
    const silentAt = Date.now();
    viewer.goSilent();
    const line = await home.hb.waitForLog(/Front Door: live view ended: the Home app stopped sending/, (IDLE_SECONDS + 10) * 1000, mark);
    expect(Date.now() - silentAt).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 - 500);
    expect(line).toContain('viewer gone');
    await waitUntil(() => callsTo(frontDoor).every((entry) => entry.endedAt !== undefined), 10_000, 'the call to end');
    await waitUntil(() => ffmpegPidsInNamespace().length === 0, 10_000, 'every ffmpeg to be gone');
    await waitUntil(async () => (await viewer.streamingStatus()) === 0, 5_000, 'the camera to show its stream available again');
    await viewer.close();
  }, 60_000);

  test('the maximum duration ends a stream the Home app keeps alive', async () => {
    const viewer = await home.viewer('Driveway');
    await viewer.setup();
    const mark = home.hb.logMark();
    const startedAt = Date.now();
    await viewer.start();
    await waitUntil(() => viewer.stats.nalTypes.has(5), 20_000, 'video');
    await home.hb.waitForLog(/Driveway: live view ended: the maximum live view duration \(30 s\) was reached/, (MAX_SECONDS + 15) * 1000, mark);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(MAX_SECONDS * 1000 - 500);
    // The viewer kept sending its reports all along: it was the limit, not silence.
    expect(home.hb.logs().slice(mark)).not.toMatch(/Driveway: live view ended: the Home app stopped sending/);
    await waitUntil(() => callsTo(driveway).every((entry) => entry.endedAt !== undefined), 10_000, 'the call to end');
    await waitUntil(() => ffmpegPidsInNamespace().length === 0, 10_000, 'every ffmpeg to be gone');
    await waitUntil(async () => (await viewer.streamingStatus()) === 0, 5_000, 'the camera to show its stream available again');
    await viewer.close();
  }, 90_000);

  test("stopping Homebridge tears down a running stream: Ring's call ends and no ffmpeg is left", async () => {
    const viewer = await home.viewer('Front Door');
    await viewer.setup();
    await viewer.start();
    await waitUntil(() => viewer.stats.nalTypes.has(5) && viewer.stats.audioPackets > 5, 20_000, 'video and audio');
    expect(ffmpegPidsInNamespace().length).toBeGreaterThanOrEqual(2);
    // The viewer stays connected: it is Homebridge's shutdown, not HomeKit, that must end the stream.
    await home.releaseControllers();
    await home.hb.stop();
    // Hung up by the plugin ('client-close'), not dropped when the process died ('socket-closed'); and
    // the audio ffmpeg was killed, not left to time out on its own input (10 s after packets stop).
    await waitUntil(() => callsTo(frontDoor).every((entry) => entry.endedAt !== undefined), 10_000, 'the call to end');
    expect(callsTo(frontDoor).at(-1)?.endedBy).toBe('client-close');
    await waitUntil(() => ffmpegPidsInNamespace().length === 0, 2_000, 'every ffmpeg to be gone');
    await viewer.close();
  }, 90_000);
});
