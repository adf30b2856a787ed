import { randomInt } from 'node:crypto';
import { HomeKitEndpoint } from './homekit-endpoint.js';
import { advertisedAddress, bindCandidates } from './stream-addresses.js';
import { expiredReason, rtcpIntervalMs, type SessionLimits } from './session-limits.js';
import type { SessionMedia, StreamSelection } from './session-media.js';
import { SrtpReceiver, SrtpSender, type SrtpKeys } from './srtp-stream.js';

export type { SessionLog, StreamSelection } from './session-media.js';

/** Where HomeKit wants the stream: from the SetupEndpoints write (hap-nodejs PrepareStreamRequest). */
export interface StreamTarget {
  /** The controller's address: the only sender whose datagrams count. */
  address: string;
  family: 'ipv4' | 'ipv6';
  /** The local address the HAP connection came in on (hap-nodejs' sourceAddress); the sockets bind there when they can. */
  localAddress?: string;
  video: { port: number; keys: SrtpKeys };
  audio: { port: number; keys: SrtpKeys };
}

/** Who ended a session: HomeKit (STOP, its connection closed), the plugin (limits, privacy, shutdown), or a failure of the media. */
export type EndInitiator = 'homekit' | 'plugin' | 'failure';

export interface StreamSessionOptions {
  id: string;
  target: StreamTarget;
  media: SessionMedia;
  limits: SessionLimits;
  /** Called once, after the media has let go of everything and the sockets are closed. */
  onEnd(reason: string, initiator: EndInitiator): void;
  clock?: () => number;
}

/** A prepared stream that never got its START is dropped after this long. */
const START_WAIT_MS = 30_000;
const WATCHDOG_TICK_MS = 250;
const VIDEO_CLOCK = 90_000;

function ssrc(): number {
  return randomInt(1, 2 ** 31);
}

/**
 * One Home app viewer: the media's RTP goes out to HomeKit as SRTP with only its header changed
 * (HomeKit's SSRC and payload type), HomeKit's talk-back comes back decrypted, RTCP sender reports
 * keep HomeKit's stream alive, and a watchdog ends the session when HomeKit goes silent, the media
 * sends no video, or the maximum duration is reached. `stop` undoes everything.
 */
export class StreamSession {
  readonly videoSsrc = ssrc();
  readonly audioSsrc = ssrc();
  private readonly clock: () => number;
  private readonly video: HomeKitEndpoint;
  private readonly audio: HomeKitEndpoint;
  private readonly talkback: SrtpReceiver;
  private readonly timers: NodeJS.Timeout[] = [];
  private startedAt?: number;
  private answeredAt?: number;
  private firstVideoAt?: number;
  private endedReason?: string;
  private bound: string[] = [];
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(private readonly options: StreamSessionOptions) {
    this.clock = options.clock ?? Date.now;
    const { target, media } = options;
    this.talkback = new SrtpReceiver(target.audio.keys);
    const bindAddresses = bindCandidates(target.localAddress, target.address, target.family);
    this.video = new HomeKitEndpoint(target.family, bindAddresses, { address: target.address, port: target.video.port }, undefined, this.clock);
    this.audio = new HomeKitEndpoint(
      target.family,
      bindAddresses,
      { address: target.address, port: target.audio.port },
      (datagram) => {
        const plain = this.talkback.unprotect(datagram);
        if (plain) {
          media.talkback(plain);
        }
      },
      this.clock,
    );
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.timers.push(setTimeout(() => this.end('the Home app never started the prepared stream', 'plugin'), START_WAIT_MS));
    media.onFailure((reason) => {
      if (this.startedAt === undefined) {
        this.end(reason, 'failure');
      }
    });
  }

  get id(): string {
    return this.options.id;
  }

  get ended(): boolean {
    return this.endedReason !== undefined;
  }

  /**
   * The SetupEndpoints answer: our ports and SSRCs, HomeKit's own keys for both directions, and the
   * address the sockets are bound to (hap-nodejs would otherwise name the interface's first
   * address, which need not be the one bound).
   */
  async response(): Promise<{
    addressOverride?: string;
    video: { port: number; ssrc: number; srtp_key: Buffer; srtp_salt: Buffer };
    audio: { port: number; ssrc: number; srtp_key: Buffer; srtp_salt: Buffer };
  }> {
    const { target } = this.options;
    const [video, audio] = await Promise.all([this.video.bound, this.audio.bound]);
    this.bound = [video.address, audio.address];
    const addressOverride = advertisedAddress(this.bound);
    return {
      ...(addressOverride === undefined ? {} : { addressOverride }),
      video: { port: video.port, ssrc: this.videoSsrc, srtp_key: target.video.keys.key, srtp_salt: target.video.keys.salt },
      audio: { port: audio.port, ssrc: this.audioSsrc, srtp_key: target.audio.keys.key, srtp_salt: target.audio.keys.salt },
    };
  }

  /** The addresses the video and audio sockets are bound to, once `response` has resolved. */
  get boundAddresses(): string[] {
    return [...this.bound];
  }

  /** Datagrams dropped because they came from someone other than the controller. */
  get droppedDatagrams(): number {
    return this.video.dropped + this.audio.dropped;
  }

  /** HomeKit's START: media flows as soon as the source delivers. A source that already failed throws. */
  start(selection: StreamSelection): void {
    const failure = this.endedReason ?? this.options.media.failure;
    if (failure !== undefined) {
      this.end(failure, 'failure');
      throw new Error(failure);
    }
    this.timers.splice(0).forEach(clearTimeout);
    this.startedAt = this.clock();
    this.video.lastHeardAt = this.startedAt;
    this.audio.lastHeardAt = this.startedAt;
    const videoSender = new SrtpSender(this.options.target.video.keys, this.videoSsrc, selection.video.payloadType, VIDEO_CLOCK);
    const audioSender = new SrtpSender(this.options.target.audio.keys, this.audioSsrc, selection.audio.payloadType, selection.audio.sampleRate * 1000);
    this.timers.push(
      setInterval(() => {
        this.video.send(videoSender.senderReport(this.clock()));
        this.audio.send(audioSender.senderReport(this.clock()));
      }, rtcpIntervalMs(selection.video.rtcpInterval)),
    );
    this.timers.push(setInterval(() => this.checkLimits(), WATCHDOG_TICK_MS));
    this.options.media.start(selection, {
      video: (rtp) => {
        if (this.endedReason === undefined) {
          this.firstVideoAt ??= this.clock();
          this.video.send(videoSender.protect(rtp, this.clock()));
        }
      },
      audio: (rtp) => {
        if (this.endedReason === undefined) {
          this.audio.send(audioSender.protect(rtp, this.clock()));
        }
      },
      answered: () => {
        this.answeredAt ??= this.clock();
      },
      end: (reason) => this.end(reason, 'failure'),
    });
  }

  private checkLimits(): void {
    if (this.startedAt === undefined) {
      return;
    }
    const reason = expiredReason(
      this.clock(),
      {
        startedAt: this.startedAt,
        lastHeardAt: Math.max(this.video.lastHeardAt, this.audio.lastHeardAt),
        answeredAt: this.answeredAt,
        firstVideoAt: this.firstVideoAt,
      },
      this.options.limits,
    );
    if (reason) {
      this.end(reason, 'plugin');
    }
  }

  /** Ends the session (idempotent); resolves once ffmpeg is gone and every socket is closed. */
  stop(reason: string, initiator: EndInitiator): Promise<void> {
    this.end(reason, initiator);
    return this.done;
  }

  private end(reason: string, initiator: EndInitiator): void {
    if (this.endedReason !== undefined) {
      return;
    }
    this.endedReason = reason;
    this.timers.splice(0).forEach((timer) => clearTimeout(timer));
    this.video.close();
    this.audio.close();
    void this.options.media
      .stop()
      .catch(() => undefined)
      .finally(() => {
        this.options.onEnd(reason, initiator);
        this.resolveDone();
      });
  }
}
