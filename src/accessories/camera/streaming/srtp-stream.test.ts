import { randomBytes } from 'node:crypto';
import { ProtectionProfileAes128CmHmacSha1_80, RtcpPacketConverter, RtcpSrPacket, RtpHeader, RtpPacket, SrtcpSession, SrtpSession } from 'werift-rtp';
import { isRtcp, ntpTimestamp, rtpTimestampAt } from './rtp-bytes.js';
import { SrtpReceiver, SrtpSender } from './srtp-stream.js';

const keys = { key: randomBytes(16), salt: randomBytes(14) };
/** The controller's side: decrypts with the accessory's keys (here the same ones, as hap-nodejs hands them back). */
const controller = () => {
  const config = {
    keys: { localMasterKey: keys.key, localMasterSalt: keys.salt, remoteMasterKey: keys.key, remoteMasterSalt: keys.salt },
    profile: ProtectionProfileAes128CmHmacSha1_80,
  };
  return { srtp: new SrtpSession(config), srtcp: new SrtcpSession(config) };
};

function ringPacket(sequenceNumber: number, timestamp: number): RtpPacket {
  const header = new RtpHeader({
    payloadType: 102,
    sequenceNumber,
    timestamp,
    ssrc: 0x1234,
    marker: true,
    extension: true,
    extensions: [{ id: 3, payload: Buffer.from([1, 2, 3]) }],
  });
  return new RtpPacket(header, Buffer.from([0x65, 0x88, 0x80, 0x10, 0x42]));
}

describe('SRTP towards HomeKit', () => {
  test("the payload arrives byte for byte; SSRC and payload type are HomeKit's; WebRTC header extensions are dropped; the source packet is untouched", () => {
    const sender = new SrtpSender(keys, 777, 99, 90_000);
    const source = ringPacket(65535, 9000);
    const datagram = sender.protect(source, 1000);
    expect(isRtcp(datagram)).toBe(false);
    const rtp = RtpPacket.deSerialize(controller().srtp.decrypt(datagram));
    expect(rtp.payload.equals(source.payload)).toBe(true);
    expect([rtp.header.ssrc, rtp.header.payloadType, rtp.header.sequenceNumber, rtp.header.timestamp, rtp.header.marker, rtp.header.extension]).toEqual([
      777,
      99,
      65535,
      9000,
      true,
      false,
    ]);
    expect([source.header.ssrc, source.header.payloadType, source.header.extension]).toEqual([0x1234, 102, true]);
  });

  test('sequence numbers that wrap keep decrypting (rollover counter)', () => {
    const sender = new SrtpSender(keys, 1, 99, 90_000);
    const receiver = controller().srtp;
    for (const sequence of [65534, 65535, 0, 1]) {
      expect(RtpPacket.deSerialize(receiver.decrypt(sender.protect(ringPacket(sequence, sequence * 3000)))).header.sequenceNumber).toBe(sequence);
    }
  });

  test('sender reports: none before the first packet, then SRTCP SRs with counts and a timestamp advanced by the clock', () => {
    const sender = new SrtpSender(keys, 5, 99, 90_000);
    expect(sender.senderReport(0)).toBeUndefined();
    sender.protect(ringPacket(1, 90_000), 10_000);
    sender.protect(ringPacket(2, 93_000), 10_033);
    const datagram = sender.senderReport(11_033)!;
    expect(isRtcp(datagram)).toBe(true);
    const [report] = RtcpPacketConverter.deSerialize(controller().srtcp.decrypt(datagram));
    expect(report).toBeInstanceOf(RtcpSrPacket);
    const sr = report as RtcpSrPacket;
    expect([sr.ssrc, sr.senderInfo.packetCount, sr.senderInfo.octetCount, sr.senderInfo.rtpTimestamp]).toEqual([5, 2, 10, 93_000 + 90_000]);
    expect(sr.senderInfo.ntpTimestamp).toBe(ntpTimestamp(11_033));
  });

  test("talk-back: HomeKit's SRTP back to plain RTP; a forged packet is dropped", () => {
    const plain = ringPacket(10, 20);
    const encrypted = controller().srtp.encrypt(plain.payload, plain.header);
    const receiver = new SrtpReceiver(keys);
    expect(RtpPacket.deSerialize(receiver.unprotect(encrypted)!).payload.equals(plain.payload)).toBe(true);
    const forged = Buffer.from(encrypted);
    forged[forged.length - 1]! ^= 0xff;
    expect(new SrtpReceiver(keys).unprotect(forged)).toBeUndefined();
  });
});

describe('RTP bytes', () => {
  test('NTP time of the Unix epoch and of a fraction of a second', () => {
    expect(ntpTimestamp(0) >> 32n).toBe(2_208_988_800n);
    expect(ntpTimestamp(500) & 0xffffffffn).toBe(0x80000000n);
  });

  test('RTP timestamps advance with the clock and wrap at 2^32', () => {
    expect(rtpTimestampAt(1000, 0, 1000, 90_000)).toBe(91_000);
    expect(rtpTimestampAt(0xffffffff, 0, 1, 90_000)).toBe(89);
    expect(rtpTimestampAt(5, 100, 50, 90_000)).toBe(5);
  });

  test('RTCP and RTP told apart on a muxed port', () => {
    expect(isRtcp(Buffer.from([0x80, 200, 0, 6, 0, 0, 0, 1]))).toBe(true);
    expect(isRtcp(Buffer.from([0x80, 99, 0, 6, 0, 0, 0, 1]))).toBe(false);
    expect(isRtcp(Buffer.from([0x80, 0xe3, 0, 6, 0, 0, 0, 1]))).toBe(false);
  });
});
