/** Small facts about RTP/RTCP datagrams, read from their first bytes. */

/** RTCP (SR, RR, SDES, BYE, APP: 200-204 in the second byte) as opposed to RTP, on a muxed port. */
export function isRtcp(packet: Buffer): boolean {
  return packet.length >= 8 && packet[1]! >= 200 && packet[1]! <= 204;
}

/** 64-bit NTP time (RFC 3550) for a Unix time in milliseconds. */
export function ntpTimestamp(unixMs: number): bigint {
  const NTP_EPOCH_OFFSET_S = 2_208_988_800n;
  const ms = BigInt(Math.floor(unixMs));
  const seconds = ms / 1000n + NTP_EPOCH_OFFSET_S;
  const fraction = ((ms % 1000n) << 32n) / 1000n;
  return (seconds << 32n) | fraction;
}

/**
 * The RTP timestamp "now" for a sender report: the last packet's timestamp advanced by the time
 * since it was sent, in the stream's clock (wrapping at 2^32).
 */
export function rtpTimestampAt(lastTimestamp: number, lastSentAtMs: number, nowMs: number, clockRate: number): number {
  const elapsed = Math.max(0, nowMs - lastSentAtMs);
  return (lastTimestamp + Math.round((elapsed * clockRate) / 1000)) >>> 0;
}
