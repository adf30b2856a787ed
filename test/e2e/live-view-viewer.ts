/**
 * The Home app's side of a live view, for end-to-end tests: over a paired, persistent HAP
 * connection it writes SetupEndpoints and SelectedRTPStreamConfiguration as TLV8 (encoded with
 * HAP-NodeJS's own TLV helpers), receives the accessory's SRTP on local UDP ports, decrypts it with
 * werift's SRTP, and sends what iOS sends: SRTCP receiver reports every half second and, on
 * request, talk-back audio.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import hapController from 'hap-controller';
import type { PairingData } from 'hap-controller';
import { decode as tlvDecode, encode as tlvEncode } from 'hap-nodejs';
import { ProtectionProfileAes128CmHmacSha1_80, RtcpPacketConverter, RtcpRrPacket, RtcpSrPacket, RtpHeader, RtpPacket, SrtcpSession, SrtpSession } from 'werift-rtp';
import { findCharInService, findServices, type AccessoryDb, type HapService } from '../harness/accessory-db.js';
import type { HapEndpoint } from '../harness/index.js';
import { withTimeout } from '../harness/with-timeout.js';

const { HttpClient } = hapController;

/** hap-nodejs' SessionControlCommand. */
const START = 1;
const END = 0;
/** hap-nodejs' AudioCodecTypes and AudioSamplerate. */
const AUDIO_CODEC = { 'AAC-eld': 2, OPUS: 3 } as const;
const SAMPLE_RATE = { 8: 0, 16: 1, 24: 2 } as const;

export const VIDEO_PT = 99;
export const AUDIO_PT = 110;

function uint16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0);
  return buffer;
}

function float32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeFloatLE(value);
  return buffer;
}

function uuidBytes(): Buffer {
  return randomBytes(16);
}

function srtpConfig(local: Keys, remote: Keys) {
  return {
    keys: { localMasterKey: local.key, localMasterSalt: local.salt, remoteMasterKey: remote.key, remoteMasterSalt: remote.salt },
    profile: ProtectionProfileAes128CmHmacSha1_80,
  };
}

interface Keys {
  key: Buffer;
  salt: Buffer;
}

/** NAL unit types carried by one H.264 RTP payload (single NAL, STAP-A, start of FU-A). */
export function nalTypes(payload: Buffer): number[] {
  const type = payload[0]! & 0x1f;
  if (type === 24) {
    const types: number[] = [];
    for (let offset = 1; offset + 2 < payload.length;) {
      const size = payload.readUInt16BE(offset);
      types.push(payload[offset + 2]! & 0x1f);
      offset += 2 + size;
    }
    return types;
  }
  if (type === 28) return payload[1]! & 0x80 ? [payload[1]! & 0x1f] : [];
  return [type];
}

export interface MediaStats {
  videoPackets: number;
  audioPackets: number;
  /** SRTCP sender reports from the accessory that decrypted and parsed. */
  senderReports: number;
  /** Datagrams that did not decrypt: must stay 0. */
  undecryptable: number;
  nalTypes: Set<number>;
  /** The first SPS NAL unit seen (profile_idc, constraint flags, level_idc follow its header byte). */
  sps?: Buffer;
  firstVideoAt?: number;
  lastVideoAt?: number;
  audioPayloadTypes: Set<number>;
  videoSsrcs: Set<number>;
}

export interface StartOptions {
  audioCodec?: keyof typeof AUDIO_CODEC;
  sampleRate?: keyof typeof SAMPLE_RATE;
  width?: number;
  height?: number;
  fps?: number;
}

/** One stream management service of the camera (hap-nodejs publishes `cameraStreamCount` of them). */
export interface StreamService {
  setupEndpoints: { aid: number; iid: number };
  selectedConfiguration: { aid: number; iid: number };
  streamingStatus: { aid: number; iid: number };
}

export function streamServices(db: AccessoryDb): StreamService[] {
  return findServices(db, { aid: 1, serviceType: 'CameraRTPStreamManagement' }).map(({ service }: { service: HapService }) => {
    const ref = (type: string) => {
      const char = findCharInService(service, type);
      return { aid: char.aid, iid: char.iid };
    };
    return { setupEndpoints: ref('SetupEndpoints'), selectedConfiguration: ref('SelectedRTPStreamConfiguration'), streamingStatus: ref('StreamingStatus') };
  });
}

/** StreamingStatus TLV: 0 available, 1 in use, 2 unavailable. */
export function decodeStreamingStatus(base64: string): number {
  return tlvDecode(Buffer.from(base64, 'base64'))[1]![0]!;
}

export class LiveViewer {
  private readonly http: InstanceType<typeof HttpClient>;
  private readonly videoSocket = dgram.createSocket('udp4');
  private readonly audioSocket = dgram.createSocket('udp4');
  private readonly sessionId = uuidBytes();
  private readonly videoKeys: Keys = { key: randomBytes(16), salt: randomBytes(14) };
  private readonly audioKeys: Keys = { key: randomBytes(16), salt: randomBytes(14) };
  private readonly videoSsrc = randomBytes(4).readUInt32LE() >>> 1;
  private readonly audioSsrc = randomBytes(4).readUInt32LE() >>> 1;
  private accessory?: { address: string; videoPort: number; audioPort: number; videoKeys: Keys; audioKeys: Keys; videoSsrc: number; audioSsrc: number };
  private videoIn?: { srtp: SrtpSession; srtcp: SrtcpSession };
  private audioIn?: { srtp: SrtpSession; srtcp: SrtcpSession };
  private audioOut?: SrtpSession;
  private reportTimer?: NodeJS.Timeout;
  private talkSequence = 0;
  private closed = false;
  readonly stats: MediaStats = {
    videoPackets: 0,
    audioPackets: 0,
    senderReports: 0,
    undecryptable: 0,
    nalTypes: new Set(),
    audioPayloadTypes: new Set(),
    videoSsrcs: new Set(),
  };
  /** Called with every decrypted video packet (the benchmark times the first). */
  onVideo?: (rtp: RtpPacket) => void;
  /** The first decrypted video packets, in arrival order, for decoding (kept up to 3000). */
  readonly videoPackets: RtpPacket[] = [];

  constructor(
    endpoint: HapEndpoint,
    pairingData: PairingData,
    private readonly service: StreamService,
  ) {
    this.http = new HttpClient(endpoint.username ?? endpoint.name, '127.0.0.1', endpoint.port, pairingData, { usePersistentConnections: true });
    this.videoSocket.on('message', (datagram) => this.onDatagram('video', datagram));
    this.audioSocket.on('message', (datagram) => this.onDatagram('audio', datagram));
  }

  /** SetupEndpoints: our address, ports and keys; reads back the accessory's. Throws on a HAP error status. */
  async setup(): Promise<void> {
    await Promise.all([this.videoSocket, this.audioSocket].map((socket) => new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()))));
    const address = tlvEncode(1, 0, 2, '127.0.0.1', 3, uint16(this.videoSocket.address().port), 4, uint16(this.audioSocket.address().port));
    const srtp = (keys: Keys) => tlvEncode(1, 0, 2, keys.key, 3, keys.salt);
    const request = tlvEncode(1, this.sessionId, 3, address, 4, srtp(this.videoKeys), 5, srtp(this.audioKeys));
    await this.write(this.service.setupEndpoints, request);
    const response = tlvDecode(Buffer.from(await this.read(this.service.setupEndpoints), 'base64'));
    if (response[2]![0] !== 0) {
      throw new Error(`SetupEndpoints answered status ${response[2]![0]}`);
    }
    const accessoryAddress = tlvDecode(response[3]!);
    const keysOf = (tlv: Buffer): Keys => {
      const decoded = tlvDecode(tlv);
      return { key: decoded[2]!, salt: decoded[3]! };
    };
    this.accessory = {
      address: accessoryAddress[2]!.toString('utf8'),
      videoPort: accessoryAddress[3]!.readUInt16LE(),
      audioPort: accessoryAddress[4]!.readUInt16LE(),
      videoKeys: keysOf(response[4]!),
      audioKeys: keysOf(response[5]!),
      videoSsrc: response[6]!.readUInt32LE(),
      audioSsrc: response[7]!.readUInt32LE(),
    };
    this.videoIn = {
      srtp: new SrtpSession(srtpConfig(this.videoKeys, this.accessory.videoKeys)),
      srtcp: new SrtcpSession(srtpConfig(this.videoKeys, this.accessory.videoKeys)),
    };
    this.audioIn = {
      srtp: new SrtpSession(srtpConfig(this.audioKeys, this.accessory.audioKeys)),
      srtcp: new SrtcpSession(srtpConfig(this.audioKeys, this.accessory.audioKeys)),
    };
    this.audioOut = new SrtpSession(srtpConfig(this.audioKeys, this.accessory.audioKeys));
  }

  /** START with H.264 and the given audio codec; starts the receiver reports. */
  async start(options: StartOptions = {}): Promise<void> {
    const { audioCodec = 'OPUS', sampleRate = 16, width = 1280, height = 720, fps = 30 } = options;
    const video = tlvEncode(
      1,
      0,
      2,
      tlvEncode(1, 0, 2, 0, 3, 0),
      3,
      tlvEncode(1, uint16(width), 2, uint16(height), 3, fps),
      4,
      tlvEncode(1, VIDEO_PT, 2, uint32(this.videoSsrc), 3, uint16(299), 4, float32(0.5), 5, uint16(1378)),
    );
    const audio = tlvEncode(
      1,
      AUDIO_CODEC[audioCodec],
      2,
      tlvEncode(1, 1, 2, 0, 3, SAMPLE_RATE[sampleRate], 4, audioCodec === 'OPUS' ? 20 : 30),
      3,
      tlvEncode(1, AUDIO_PT, 2, uint32(this.audioSsrc), 3, uint16(24), 4, float32(5), 6, 13),
      4,
      0,
    );
    await this.write(this.service.selectedConfiguration, tlvEncode(1, tlvEncode(1, this.sessionId, 2, START), 2, video, 3, audio));
    this.startReports();
  }

  /** END_SESSION, as the Home app sends when the viewer closes the camera. */
  async stop(): Promise<void> {
    this.stopReports();
    await this.write(this.service.selectedConfiguration, tlvEncode(1, tlvEncode(1, this.sessionId, 2, END)));
  }

  /** Stops sending anything (receiver reports included) and stops reading: an app that was force-quit. */
  goSilent(): void {
    this.stopReports();
    this.videoSocket.removeAllListeners('message');
    this.audioSocket.removeAllListeners('message');
  }

  async streamingStatus(): Promise<number> {
    return decodeStreamingStatus(await this.read(this.service.streamingStatus));
  }

  /** Sends one talk-back RTP packet (Opus payload from ffmpeg, or any bytes) as SRTP to the accessory. */
  sendTalkback(payload: Buffer, timestamp: number): void {
    if (!this.accessory || !this.audioOut) throw new Error('setup() first');
    const header = new RtpHeader({ payloadType: AUDIO_PT, sequenceNumber: this.talkSequence++ & 0xffff, timestamp, ssrc: this.audioSsrc });
    this.audioSocket.send(this.audioOut.encrypt(payload, header), this.accessory.audioPort, this.accessory.address);
  }

  private startReports(): void {
    const send = () => {
      if (!this.accessory || !this.videoIn || !this.audioIn) return;
      const rr = (ssrc: number) => new RtcpRrPacket({ ssrc }).serialize();
      this.videoSocket.send(this.videoIn.srtcp.encrypt(rr(this.videoSsrc)), this.accessory.videoPort, this.accessory.address);
      this.audioSocket.send(this.audioIn.srtcp.encrypt(rr(this.audioSsrc)), this.accessory.audioPort, this.accessory.address);
    };
    send();
    this.reportTimer = setInterval(send, 500);
  }

  private stopReports(): void {
    clearInterval(this.reportTimer);
    this.reportTimer = undefined;
  }

  private onDatagram(kind: 'video' | 'audio', datagram: Buffer): void {
    const keys = kind === 'video' ? this.videoIn : this.audioIn;
    if (!keys) return;
    const rtcp = datagram.length >= 8 && datagram[1]! >= 200 && datagram[1]! <= 204;
    try {
      if (rtcp) {
        const packets = RtcpPacketConverter.deSerialize(keys.srtcp.decrypt(datagram));
        this.stats.senderReports += packets.filter((packet) => packet instanceof RtcpSrPacket).length;
        return;
      }
      const rtp = RtpPacket.deSerialize(keys.srtp.decrypt(datagram));
      if (kind === 'video') {
        this.stats.videoPackets++;
        this.stats.firstVideoAt ??= Date.now();
        this.stats.lastVideoAt = Date.now();
        this.stats.videoSsrcs.add(rtp.header.ssrc);
        for (const type of nalTypes(rtp.payload)) {
          this.stats.nalTypes.add(type);
          if (type === 7 && !this.stats.sps) this.stats.sps = spsOf(rtp.payload);
        }
        if (this.videoPackets.length < 3000) this.videoPackets.push(rtp);
        this.onVideo?.(rtp);
      } else {
        this.stats.audioPackets++;
        this.stats.audioPayloadTypes.add(rtp.header.payloadType);
      }
    } catch {
      this.stats.undecryptable++;
    }
  }

  private async write(ref: { aid: number; iid: number }, value: Buffer): Promise<void> {
    const body = (await withTimeout(
      this.http.setCharacteristics({ [`${ref.aid}.${ref.iid}`]: value.toString('base64') }),
      15_000,
      () => `HAP write ${ref.aid}.${ref.iid} took longer than 15 s`,
    )) as { characteristics?: Array<{ status?: unknown }> } | undefined;
    const status = Number(body?.characteristics?.[0]?.status ?? 0);
    if (status !== 0) {
      throw Object.assign(new Error(`HAP write ${ref.aid}.${ref.iid} failed with status ${status}`), { status });
    }
  }

  private async read(ref: { aid: number; iid: number }): Promise<string> {
    const body = await withTimeout(this.http.getCharacteristics([`${ref.aid}.${ref.iid}`]), 15_000, () => `HAP read ${ref.aid}.${ref.iid} took longer than 15 s`);
    const entry = body.characteristics[0] as { value?: unknown; status?: unknown } | undefined;
    if (entry?.status !== undefined && Number(entry.status) !== 0) {
      throw Object.assign(new Error(`HAP read ${ref.aid}.${ref.iid} failed with status ${Number(entry.status)}`), { status: Number(entry.status) });
    }
    return String((entry?.value as string | number | boolean | undefined) ?? '');
  }

  /** Closes the HAP connection (hap-nodejs then ends a stream this connection set up) and the sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopReports();
    await this.http.close().catch(() => undefined);
    for (const socket of [this.videoSocket, this.audioSocket]) {
      try {
        socket.close();
      } catch {
        // Never bound.
      }
    }
  }
}

/** The SPS NAL unit inside a single-NAL or STAP-A payload. */
function spsOf(payload: Buffer): Buffer | undefined {
  if ((payload[0]! & 0x1f) === 7) return payload;
  if ((payload[0]! & 0x1f) !== 24) return undefined;
  for (let offset = 1; offset + 2 < payload.length;) {
    const size = payload.readUInt16BE(offset);
    if ((payload[offset + 2]! & 0x1f) === 7) return payload.subarray(offset + 2, offset + 2 + size);
    offset += 2 + size;
  }
  return undefined;
}

/**
 * The H.264 elementary stream (Annex B) in RTP payloads (RFC 6184 packetization mode 1: single NAL
 * units, STAP-A, FU-A), for handing to a decoder.
 */
export function annexB(packets: RtpPacket[]): Buffer {
  const start = Buffer.from([0, 0, 0, 1]);
  const out: Buffer[] = [];
  let fragment: Buffer[] | undefined;
  // Arrival order: on loopback it is the sending order, and sorting would break at a sequence wrap.
  for (const { payload } of packets) {
    const type = payload[0]! & 0x1f;
    if (type === 24) {
      for (let offset = 1; offset + 2 < payload.length;) {
        const size = payload.readUInt16BE(offset);
        out.push(start, payload.subarray(offset + 2, offset + 2 + size));
        offset += 2 + size;
      }
    } else if (type === 28) {
      const header = payload[1]!;
      if (header & 0x80) fragment = [Buffer.from([(payload[0]! & 0xe0) | (header & 0x1f)])];
      fragment?.push(payload.subarray(2));
      if (header & 0x40 && fragment) {
        out.push(start, ...fragment);
        fragment = undefined;
      }
    } else {
      out.push(start, payload);
    }
  }
  return Buffer.concat(out);
}
