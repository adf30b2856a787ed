import type { Subscription } from 'rxjs';
import { RtpHeader, RtpPacket } from 'werift-rtp';
import type { LiveCall } from '../../../ring/live-call.js';
import { planAudio, RING_OPUS_PT, RING_PCMU_PT } from './audio-plan.js';
import type { LiveCallLease } from './live-call-share.js';
import { RtpTranscoder } from './rtp-transcoder.js';
import type { MediaSink, SessionLog, SessionMedia, StreamSelection } from './session-media.js';

export interface RingMediaOptions {
  label: string;
  lease: LiveCallLease;
  ffmpeg: { path: string; encoders: ReadonlySet<string> };
  log: SessionLog;
}

/**
 * Ring's live call as a stream's media: video RTP handed on as it comes (the session rewrites
 * only its header), audio through ffmpeg in both directions once Ring has answered with its codec.
 */
export class RingMedia implements SessionMedia {
  private readonly subscriptions: Subscription[] = [];
  private transcoders: RtpTranscoder[] = [];
  private talkbackTranscoder?: RtpTranscoder;
  private stopped = false;
  failure: string | undefined;
  private failureListener?: (reason: string) => void;

  constructor(private readonly options: RingMediaOptions) {
    // The lease opens Ring's call now, so it is on its way while HomeKit sends START.
    options.lease.call.catch((error: unknown) => {
      this.failure = `Ring's live call could not be opened: ${error instanceof Error ? error.message : String(error)}`;
      this.failureListener?.(this.failure);
    });
  }

  onFailure(listener: (reason: string) => void): void {
    this.failureListener = listener;
  }

  start(selection: StreamSelection, sink: MediaSink): void {
    this.options.lease.call.then(
      (call) => this.attach(call, selection, sink),
      () => sink.end(this.failure ?? 'the live call failed'),
    );
  }

  private attach(call: LiveCall, selection: StreamSelection, sink: MediaSink): void {
    if (this.stopped) {
      return;
    }
    // ended$ replays: a call that is already over ends the session here, with its reason.
    this.subscriptions.push(
      call.ended$.subscribe((reason) => sink.end(`the call ended: ${reason}`)),
      call.videoRtp$.subscribe((rtp) => sink.video(rtp)),
    );
    if (call.hasEnded) {
      return;
    }
    // A viewer joining a running call needs a key frame now, not at the camera's next one.
    call.requestKeyFrame();
    call.answered.then(
      ({ opus }) => {
        sink.answered();
        this.startAudio(call, opus, selection, sink);
      },
      (error: unknown) => sink.end(error instanceof Error ? error.message : String(error)),
    );
  }

  private startAudio(call: LiveCall, opus: boolean, selection: StreamSelection, sink: MediaSink): void {
    if (this.stopped) {
      return;
    }
    const { log, label, ffmpeg } = this.options;
    const plan = planAudio(selection.audio, opus, ffmpeg.encoders);
    if (plan.kind === 'none') {
      log.warn(`${label}: live view without sound: ${plan.reason}.`);
      return;
    }
    log.info(`${label}: live view started (video passed through, audio ${plan.description}).`);
    const debug = (direction: string) => (message: string) => log.debug(`${label}: ${direction} audio: ${message}`);
    const failure = (direction: string) => (message: string) => log.warn(`${label}: ${direction} audio stopped: ${message}`);
    const toHomeKit = new RtpTranscoder({
      plan: plan.toHomeKit,
      ffmpegPath: ffmpeg.path,
      onOutput: (packet) => sink.audio(RtpPacket.deSerialize(packet)),
      onFailure: failure('camera'),
      onDebug: debug('camera'),
    });
    this.talkbackTranscoder = new RtpTranscoder({
      plan: plan.fromHomeKit,
      ffmpegPath: ffmpeg.path,
      onOutput: (packet) => call.sendTalkback(RtpPacket.deSerialize(packet)),
      onFailure: failure('talk-back'),
      onDebug: debug('talk-back'),
    });
    this.transcoders = [toHomeKit, this.talkbackTranscoder];
    const ringPayloadType = opus ? RING_OPUS_PT : RING_PCMU_PT;
    this.subscriptions.push(
      call.audioRtp$.subscribe((rtp) => {
        const header = new RtpHeader({
          payloadType: ringPayloadType,
          sequenceNumber: rtp.header.sequenceNumber,
          timestamp: rtp.header.timestamp,
          ssrc: rtp.header.ssrc,
          marker: rtp.header.marker,
        });
        toHomeKit.push(new RtpPacket(header, rtp.payload).serialize());
      }),
    );
  }

  talkback(rtp: Buffer): void {
    this.talkbackTranscoder?.push(rtp);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    this.options.lease.release();
    await Promise.all(this.transcoders.splice(0).map((transcoder) => transcoder.stop()));
  }
}
