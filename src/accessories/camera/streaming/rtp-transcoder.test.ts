import { planAudio } from './audio-plan.js';
import { RtpTranscoder } from './rtp-transcoder.js';

const plan = planAudio({ codec: 'OPUS', sampleRate: 16, channels: 1, maxBitrate: 24, packetTime: 20, payloadType: 110 }, true, new Set(['libopus']));

describe('RTP transcoder', () => {
  test('an ffmpeg that cannot start is retried with the next packets, then given up with the reason', async () => {
    if (plan.kind !== 'transcode') throw new Error('plan');
    const failures: string[] = [];
    const debug: string[] = [];
    const transcoder = new RtpTranscoder({
      plan: plan.toHomeKit,
      ffmpegPath: '/nonexistent/trygr-ffmpeg',
      onOutput: () => undefined,
      onFailure: (message) => failures.push(message),
      onDebug: (message) => debug.push(message),
    });
    const packet = Buffer.alloc(20, 0x80);
    const deadline = Date.now() + 10_000;
    while (failures.length === 0 && Date.now() < deadline) {
      transcoder.push(packet);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/ENOENT/);
    expect(debug.filter((line) => /starts again with the next packet/.test(line))).toHaveLength(2);
    transcoder.push(packet);
    expect(transcoder.pid).toBeUndefined();
    await transcoder.stop();
    await transcoder.stop();
  });
});
