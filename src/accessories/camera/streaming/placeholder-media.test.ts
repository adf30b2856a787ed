import { existsSync } from 'node:fs';
import type { RtpPacket } from 'werift-rtp';
import { PlaceholderMedia, placeholderArgs } from './placeholder-media.js';
import type { StreamSelection } from './session-media.js';
import { placeholderImage } from '../../../privacy/placeholder.js';

const selection: StreamSelection = {
  video: { payloadType: 99, rtcpInterval: 0.5, width: 320, height: 180, mtu: 1378 },
  audio: { codec: 'OPUS', sampleRate: 16, channels: 1, maxBitrate: 24, packetTime: 20, payloadType: 110, rtcpInterval: 5 },
};
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

describe('privacy placeholder stream', () => {
  test('arguments: one still image looped at 2 fps into H.264 RTP that fits HomeKit\'s MTU after SRTP, ending by itself', () => {
    const args = placeholderArgs('/tmp/p.jpg', { ...selection, video: { ...selection.video, mtu: 1228 } }, 4000, 600);
    expect(args.slice(args.indexOf('-loop'), args.indexOf('-i') + 2)).toEqual(['-loop', '1', '-framerate', '2', '-t', '600', '-i', '/tmp/p.jpg']);
    expect(args).toContain('libx264');
    expect(args[args.indexOf('-payload_type') + 1]).toBe('99');
    expect(args.at(-1)).toBe('rtp://127.0.0.1:4000?rtcpport=4000&pkt_size=1218');
  });

  test('ffmpeg turns the placeholder into H.264 with SPS, PPS and IDR frames; stop leaves no process or file behind', async () => {
    const packets: RtpPacket[] = [];
    let answered = false;
    const ended: string[] = [];
    const media = new PlaceholderMedia({ label: 'Test', ffmpegPath: 'ffmpeg', log: quiet, image: (width, height) => placeholderImage({ width, height }), maxSeconds: 30 });
    media.start(selection, { video: (rtp) => packets.push(rtp), audio: () => undefined, answered: () => (answered = true), end: (reason) => ended.push(reason) });
    const deadline = Date.now() + 15_000;
    // STAP-A (24) carries SPS/PPS here; FU-A (28) start fragments name the NAL type they carry.
    const typeOf = (payload: Buffer) => {
      const type = payload[0]! & 0x1f;
      return type === 24 ? payload[3]! & 0x1f : type === 28 ? payload[1]! & 0x1f : type;
    };
    const nal = () => new Set(packets.map((rtp) => typeOf(rtp.payload)));
    while (!(nal().has(7) && nal().has(5)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(nal().has(5)).toBe(true);
    expect(answered).toBe(true);
    expect(packets.every((rtp) => rtp.header.payloadType === 99 && rtp.serializeSize <= 1368)).toBe(true);
    const internals = media as unknown as { ffmpeg?: { pid?: number }; folder?: string };
    const pid = internals.ffmpeg?.pid;
    const folder = internals.folder;
    expect(pid).toBeGreaterThan(0);
    await media.stop();
    expect(() => process.kill(pid!, 0)).toThrow();
    expect(existsSync(folder!)).toBe(false);
    expect(ended).toEqual([]);
  }, 30_000);
});
