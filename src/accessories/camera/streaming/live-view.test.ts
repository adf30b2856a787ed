import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { PrepareStreamRequest, StreamingRequest } from 'homebridge';
import { ReplaySubject, Subject } from 'rxjs';
import { RtpHeader, RtpPacket, SrtpSession, ProtectionProfileAes128CmHmacSha1_80 } from 'werift-rtp';
import type { Device } from '../../../privacy/types.js';
import { ScriptedGate } from '../../../../test/support/scripted-gate.js';
import type { LiveCall } from '../../../ring/live-call.js';
import { LiveView, LiveViewRefusal } from './live-view.js';

const device: Device = { id: '1', name: 'Front Door', kind: 'doorbell', locationId: 'l' };
const keys = { key: randomBytes(16), salt: randomBytes(14) };

class FakeCall implements LiveCall {
  readonly video = new Subject<RtpPacket>();
  readonly audio = new Subject<RtpPacket>();
  private readonly endedSubject = new ReplaySubject<string>(1);
  readonly videoRtp$ = this.video.asObservable();
  readonly audioRtp$ = this.audio.asObservable();
  readonly ended$ = this.endedSubject.asObservable();
  readonly answered: Promise<{ opus: boolean }>;
  hasEnded = false;
  stops: string[] = [];
  keyFrames = 0;

  constructor(answer: Promise<{ opus: boolean }> = new Promise(() => undefined)) {
    this.answered = answer;
  }

  sendTalkback(): void {}

  requestKeyFrame(): void {
    this.keyFrames++;
  }

  stop(reason: string): void {
    this.stops.push(reason);
    if (!this.hasEnded) {
      this.hasEnded = true;
      this.endedSubject.next(reason);
    }
  }
}

function logger() {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } };
}

async function controllerSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return socket;
}

function prepareRequest(sessionID: string, video: dgram.Socket, audio: dgram.Socket): PrepareStreamRequest {
  const source = (socket: dgram.Socket) => ({ port: socket.address().port, srtpCryptoSuite: 0, srtp_key: keys.key, srtp_salt: keys.salt });
  return {
    sessionID,
    sourceAddress: '127.0.0.1',
    targetAddress: '127.0.0.1',
    addressVersion: 'ipv4',
    video: source(video),
    audio: source(audio),
  } as PrepareStreamRequest;
}

function startRequest(sessionID: string): StreamingRequest {
  return {
    sessionID,
    type: 'start',
    video: { codec: 0, profile: 0, level: 0, packetizationMode: 0, width: 640, height: 360, fps: 15, pt: 99, ssrc: 1, max_bit_rate: 300, rtcp_interval: 0.5, mtu: 1378 },
    audio: {
      codec: 'OPUS',
      channel: 1,
      bit_rate: 0,
      sample_rate: 16,
      packet_time: 20,
      pt: 110,
      ssrc: 2,
      max_bit_rate: 24,
      rtcp_interval: 5,
      comfort_pt: 13,
      comfortNoiseEnabled: false,
    },
  } as unknown as StreamingRequest;
}

function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return { Timeout: counts.Timeout ?? 0, UDPWrap: counts.UDPWrap ?? 0 };
}

function setup(options: { allow?: () => boolean; call?: FakeCall; refusal?: string } = {}) {
  const forced: string[] = [];
  const opened: FakeCall[] = [];
  const decisions: boolean[] = [];
  const gate = new ScriptedGate();
  gate.answer = () => {
    const allowed = options.allow ? options.allow() : true;
    decisions.push(allowed);
    return allowed;
  };
  const changes = gate.changes;
  const { lines, log } = logger();
  const view = new LiveView({
    device,
    gate,
    log,
    source: {
      refusal: () => options.refusal,
      open: async () => {
        const call = options.call ?? new FakeCall(Promise.resolve({ opus: true }));
        opened.push(call);
        return call;
      },
    },
    // No ffmpeg needed for these tests: a path that does not exist makes the probe fail fast where it is asked.
    ffmpegPath: process.env.TRYGR_TEST_FFMPEG ?? 'ffmpeg',
    limits: { maxMs: 60_000, idleMs: 60_000, firstVideoMs: 60_000 },
    placeholder: async () => Buffer.alloc(0),
    forceStop: (id) => forced.push(id),
  });
  return { view, changes, forced, opened, decisions, lines };
}

describe('live view', () => {
  test('a camera the gate blocks never opens a Ring call; the refusal is logged', async () => {
    const { view, opened, decisions, lines } = setup({ allow: () => false });
    const video = await controllerSocket();
    const audio = await controllerSocket();
    // Without libx264 there is no placeholder, so the refusal comes; with it, a placeholder session. Either way: no call.
    const outcome = await view.prepare(prepareRequest('a', video, audio)).then(
      () => 'placeholder',
      (error: unknown) => error,
    );
    if (outcome !== 'placeholder') {
      expect(outcome).toBeInstanceOf(LiveViewRefusal);
      expect((outcome as LiveViewRefusal).kind).toBe('privacy');
      expect(lines).toContain('info: Front Door: live view refused by the privacy policy.');
    }
    expect(opened).toEqual([]);
    expect(decisions).toEqual([false]);
    await view.shutdown();
    video.close();
    audio.close();
  });

  test('a camera Ring will not stream is refused before anything is opened', async () => {
    const { view, opened, lines } = setup({ refusal: 'the camera uses end-to-end encryption' });
    const video = await controllerSocket();
    const audio = await controllerSocket();
    await expect(view.prepare(prepareRequest('a', video, audio))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(opened).toEqual([]);
    expect(lines).toContain('warn: Front Door: live view is not available: the camera uses end-to-end encryption.');
    await view.shutdown();
    video.close();
    audio.close();
  });

  test("video goes out as SRTP; the Privacy switch ends the stream, Ring's call, and leaves no timer or socket", async () => {
    let allowed = true;
    const call = new FakeCall();
    const { view, changes, forced, opened, lines } = setup({ allow: () => allowed, call });
    const video = await controllerSocket();
    const audio = await controllerSocket();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = resources();

    const response = await view.prepare(prepareRequest('s1', video, audio));
    expect(opened).toHaveLength(1);
    await view.handle(startRequest('s1'));
    expect(view.activeSessions).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(call.keyFrames).toBe(1);

    const received = new Promise<Buffer>((resolve) => video.once('message', resolve));
    call.video.next(new RtpPacket(new RtpHeader({ payloadType: 102, sequenceNumber: 7, timestamp: 9, ssrc: 3 }), Buffer.from([0x65, 1, 2])));
    const config = {
      keys: { localMasterKey: keys.key, localMasterSalt: keys.salt, remoteMasterKey: keys.key, remoteMasterSalt: keys.salt },
      profile: ProtectionProfileAes128CmHmacSha1_80,
    };
    const rtp = RtpPacket.deSerialize(new SrtpSession(config).decrypt(await received));
    expect([rtp.header.payloadType, rtp.header.ssrc, [...rtp.payload]]).toEqual([99, (response.video as { ssrc: number }).ssrc, [0x65, 1, 2]]);

    changes.next();
    expect(view.activeSessions).toBe(1);
    allowed = false;
    changes.next();
    // The stop runs through the call and the sockets: wait for it, not for a fixed time.
    const deadline = Date.now() + 5_000;
    while ((call.stops.length === 0 || view.activeSessions > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(call.stops).toHaveLength(1);
    expect(view.activeSessions).toBe(0);
    expect(forced).toEqual(['s1']);
    expect(lines.some((line) => /live view ended: the privacy policy no longer allows it/.test(line))).toBe(true);
    // On a busy machine a timer can outlive the session count by a few turns: CI once read 3 timers
    // against 2 here (which one was not pinned down). Wait for the counts to come back, for up to
    // 5 s, then hold them to what was there before: a timer that stays is still a failure.
    const leaks = () => {
      const now = resources();
      return now.Timeout > before.Timeout || now.UDPWrap > before.UDPWrap;
    };
    const settled = Date.now() + 5_000;
    while (leaks() && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 10));
    const after = resources();
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout);
    expect(after.UDPWrap).toBeLessThanOrEqual(before.UDPWrap);
    await view.shutdown();
    video.close();
    audio.close();
  });

  test('a STOP from HomeKit ends the session without forcing HomeKit; the last viewer ends the shared call', async () => {
    const call = new FakeCall();
    const { view, forced, opened } = setup({ call });
    const sockets = await Promise.all([controllerSocket(), controllerSocket(), controllerSocket(), controllerSocket()]);
    await view.prepare(prepareRequest('a', sockets[0]!, sockets[1]!));
    await view.prepare(prepareRequest('b', sockets[2]!, sockets[3]!));
    expect(opened).toHaveLength(1);
    await view.handle(startRequest('a'));
    await view.handle(startRequest('b'));
    await view.handle({ sessionID: 'a', type: 'stop' } as StreamingRequest);
    expect(call.stops).toEqual([]);
    await view.handle({ sessionID: 'b', type: 'stop' } as StreamingRequest);
    await new Promise((resolve) => setImmediate(resolve));
    expect(call.stops).toEqual(['no viewer left']);
    expect(forced).toEqual([]);
    await view.shutdown();
    sockets.forEach((socket) => socket.close());
  });

  test('a call that fails before START makes START a refusal and ends the session', async () => {
    const { view, forced, lines } = setup();
    const failing = new LiveView({
      ...(view as unknown as { options: ConstructorParameters<typeof LiveView>[0] }).options,
      source: { refusal: () => undefined, open: () => Promise.reject(new Error('Ring refused the live view ticket (HTTP 500)')) },
    });
    const video = await controllerSocket();
    const audio = await controllerSocket();
    // The failure lands before SetupEndpoints is answered (refused there) or before START (refused then).
    const prepared = await failing.prepare(prepareRequest('x', video, audio)).then(
      () => true,
      (error: unknown) => {
        expect(error).toBeInstanceOf(LiveViewRefusal);
        return false;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (prepared) {
      await expect(failing.handle(startRequest('x'))).rejects.toBeInstanceOf(LiveViewRefusal);
    }
    expect(failing.activeSessions).toBe(0);
    expect(forced).toEqual(['x']);
    expect(lines).toContain("warn: Front Door: live view failed: Ring's live call could not be opened: Ring refused the live view ticket (HTTP 500).");
    await failing.shutdown();
    await view.shutdown();
    video.close();
    audio.close();
  });
});
