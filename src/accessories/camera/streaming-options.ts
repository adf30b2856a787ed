import type { CameraStreamingOptions, HAP } from 'homebridge';

/**
 * What Ring cameras send: H.264 up to 1080p, and Opus audio. Opus is offered first: every ffmpeg
 * can encode it, while AAC-ELD needs an ffmpeg built with libfdk_aac.
 */
export function streamingOptions(hap: HAP): CameraStreamingOptions {
  return {
    supportedCryptoSuites: [hap.SRTPCryptoSuites.AES_CM_128_HMAC_SHA1_80],
    video: {
      resolutions: [
        [1920, 1080, 30],
        [1280, 720, 30],
        [1024, 768, 30],
        [640, 480, 30],
        [640, 360, 30],
        [480, 360, 30],
        [480, 270, 30],
        [320, 240, 15],
        [320, 180, 15],
      ],
      codec: {
        profiles: [hap.H264Profile.BASELINE, hap.H264Profile.MAIN, hap.H264Profile.HIGH],
        levels: [hap.H264Level.LEVEL3_1, hap.H264Level.LEVEL3_2, hap.H264Level.LEVEL4_0],
      },
    },
    audio: {
      twoWayAudio: true,
      codecs: [
        { type: hap.AudioStreamingCodecType.OPUS, samplerate: hap.AudioStreamingSamplerate.KHZ_16 },
        { type: hap.AudioStreamingCodecType.AAC_ELD, samplerate: hap.AudioStreamingSamplerate.KHZ_16 },
      ],
    },
  };
}
