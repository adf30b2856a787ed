import type { RingCamera } from 'ring-client-api';
import type { StreamingSession } from 'ring-client-api/streaming/streaming-session';
import { Observable, ReplaySubject, type Subscription } from 'rxjs';
import type { RtpPacket } from 'werift-rtp';

/** Ring's live-view WebRTC call for one camera, as plain streams and calls (no ring-client-api types leak out). */
export interface LiveCall {
  /** H.264 RTP as Ring sends it (packetization mode 1). Shared by every subscriber: do not mutate packets. */
  readonly videoRtp$: Observable<RtpPacket>;
  /** Opus 48 kHz (or PCMU 8 kHz, see `answered`) RTP as Ring sends it. */
  readonly audioRtp$: Observable<RtpPacket>;
  /** Resolves once the camera answered, with its audio codec; rejects when the call ends, fails or times out first. */
  readonly answered: Promise<{ opus: boolean }>;
  /** Emits once, with the reason, when the call is over for any reason. */
  readonly ended$: Observable<string>;
  readonly hasEnded: boolean;
  /** Talk-back RTP in the codec Ring answered with; turns the camera's speaker on with the first packet. */
  sendTalkback(rtp: RtpPacket): void;
  requestKeyFrame(): void;
  stop(reason: string): void;
}

export interface LiveCallOptions {
  /** How long the signalling ticket may take before the start is given up. */
  ticketTimeoutMs: number;
  /** How long Ring may take to answer the offer before the call is given up. */
  answerTimeoutMs: number;
}

/** Why Ring will not give this camera a live view through the API, or undefined when it may. */
export function liveViewRefusal(data: { e2ee_enabled?: unknown; settings?: { live_view_disabled?: unknown } }, offline = false): string | undefined {
  if (offline) {
    return 'the camera is offline';
  }
  if (data.e2ee_enabled === true) {
    return 'the camera uses end-to-end encryption, which only the Ring app can view';
  }
  if (data.settings?.live_view_disabled === true) {
    return 'live view is turned off for this camera in the Ring app (Modes or camera settings)';
  }
  return undefined;
}

class RingLiveCall implements LiveCall {
  readonly videoRtp$: Observable<RtpPacket>;
  readonly audioRtp$: Observable<RtpPacket>;
  readonly answered: Promise<{ opus: boolean }>;
  private readonly ended = new ReplaySubject<string>(1);
  readonly ended$ = this.ended.asObservable();
  private endReason?: string;
  private answeredYet = false;
  private readonly subscriptions: Subscription[] = [];
  private answerTimer?: NodeJS.Timeout;

  constructor(
    private readonly session: StreamingSession,
    options: LiveCallOptions,
  ) {
    this.videoRtp$ = session.onVideoRtp.asObservable();
    this.audioRtp$ = session.onAudioRtp.asObservable();
    this.subscriptions.push(
      session.onCallEnded.subscribe(() => {
        this.finish(this.answeredYet ? 'Ring ended the call' : 'the signalling connection closed before the camera answered');
      }),
    );
    this.answered = new Promise<{ opus: boolean }>((resolve, reject) => {
      this.answerTimer = setTimeout(() => {
        const reason = `Ring did not answer the live view request within ${Math.round(options.answerTimeoutMs / 1000)} s`;
        reject(new Error(reason));
        this.stop(reason);
      }, options.answerTimeoutMs);
      this.subscriptions.push(this.ended$.subscribe((reason) => reject(new Error(reason))));
      session.isUsingOpus.then(
        (opus) => {
          this.answeredYet = true;
          resolve({ opus });
        },
        (error: unknown) => {
          const reason = `Ring refused the live view (${error instanceof Error ? error.message : String(error)})`;
          reject(new Error(reason));
          this.stop(reason);
        },
      );
    });
    // A rejection nobody awaited yet must not become an unhandled rejection.
    this.answered.catch(() => undefined).finally(() => clearTimeout(this.answerTimer));
  }

  get hasEnded(): boolean {
    return this.endReason !== undefined;
  }

  sendTalkback(rtp: RtpPacket): void {
    if (this.hasEnded) {
      return;
    }
    this.session.activateCameraSpeaker();
    this.session.sendAudioPacket(rtp);
  }

  requestKeyFrame(): void {
    if (!this.hasEnded) {
      this.session.requestKeyFrame();
    }
  }

  stop(reason: string): void {
    this.finish(reason);
    this.session.stop();
  }

  private finish(reason: string): void {
    if (this.endReason !== undefined) {
      return;
    }
    this.endReason = reason;
    clearTimeout(this.answerTimer);
    this.ended.next(reason);
    this.ended.complete();
    this.subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
  }
}

/**
 * Asks Ring for a live call (ticket, signalling socket, WebRTC offer); rejects when the ticket
 * request fails or takes too long (ring-client-api retries some failures without end). A call that
 * arrives after the deadline is ended at once.
 */
export function openLiveCall(camera: Pick<RingCamera, 'startLiveCall'>, options: LiveCallOptions): Promise<LiveCall> {
  const started = camera.startLiveCall();
  return new Promise<LiveCall>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error(`Ring did not hand out a live view ticket within ${Math.round(options.ticketTimeoutMs / 1000)} s`));
    }, options.ticketTimeoutMs);
    started.then(
      (session) => {
        clearTimeout(timer);
        if (late) {
          session.stop();
          return;
        }
        resolve(new RingLiveCall(session, options));
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(new Error(`Ring refused the live view ticket (${describeFailure(error)})`));
      },
    );
  });
}

function describeFailure(error: unknown): string {
  const status = (error as { response?: { status?: number } })?.response?.status;
  if (status) {
    return `HTTP ${status}`;
  }
  return error instanceof Error
    ? error.message
        .split('\n')[0]!
        .replace(/https?:\/\/\S+/g, '[url]')
        .slice(0, 120)
    : String(error);
}
