/**
 * The emulator's live view under the real ring-client-api: ticket, signalling socket, offer/answer,
 * ICE over the namespace's test addresses, H.264 and Opus from the emulated camera, talk-back back
 * to it, and the call's end on both sides. Runs only inside test/netns/run-in-netns.sh.
 */
import { RtpPacket } from 'werift';
import type { RingCamera } from 'ring-client-api';
import type { StreamingSession } from 'ring-client-api/streaming/streaming-session';
import { assertIsolatedNetwork } from '../netns/isolated-network.js';
import { demoHome, startStunResponder, type StunResponder } from './index.js';
import { installRingRedirect } from '../redirect/install.js';
import { sleep, startCloudSession, stopCloudSession, type CloudSession } from './test-support.js';

const { frontDoor, driveway } = demoHome.cameras;

async function waitFor<T>(check: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** NAL unit types in one H.264 RTP payload (RFC 6184: single NAL, STAP-A 24, FU-A 28 start fragments). */
function nalTypes(payload: Uint8Array): number[] {
  const type = payload[0]! & 0x1f;
  if (type === 24) {
    const types: number[] = [];
    for (let offset = 1; offset + 2 < payload.length;) {
      const size = (payload[offset]! << 8) | payload[offset + 1]!;
      types.push(payload[offset + 2]! & 0x1f);
      offset += 2 + size;
    }
    return types;
  }
  if (type === 28) return payload[1]! & 0x80 ? [payload[1]! & 0x1f] : [];
  return [type];
}

describe('emulated live view under ring-client-api', () => {
  let session: CloudSession;
  let stun: StunResponder;
  let cameras: RingCamera[];

  beforeAll(async () => {
    assertIsolatedNetwork();
    stun = await startStunResponder();
    session = await startCloudSession();
    installRingRedirect(session.cloud.url, { stunAddress: stun.address });
    cameras = await session.api.getCameras();
  }, 30_000);

  afterAll(async () => {
    await stopCloudSession(session);
    await stun?.close();
  }, 30_000);

  const camera = (id: number): RingCamera => cameras.find((candidate) => candidate.id === id)!;

  test('a live call brings H.264 with SPS/PPS/IDR and Opus, carries talk-back, and ends on both sides', async () => {
    const call: StreamingSession = await camera(frontDoor).startLiveCall();
    const video: RtpPacket[] = [];
    const audio: RtpPacket[] = [];
    call.onVideoRtp.subscribe((rtp) => video.push(rtp));
    call.onAudioRtp.subscribe((rtp) => audio.push(rtp));
    expect(await call.isUsingOpus).toBe(true);

    const nals = new Set<number>();
    await waitFor(
      () => {
        video.forEach((rtp) => nalTypes(rtp.payload).forEach((type) => nals.add(type)));
        return nals.has(7) && nals.has(8) && nals.has(5) && audio.length > 10;
      },
      15_000,
      'SPS, PPS, an IDR slice and audio',
    );

    // Talk-back: an Opus packet as ring-client-api's transcodeReturnAudio would send it.
    call.activateCameraSpeaker();
    const template = audio[audio.length - 1]!;
    for (let i = 0; i < 5; i++) {
      call.sendAudioPacket(new RtpPacket(template.header, template.payload));
    }
    const record = await waitFor(
      () => {
        const current = session.cloud.liveCalls().at(-1);
        return current && current.talkback.packets >= 5 && current.speakerActivated ? current : undefined;
      },
      10_000,
      'talk-back at the emulated camera',
    );
    expect(record.cameraId).toBe(frontDoor);
    expect(record.endedAt).toBeUndefined();
    expect(record.mediaPid).toBeGreaterThan(0);

    call.stop();
    const ended = await waitFor(
      () => session.cloud.liveCalls().find((entry) => entry.id === record.id && entry.endedAt && entry.mediaPid === undefined),
      10_000,
      'the call to end at the emulator',
    );
    expect(ended.endedBy).toBe('client-close');
    // The emulator forgets the media process when it signals it; the process is gone a moment later.
    const mediaPid = record.mediaPid!;
    await waitFor(
      () => {
        try {
          process.kill(mediaPid, 0);
          return undefined;
        } catch {
          return true;
        }
      },
      10_000,
      "the emulated camera's media process to exit",
    );
  }, 60_000);

  test('a call Ring closes right away ends the session; a refused ticket fails the start', async () => {
    session.cloud.planNextLiveCall('close', driveway);
    const call = await camera(driveway).startLiveCall();
    await new Promise<void>((resolve) => call.onCallEnded.subscribe(() => resolve()));
    expect(session.cloud.liveCalls().at(-1)).toMatchObject({ cameraId: driveway, endedBy: 'refused' });

    session.cloud.failNext('clap/ticket/request/signalsocket', 1, { status: 500 });
    await expect(camera(driveway).startLiveCall()).rejects.toThrow();
  }, 30_000);
});
