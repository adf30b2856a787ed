/**
 * The two audio transcodes of a live view, as ffmpeg arguments and SDP text (pure; the I/O is in
 * audio-transcoder.ts). ffmpeg only ever sees plain RTP on 127.0.0.1: Node decrypts HomeKit's SRTP
 * and encrypts what goes back, so keys never appear on a command line.
 *
 *   Ring (Opus 48 kHz stereo, or PCMU) → ffmpeg → HomeKit (Opus or AAC-ELD, 16/24 kHz mono)
 *   HomeKit talk-back (Opus or AAC-ELD) → ffmpeg → Ring (Opus 48 kHz stereo, or PCMU)
 */

/** HomeKit's selected audio parameters (hap-nodejs AudioInfo), reduced to what the transcodes need. */
export interface HomeKitAudio {
  /** hap-nodejs AudioStreamingCodecType: 'OPUS', 'AAC-eld', 'PCMU', ... */
  codec: string;
  /** kHz: 8, 16 or 24. */
  sampleRate: number;
  channels: number;
  /** kbit/s; 0 when HomeKit leaves it open. */
  maxBitrate: number;
  /** ms per RTP packet. */
  packetTime: number;
  payloadType: number;
}

export interface TranscodePlan {
  /** SDP describing the RTP ffmpeg reads on `inputPort` (and RTCP on `inputPort + 1`). */
  sdp(inputPort: number): string;
  /** ffmpeg arguments reading that SDP from stdin and sending RTP to 127.0.0.1:`outputPort`. */
  args(outputPort: number): string[];
}

export type AudioPlan = { kind: 'transcode'; toHomeKit: TranscodePlan; fromHomeKit: TranscodePlan; description: string } | { kind: 'none'; reason: string };

/** Payload types of what Node hands ffmpeg from Ring (it rewrites Ring's dynamic one). */
export const RING_OPUS_PT = 111;
export const RING_PCMU_PT = 0;

const AAC_ELD_CONFIG: Record<number, string> = { 16: 'F8F0212C00BC00', 24: 'F8EC212C00BC00' };

const INPUT = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-protocol_whitelist', 'pipe,udp,rtp', '-f', 'sdp', '-i', 'pipe:0'];

function sdp(port: number, payloadType: number, rtpmap: string, fmtp?: string): string {
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=Trygr',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP ${payloadType}`,
    `a=rtpmap:${payloadType} ${rtpmap}`,
    ...(fmtp ? [`a=fmtp:${payloadType} ${fmtp}`] : []),
    '',
  ].join('\n');
}

function rtpOutput(outputPort: number, payloadType: number): string[] {
  return ['-payload_type', String(payloadType), '-f', 'rtp', `rtp://127.0.0.1:${outputPort}?rtcpport=${outputPort}&pkt_size=1200`];
}

/** The ffmpeg encoder a HomeKit codec needs, or why it cannot be produced. */
function homeKitEncoder(audio: HomeKitAudio, encoders: ReadonlySet<string>): { args: string[]; decodeSdp: (port: number) => string } | string {
  const rate = audio.sampleRate * 1000;
  const bitrate = `${audio.maxBitrate > 0 ? audio.maxBitrate : 24}k`;
  if (audio.codec === 'OPUS') {
    if (!encoders.has('libopus')) {
      return 'this ffmpeg has no Opus encoder (libopus)';
    }
    return {
      args: [
        '-c:a',
        'libopus',
        '-application',
        'lowdelay',
        '-frame_duration',
        String(audio.packetTime),
        '-ar',
        String(rate),
        '-ac',
        String(audio.channels),
        '-b:a',
        bitrate,
      ],
      decodeSdp: (port) => sdp(port, audio.payloadType, `opus/${rate}/${audio.channels}`),
    };
  }
  if (audio.codec === 'AAC-eld') {
    const config = AAC_ELD_CONFIG[audio.sampleRate];
    if (!encoders.has('libfdk_aac')) {
      return 'HomeKit asked for AAC-ELD and this ffmpeg has no AAC-ELD encoder (libfdk_aac); an ffmpeg built with it (such as ffmpeg-for-homebridge) can be set as ffmpegPath';
    }
    if (!config) {
      return `AAC-ELD at ${audio.sampleRate} kHz is not supported`;
    }
    return {
      args: ['-c:a', 'libfdk_aac', '-profile:a', 'aac_eld', '-flags', '+global_header', '-ar', String(rate), '-ac', String(audio.channels), '-b:a', bitrate],
      decodeSdp: (port) =>
        sdp(
          port,
          audio.payloadType,
          `MPEG4-GENERIC/${rate}/${audio.channels}`,
          `profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=${config}`,
        ),
    };
  }
  return `HomeKit asked for ${audio.codec} audio, which live view does not offer`;
}

export function planAudio(audio: HomeKitAudio, ringOpus: boolean, encoders: ReadonlySet<string>): AudioPlan {
  const encoder = homeKitEncoder(audio, encoders);
  if (typeof encoder === 'string') {
    return { kind: 'none', reason: encoder };
  }
  if (ringOpus && !encoders.has('libopus')) {
    return { kind: 'none', reason: 'this ffmpeg has no Opus encoder (libopus) for the talk-back to Ring' };
  }
  const ring = ringOpus
    ? {
        pt: RING_OPUS_PT,
        rtpmap: 'opus/48000/2',
        encode: ['-c:a', 'libopus', '-application', 'lowdelay', '-frame_duration', '20', '-ar', '48000', '-ac', '2', '-b:a', '32k'],
      }
    : { pt: RING_PCMU_PT, rtpmap: 'PCMU/8000', encode: ['-c:a', 'pcm_mulaw', '-ar', '8000', '-ac', '1'] };
  return {
    kind: 'transcode',
    description: `Ring ${ringOpus ? 'Opus' : 'PCMU'} ⇄ HomeKit ${audio.codec} ${audio.sampleRate} kHz`,
    toHomeKit: {
      sdp: (port) => sdp(port, ring.pt, ring.rtpmap),
      args: (outputPort) => [...INPUT, '-vn', ...encoder.args, ...rtpOutput(outputPort, audio.payloadType)],
    },
    fromHomeKit: {
      sdp: (port) => encoder.decodeSdp(port),
      args: (outputPort) => [...INPUT, '-vn', ...ring.encode, ...rtpOutput(outputPort, ring.pt)],
    },
  };
}
