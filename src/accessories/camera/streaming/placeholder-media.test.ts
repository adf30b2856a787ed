import { jest } from '@jest/globals';
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
  test("arguments: JPEG frames from stdin at 2 fps into H.264 RTP that fits HomeKit's MTU after SRTP", () => {
    const args = placeholderArgs({ ...selection, video: { ...selection.video, mtu: 1228 } }, 4000);
    expect(args.slice(args.indexOf('-f'), args.indexOf('-i') + 2)).toEqual(['-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', '2', '-i', 'pipe:0']);
    expect(args).toContain('libx264');
    expect(args[args.indexOf('-payload_type') + 1]).toBe('99');
    expect(args.at(-1)).toBe('rtp://127.0.0.1:4000?rtcpport=4000&pkt_size=1218');
  });

  test('ffmpeg turns the placeholder into H.264 with SPS, PPS and IDR frames; stop leaves no process or timer behind', async () => {
    const packets: RtpPacket[] = [];
    let answered = false;
    const ended: string[] = [];
    const media = new PlaceholderMedia({ label: 'Test', ffmpegPath: 'ffmpeg', log: quiet, image: (width, height) => placeholderImage({ width, height }) });
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
    const pid = (media as unknown as { ffmpeg?: { pid?: number } }).ffmpeg?.pid;
    expect(pid).toBeGreaterThan(0);
    // Its own frame timer, not a count of the process's timers: other timers come and go on a busy machine.
    const frames = (media as unknown as { frames?: NodeJS.Timeout }).frames;
    expect(frames?.hasRef()).toBe(true);
    const cleared = jest.spyOn(globalThis, 'clearInterval');
    try {
      await media.stop();
      expect(cleared).toHaveBeenCalledWith(frames);
    } finally {
      cleared.mockRestore();
    }
    expect(() => process.kill(pid!, 0)).toThrow();
    expect(ended).toEqual([]);
  }, 30_000);
});
