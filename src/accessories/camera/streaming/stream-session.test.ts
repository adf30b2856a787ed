import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { StreamSession, type StreamTarget } from './stream-session.js';
import type { MediaSink, SessionMedia, StreamSelection } from './session-media.js';

/** A source that delivers nothing: these tests are about what the session accepts from the network. */
class QuietMedia implements SessionMedia {
  readonly failure = undefined;
  readonly talkbacks: Buffer[] = [];
  onFailure(): void {}
  start(_selection: StreamSelection, _sink: MediaSink): void {}
  talkback(rtp: Buffer): void {
    this.talkbacks.push(rtp);
  }
  async stop(): Promise<void> {}
}

const selection: StreamSelection = {
  video: { payloadType: 99, rtcpInterval: 0.5, width: 640, height: 360, mtu: 1378 },
  audio: { codec: 'OPUS', sampleRate: 16, channels: 1, maxBitrate: 24, packetTime: 20, payloadType: 110, rtcpInterval: 5 } as StreamSelection['audio'],
};

/** An RTCP receiver report's first bytes: enough for the endpoint to count it as RTCP. */
const RTCP_RR = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 1]);

async function udpSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return socket;
}

function target(video: dgram.Socket, audio: dgram.Socket): StreamTarget {
  const keys = () => ({ key: randomBytes(16), salt: randomBytes(14) });
  return {
    address: '127.0.0.1',
    family: 'ipv4',
    localAddress: '::ffff:127.0.0.1',
    video: { port: video.address().port, keys: keys() },
    audio: { port: audio.address().port, keys: keys() },
  };
}

function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('a stream session listens only where HomeKit asked, and only to the controller', () => {
  const sockets: dgram.Socket[] = [];
  const sessions: StreamSession[] = [];
  const timers: NodeJS.Timeout[] = [];

  afterEach(async () => {
    timers.splice(0).forEach(clearInterval);
    await Promise.all(sessions.splice(0).map((session) => session.stop('test over', 'plugin')));
    sockets.splice(0).forEach((socket) => socket.close());
  });

  async function open(idleMs: number) {
    const [video, audio, stranger] = await Promise.all([udpSocket(), udpSocket(), udpSocket()]);
    sockets.push(video, audio, stranger);
    const ended: string[] = [];
    const media = new QuietMedia();
    const session = new StreamSession({
      id: 's',
      target: target(video, audio),
      media,
      limits: { maxMs: 60_000, idleMs, firstVideoMs: 60_000 },
      onEnd: (reason) => ended.push(reason),
    });
    sessions.push(session);
    const response = await session.response();
    return { video, audio, stranger, ended, media, session, response };
  }

  test('the sockets are bound to the address the HAP connection came in on, and HomeKit is told that address', async () => {
    const { response, session } = await open(60_000);
    expect(response.addressOverride).toBe('127.0.0.1');
    expect(session.boundAddresses).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  test('datagrams from another port do not keep the stream alive; it ends at the idle limit', async () => {
    const { stranger, ended, session, response } = await open(600);
    session.start(selection);
    const startedAt = Date.now();
    // A stranger on the same host, from its own port, sends what looks like the controller's reports.
    timers.push(
      setInterval(() => {
        stranger.send(RTCP_RR, response.video.port, '127.0.0.1');
        stranger.send(RTCP_RR, response.audio.port, '127.0.0.1');
      }, 50),
    );
    await waitFor(() => ended.length > 0, 5000, 'the session to end');
    expect(ended[0]).toMatch(/stopped sending/);
    // Not before the idle limit (timers may run a millisecond early by the wall clock); waitFor bounds it from above.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(550);
  });

  test("the controller's own reports keep it alive past the idle limit", async () => {
    const { video, audio, ended, session, response } = await open(600);
    session.start(selection);
    timers.push(
      setInterval(() => {
        video.send(RTCP_RR, response.video.port, '127.0.0.1');
        audio.send(RTCP_RR, response.audio.port, '127.0.0.1');
      }, 100),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ended).toEqual([]);
    expect(session.ended).toBe(false);
  });

  test("talk-back from anyone but the controller's audio port is dropped before decryption", async () => {
    const { video, stranger, media, session, response } = await open(60_000);
    session.start(selection);
    const rtp = Buffer.concat([Buffer.from([0x80, 110, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2]), randomBytes(40)]);
    stranger.send(rtp, response.audio.port, '127.0.0.1');
    // The controller's video port is not its audio port.
    video.send(rtp, response.audio.port, '127.0.0.1');
    await waitFor(() => session.droppedDatagrams >= 2, 2000, 'both datagrams to be dropped');
    expect(media.talkbacks).toEqual([]);
  });
});
