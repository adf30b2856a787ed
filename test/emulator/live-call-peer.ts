/**
 * The camera's side of a live call: a werift peer that answers ring-client-api's offer (audio
 * sendrecv, video sendonly, bundling off as the library asks), sends the media source once ICE is
 * connected, and counts the talk-back audio the client sends. Codecs follow what Ring's cameras
 * answer with: Opus 48 kHz stereo and H.264 packetization mode 1.
 */
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, type RTCIceCandidate } from 'werift';
import { MediaSource, type MediaSourceOptions } from './live-media-source.js';

export interface PeerOptions {
  /** `host:port` of the STUN responder; the peer asks it for its reflexive address like a real camera. */
  stunServer: string;
  media: Pick<MediaSourceOptions, 'width' | 'height' | 'fps' | 'videoKbps' | 'pattern' | 'ffmpegPath'>;
  onMediaExit?(code: number | null, stderr: string): void;
  onConnectionState?(state: string): void;
}

export interface TalkbackStats {
  packets: number;
  bytes: number;
  payloadTypes: number[];
}

export class LiveCallPeer {
  private readonly pc: RTCPeerConnection;
  private readonly video = new MediaStreamTrack({ kind: 'video' });
  private readonly audio = new MediaStreamTrack({ kind: 'audio' });
  private media?: MediaSource;
  private closed = false;
  readonly talkback: TalkbackStats = { packets: 0, bytes: 0, payloadTypes: [] };
  videoPacketsSent = 0;
  audioPacketsSent = 0;

  constructor(private readonly options: PeerOptions) {
    this.pc = new RTCPeerConnection({
      codecs: {
        audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
        video: [
          new RTCRtpCodecParameters({
            mimeType: 'video/H264',
            clockRate: 90000,
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
            parameters: 'packetization-mode=1;profile-level-id=42e01f;level-asymmetry-allowed=1',
          }),
        ],
      },
      iceServers: [{ urls: `stun:${options.stunServer}` }],
      bundlePolicy: 'disable',
    });
    this.pc.onTransceiverAdded.subscribe((transceiver) => {
      if (transceiver.kind === 'video') {
        void transceiver.sender.replaceTrack(this.video);
      } else {
        void transceiver.sender.replaceTrack(this.audio);
        transceiver.onTrack.subscribe((track) =>
          track.onReceiveRtp.subscribe((rtp) => {
            this.talkback.packets++;
            this.talkback.bytes += rtp.payload.length;
            if (!this.talkback.payloadTypes.includes(rtp.header.payloadType)) this.talkback.payloadTypes.push(rtp.header.payloadType);
          }),
        );
      }
    });
    this.pc.connectionStateChange.subscribe((state) => {
      this.options.onConnectionState?.(state);
      if (state === 'connected') void this.startMedia();
    });
  }

  /** Answers the client's offer; the answer carries this peer's candidates (gathering completes first). */
  async answer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.pc.localDescription!.sdp;
  }

  async addIceCandidate(candidate: string, sdpMLineIndex: number): Promise<void> {
    if (this.closed || !candidate) return;
    await this.pc.addIceCandidate({ candidate, sdpMLineIndex } as RTCIceCandidate);
  }

  get mediaPid(): number | undefined {
    return this.media?.pid;
  }

  private async startMedia(): Promise<void> {
    if (this.media || this.closed) return;
    this.media = new MediaSource({
      ...this.options.media,
      onVideo: (packet) => {
        this.videoPacketsSent++;
        this.video.writeRtp(packet);
      },
      onAudio: (packet) => {
        this.audioPacketsSent++;
        this.audio.writeRtp(packet);
      },
      onExit: this.options.onMediaExit,
    });
    await this.media.start();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.media?.stop();
    await this.pc.close();
  }
}
