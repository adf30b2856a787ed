import { randomInt } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { RtpHeader, RtpPacket } from 'werift';
import type { LiveCall } from '../../../ring/live-call.js';
import { planAudio, RING_OPUS_PT, RING_PCMU_PT, type HomeKitAudio } from './audio-plan.js';
import { HomeKitEndpoint } from './homekit-endpoint.js';
import type { LiveCallLease } from './live-call-share.js';
import { RtpTranscoder } from './rtp-transcoder.js';
import { expiredReason, rtcpIntervalMs, type SessionLimits } from './session-limits.js';
import { SrtpReceiver, SrtpSender, type SrtpKeys } from './srtp-stream.js';

/** Where HomeKit wants the stream: from the SetupEndpoints write (hap-nodejs PrepareStreamRequest). */
export interface StreamTarget {
  address: string;
  family: 'ipv4' | 'ipv6';
  video: { port: number; keys: SrtpKeys };
  audio: { port: number; keys: SrtpKeys };
}

/** What HomeKit selected in the START command (from hap-nodejs VideoInfo and AudioInfo). */
export interface StreamSelection {
  video: { payloadType: number; rtcpInterval: number };
  audio: HomeKitAudio & { rtcpInterval: number };
}

export interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export type EndInitiator = 'homekit' | 'plugin';

export interface StreamSessionOptions {
  id: string;
  label: string;
  target: StreamTarget;
  lease: LiveCallLease;
  ffmpeg: { path: string; encoders: ReadonlySet<string> };
  limits: SessionLimits;
  log: SessionLog;
  /** Called once, after everything of the session is closed. */
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
 * One Home app viewer of one camera: Ring's H.264 RTP goes out to HomeKit as SRTP without being
 * touched beyond its header (new SSRC and payload type), audio goes through ffmpeg both ways, RTCP
 * sender reports keep HomeKit's stream alive, and a watchdog ends the session when HomeKit goes
 * silent, Ring sends nothing, or the maximum duration is reached. `stop` undoes everything.
 */
export class StreamSession {
  readonly videoSsrc = ssrc();
  readonly audioSsrc = ssrc();
  private readonly clock: () => number;
  private readonly video: HomeKitEndpoint;
  private readonly audio: HomeKitEndpoint;
  private readonly talkbackKeys: SrtpReceiver;
  private readonly subscriptions: Subscription[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private transcoders: RtpTranscoder[] = [];
  private talkback?: RtpTranscoder;
  private startedAt?: number;
  private answeredAt?: number;
  private firstVideoAt?: number;
  private endedReason?: string;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(private readonly options: StreamSessionOptions) {
    this.clock = options.clock ?? Date.now;
    const { target } = options;
    this.talkbackKeys = new SrtpReceiver(target.audio.keys);
    this.video = new HomeKitEndpoint(target.family, { address: target.address, port: target.video.port }, undefined, this.clock);
    this.audio = new HomeKitEndpoint(target.family, { address: target.address, port: target.audio.port },
      (datagram) => this.onTalkback(datagram), this.clock);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.timers.push(setTimeout(() => this.end('the Home app never started the prepared stream', 'plugin'), START_WAIT_MS));
    // The lease opens Ring's call now, so it is on its way while HomeKit sends START.
    options.lease.call.catch(() => undefined);
  }

  get id(): string {
    return this.options.id;
  }

  get ended(): boolean {
    return this.endedReason !== undefined;
  }

  /** The SetupEndpoints answer: our ports and SSRCs, HomeKit's own keys for both directions. */
  async response(): Promise<{ video: { port: number; ssrc: number; srtp_key: Buffer; srtp_salt: Buffer }; audio: { port: number; ssrc: number; srtp_key: Buffer; srtp_salt: Buffer } }> {
    const { target } = this.options;
    const [videoPort, audioPort] = await Promise.all([this.video.port, this.audio.port]);
    return {
      video: { port: videoPort, ssrc: this.videoSsrc, srtp_key: target.video.keys.key, srtp_salt: target.video.keys.salt },
      audio: { port: audioPort, ssrc: this.audioSsrc, srtp_key: target.audio.keys.key, srtp_salt: target.audio.keys.salt },
    };
  }

  /** HomeKit's START: media flows as soon as Ring's call is there; a call that already failed throws. */
  start(selection: StreamSelection): void {
    if (this.endedReason !== undefined) {
      throw new Error(this.endedReason);
    }
    this.timers.splice(0).forEach(clearTimeout);
    this.startedAt = this.clock();
    this.video.lastHeardAt = this.startedAt;
    this.audio.lastHeardAt = this.startedAt;
    const videoSender = new SrtpSender(this.options.target.video.keys, this.videoSsrc, selection.video.payloadType, VIDEO_CLOCK);
    const audioSender = new SrtpSender(this.options.target.audio.keys, this.audioSsrc, selection.audio.payloadType, selection.audio.sampleRate * 1000);
    this.timers.push(setInterval(() => {
      this.video.send(videoSender.senderReport(this.clock()));
      this.audio.send(audioSender.senderReport(this.clock()));
    }, rtcpIntervalMs(selection.video.rtcpInterval)));
    this.timers.push(setInterval(() => this.checkLimits(), WATCHDOG_TICK_MS));
    this.options.lease.call.then(
      (call) => this.attach(call, selection, videoSender, audioSender),
      (error: unknown) => this.end(`Ring's live call could not be opened: ${error instanceof Error ? error.message : String(error)}`, 'plugin'),
    );
  }

  private attach(call: LiveCall, selection: StreamSelection, videoSender: SrtpSender, audioSender: SrtpSender): void {
    if (this.endedReason !== undefined) {
      return;
    }
    if (call.hasEnded) {
      this.end('Ring ended the call before it started', 'plugin');
      return;
    }
    this.subscriptions.push(
      call.videoRtp$.subscribe((rtp) => {
        this.firstVideoAt ??= this.clock();
        this.video.send(videoSender.protect(rtp, this.clock()));
      }),
      call.ended$.subscribe((reason) => this.end(`the call ended (${reason})`, 'plugin')),
    );
    // A viewer joining a running call needs a key frame now, not at the camera's next one.
    call.requestKeyFrame();
    call.answered.then(({ opus }) => {
      this.answeredAt ??= this.clock();
      this.startAudio(call, opus, selection, audioSender);
    }, (error: unknown) => this.end(error instanceof Error ? error.message : String(error), 'plugin'));
  }

  private startAudio(call: LiveCall, opus: boolean, selection: StreamSelection, audioSender: SrtpSender): void {
    if (this.endedReason !== undefined) {
      return;
    }
    const plan = planAudio(selection.audio, opus, this.options.ffmpeg.encoders);
    if (plan.kind === 'none') {
      this.options.log.warn(`${this.options.label}: live view without sound: ${plan.reason}.`);
      return;
    }
    this.options.log.info(`${this.options.label}: live view started (video passed through, audio ${plan.description}).`);
    const { log, label, ffmpeg } = this.options;
    const debug = (direction: string) => (message: string) => log.debug(`${label}: ${direction} audio: ${message}`);
    const failure = (direction: string) => (message: string) => log.warn(`${label}: ${direction} audio stopped: ${message}`);
    const toHomeKit = new RtpTranscoder({
      plan: plan.toHomeKit,
      ffmpegPath: ffmpeg.path,
      onOutput: (packet) => this.audio.send(audioSender.protect(RtpPacket.deSerialize(packet), this.clock())),
      onFailure: failure('camera'),
      onDebug: debug('camera'),
    });
    this.talkback = new RtpTranscoder({
      plan: plan.fromHomeKit,
      ffmpegPath: ffmpeg.path,
      onOutput: (packet) => call.sendTalkback(RtpPacket.deSerialize(packet)),
      onFailure: failure('talk-back'),
      onDebug: debug('talk-back'),
    });
    this.transcoders = [toHomeKit, this.talkback];
    const ringPayloadType = opus ? RING_OPUS_PT : RING_PCMU_PT;
    this.subscriptions.push(call.audioRtp$.subscribe((rtp) => {
      const header = new RtpHeader({
        payloadType: ringPayloadType, sequenceNumber: rtp.header.sequenceNumber, timestamp: rtp.header.timestamp,
        ssrc: rtp.header.ssrc, marker: rtp.header.marker,
      });
      toHomeKit.push(new RtpPacket(header, rtp.payload).serialize());
    }));
  }

  private onTalkback(datagram: Buffer): void {
    const plain = this.talkbackKeys.unprotect(datagram);
    if (plain) {
      this.talkback?.push(plain);
    }
  }

  private checkLimits(): void {
    if (this.startedAt === undefined) {
      return;
    }
    const reason = expiredReason(this.clock(), {
      startedAt: this.startedAt,
      lastHeardAt: Math.max(this.video.lastHeardAt, this.audio.lastHeardAt),
      answeredAt: this.answeredAt,
      firstVideoAt: this.firstVideoAt,
    }, this.options.limits);
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
    this.subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    this.video.close();
    this.audio.close();
    this.options.lease.release();
    const transcoders = this.transcoders.splice(0);
    void Promise.all(transcoders.map((transcoder) => transcoder.stop())).finally(() => {
      this.options.onEnd(reason, initiator);
      this.resolveDone();
    });
  }
}
