import { ProtectionProfileAes128CmHmacSha1_80, RtcpSenderInfo, RtcpSrPacket, RtpHeader, SrtcpSession, SrtpSession, type RtpPacket } from 'werift-rtp';
import { ntpTimestamp, rtpTimestampAt } from './rtp-bytes.js';

/** One SRTP master key and salt (AES_CM_128_HMAC_SHA1_80: 16 + 14 bytes), as HomeKit hands them out. */
export interface SrtpKeys {
  key: Buffer;
  salt: Buffer;
}

function sessionConfig(keys: SrtpKeys) {
  return {
    keys: { localMasterKey: keys.key, localMasterSalt: keys.salt, remoteMasterKey: keys.key, remoteMasterSalt: keys.salt },
    profile: ProtectionProfileAes128CmHmacSha1_80,
  };
}

/**
 * The sending side of one HomeKit media stream: RTP from Ring or ffmpeg goes out with HomeKit's
 * SSRC and payload type, SRTP-protected, with no header extensions (WebRTC's transport-cc and
 * friends mean nothing to HomeKit). Counts what it sent for the RTCP sender reports HomeKit
 * expects as keep-alive.
 */
export class SrtpSender {
  private readonly srtp: SrtpSession;
  private readonly srtcp: SrtcpSession;
  private packets = 0;
  private octets = 0;
  private lastTimestamp?: number;
  private lastSentAt = 0;

  constructor(
    keys: SrtpKeys,
    readonly ssrc: number,
    readonly payloadType: number,
    private readonly clockRate: number,
  ) {
    this.srtp = new SrtpSession(sessionConfig(keys));
    this.srtcp = new SrtcpSession(sessionConfig(keys));
  }

  /** The SRTP datagram for one RTP packet; the packet itself is left untouched (it may be shared). */
  protect(rtp: RtpPacket, nowMs = Date.now()): Buffer {
    const header = new RtpHeader({
      payloadType: this.payloadType,
      sequenceNumber: rtp.header.sequenceNumber,
      timestamp: rtp.header.timestamp,
      ssrc: this.ssrc,
      marker: rtp.header.marker,
    });
    this.packets++;
    this.octets += rtp.payload.length;
    this.lastTimestamp = rtp.header.timestamp;
    this.lastSentAt = nowMs;
    return this.srtp.encrypt(rtp.payload, header);
  }

  get packetsSent(): number {
    return this.packets;
  }

  /** An SRTCP sender report for now, or undefined before the first packet (nothing to report yet). */
  senderReport(nowMs = Date.now()): Buffer | undefined {
    if (this.lastTimestamp === undefined) {
      return undefined;
    }
    const report = new RtcpSrPacket({
      ssrc: this.ssrc,
      senderInfo: new RtcpSenderInfo({
        ntpTimestamp: ntpTimestamp(nowMs),
        rtpTimestamp: rtpTimestampAt(this.lastTimestamp, this.lastSentAt, nowMs, this.clockRate),
        packetCount: this.packets >>> 0,
        octetCount: this.octets >>> 0,
      }),
    });
    return this.srtcp.encrypt(report.serialize());
  }
}

/** The receiving side: HomeKit's SRTP (talk-back audio) back to plain RTP. */
export class SrtpReceiver {
  private readonly srtp: SrtpSession;

  constructor(keys: SrtpKeys) {
    this.srtp = new SrtpSession(sessionConfig(keys));
  }

  /** Plain RTP, or undefined when the packet does not authenticate. */
  unprotect(datagram: Buffer): Buffer | undefined {
    try {
      return this.srtp.decrypt(datagram);
    } catch {
      return undefined;
    }
  }
}
