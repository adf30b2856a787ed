import { planAudio, RING_OPUS_PT, RING_PCMU_PT, type HomeKitAudio } from './audio-plan.js';

const opus16: HomeKitAudio = { codec: 'OPUS', sampleRate: 16, channels: 1, maxBitrate: 24, packetTime: 20, payloadType: 110 };
const eld16: HomeKitAudio = { codec: 'AAC-eld', sampleRate: 16, channels: 1, maxBitrate: 24, packetTime: 30, payloadType: 110 };
const debian = new Set(['libopus', 'aac', 'libx264']);
const withFdk = new Set(['libopus', 'libfdk_aac']);

function arg(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index < 0 ? undefined : args[index + 1];
}

describe('audio plan', () => {
  test("Ring Opus to HomeKit Opus: encode at HomeKit's rate, packet time and payload type; talk-back back to Opus 48 kHz stereo", () => {
    const plan = planAudio(opus16, true, debian);
    if (plan.kind !== 'transcode') throw new Error(plan.reason);
    expect(plan.toHomeKit.sdp(40000)).toContain(`m=audio 40000 RTP/AVP ${RING_OPUS_PT}\na=rtpmap:${RING_OPUS_PT} opus/48000/2`);
    const out = plan.toHomeKit.args(50000);
    expect([arg(out, '-c:a'), arg(out, '-ar'), arg(out, '-ac'), arg(out, '-frame_duration'), arg(out, '-payload_type'), arg(out, '-b:a')]).toEqual([
      'libopus',
      '16000',
      '1',
      '20',
      '110',
      '24k',
    ]);
    expect(out.at(-1)).toBe('rtp://127.0.0.1:50000?rtcpport=50000&pkt_size=1200');
    expect(arg(out, '-i')).toBe('pipe:0');

    expect(plan.fromHomeKit.sdp(40002)).toContain('m=audio 40002 RTP/AVP 110\na=rtpmap:110 opus/16000/1');
    const back = plan.fromHomeKit.args(50002);
    expect([arg(back, '-c:a'), arg(back, '-ar'), arg(back, '-ac'), arg(back, '-payload_type')]).toEqual(['libopus', '48000', '2', String(RING_OPUS_PT)]);
  });

  test('Ring PCMU: decoded as PCMU 8 kHz, talk-back encoded as mu-law', () => {
    const plan = planAudio(opus16, false, debian);
    if (plan.kind !== 'transcode') throw new Error(plan.reason);
    expect(plan.toHomeKit.sdp(1)).toContain(`a=rtpmap:${RING_PCMU_PT} PCMU/8000`);
    expect(arg(plan.fromHomeKit.args(2), '-c:a')).toBe('pcm_mulaw');
  });

  test('AAC-ELD needs libfdk_aac: without it there is no sound, with it the ELD config matches the rate', () => {
    const none = planAudio(eld16, true, debian);
    expect(none).toMatchObject({ kind: 'none' });
    expect(none.kind === 'none' && none.reason).toMatch(/libfdk_aac.*ffmpegPath/);
    const plan = planAudio(eld16, true, withFdk);
    if (plan.kind !== 'transcode') throw new Error(plan.reason);
    expect(arg(plan.toHomeKit.args(1), '-profile:a')).toBe('aac_eld');
    expect(plan.fromHomeKit.sdp(1)).toContain('MPEG4-GENERIC/16000/1');
    expect(plan.fromHomeKit.sdp(1)).toContain('config=F8F0212C00BC00');
    const plan24 = planAudio({ ...eld16, sampleRate: 24 }, true, withFdk);
    expect(plan24.kind === 'transcode' && plan24.fromHomeKit.sdp(1)).toContain('config=F8EC212C00BC00');
    expect(planAudio({ ...eld16, sampleRate: 8 }, true, withFdk)).toMatchObject({ kind: 'none' });
  });

  test('codecs live view does not offer, or an ffmpeg without Opus, give no sound with a reason', () => {
    expect(planAudio({ ...opus16, codec: 'PCMA' }, true, debian)).toMatchObject({ kind: 'none', reason: expect.stringContaining('PCMA') });
    expect(planAudio(opus16, true, new Set(['aac']))).toMatchObject({ kind: 'none', reason: expect.stringContaining('libopus') });
  });

  test('a bitrate HomeKit leaves open falls back to 24 kbit/s', () => {
    const plan = planAudio({ ...opus16, maxBitrate: 0 }, true, debian);
    expect(plan.kind === 'transcode' && arg(plan.toHomeKit.args(1), '-b:a')).toBe('24k');
  });
});
