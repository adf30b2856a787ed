import type { PrepareStreamRequest, PrepareStreamResponse, StreamingRequest } from 'homebridge';
import type { SignalGate } from '../../../privacy/gate.js';
import type { Device } from '../../../privacy/types.js';
import type { LiveCall } from '../../../ring/live-call.js';
import { probeFfmpeg } from './ffmpeg-capabilities.js';
import { LiveCallShare } from './live-call-share.js';
import { SessionRegistry } from './session-registry.js';
import type { SessionLimits } from './session-limits.js';
import { PlaceholderMedia } from './placeholder-media.js';
import { RingMedia } from './ring-media.js';
import type { SessionMedia } from './session-media.js';
import { StreamGuard } from './stream-guard.js';
import { StreamSession, type EndInitiator, type SessionLog, type StreamSelection } from './stream-session.js';
import { LiveViewRefusal } from './live-view-refusal.js';

export { LiveViewRefusal } from './live-view-refusal.js';

/** The camera's side of Ring, as the live view needs it (the Ring adapter supplies it). */
export interface LiveViewSource {
  /** Why Ring will not stream this camera right now, or undefined. */
  refusal(): string | undefined;
  open(): Promise<LiveCall>;
}

export interface LiveViewOptions {
  device: Device;
  gate: SignalGate;
  log: SessionLog;
  source: LiveViewSource;
  ffmpegPath?: string;
  limits: SessionLimits;
  /** The privacy placeholder image a blocked camera's viewers see, at a size. */
  placeholder(width: number, height: number): Promise<Buffer>;
  /** Tells HomeKit a session is over that HomeKit did not end itself. */
  forceStop(sessionId: string): void;
}

/** hap-nodejs' START parameters, reduced to what a session uses. */
export function selectionOf(request: Extract<StreamingRequest, { type: 'start' }>): StreamSelection {
  const { video, audio } = request;
  return {
    video: { payloadType: video.pt, rtcpInterval: video.rtcp_interval, width: video.width, height: video.height, mtu: video.mtu },
    audio: {
      codec: audio.codec,
      sampleRate: audio.sample_rate,
      channels: audio.channel,
      maxBitrate: audio.max_bit_rate,
      packetTime: audio.packet_time,
      payloadType: audio.pt,
      rtcpInterval: audio.rtcp_interval,
    },
  };
}

/**
 * Live view for one camera: every start goes through the privacy gate first (a refused camera
 * never opens a Ring call), viewers share one Ring call, and a running stream is judged again at
 * every change the gate reports (policy, Ring mode, Privacy switch, schedule boundary, clock jump):
 * it ends at once when the camera may no longer stream.
 */
export class LiveView {
  private readonly sessions = new SessionRegistry();
  private readonly share: LiveCallShare;
  private readonly guard: StreamGuard;
  /** Sessions that show the placeholder; the privacy re-check leaves them alone. */
  private readonly placeholders = new Set<string>();
  private closed = false;

  constructor(private readonly options: LiveViewOptions) {
    this.share = new LiveCallShare(() => options.source.open());
    // Placeholder sessions show nothing of the camera, so only the others are ended.
    const live = (session: { id: string }) => !this.placeholders.has(session.id);
    this.guard = new StreamGuard(
      options.gate,
      options.device,
      () => this.sessions.some(live),
      () => {
        void this.sessions.stopAll('the privacy policy no longer allows it', 'plugin', live);
        this.share.stop('privacy');
      },
    );
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  async prepare(request: PrepareStreamRequest): Promise<PrepareStreamResponse> {
    const { device, gate, log, source } = this.options;
    if (this.closed) {
      throw new LiveViewRefusal('unavailable', 'the camera is being removed');
    }
    const ffmpegPath = this.options.ffmpegPath ?? 'ffmpeg';
    if (!gate.allowStream(device)) {
      // A private camera never reaches Ring: its viewers get the placeholder, or a refusal without ffmpeg.
      const ffmpeg = await probeFfmpeg(ffmpegPath);
      if (!ffmpeg.available || !ffmpeg.encoders.has('libx264')) {
        log.info(`${device.name}: live view refused by the privacy policy.`);
        throw new LiveViewRefusal('privacy', 'refused by the privacy policy');
      }
      log.info(`${device.name}: live view blocked by the privacy policy; the viewer sees the privacy placeholder.`);
      this.placeholders.add(request.sessionID);
      return this.open(
        request,
        new PlaceholderMedia({
          label: device.name,
          ffmpegPath: ffmpeg.path,
          log,
          image: this.options.placeholder,
        }),
      );
    }
    const refusal = source.refusal();
    if (refusal) {
      log.warn(`${device.name}: live view is not available: ${refusal}.`);
      throw new LiveViewRefusal('unavailable', refusal);
    }
    const ffmpeg = await probeFfmpeg(ffmpegPath);
    if (!ffmpeg.available) {
      log.error(
        `${device.name}: live view refused: ${ffmpeg.problem}. Live view needs ffmpeg for its sound: install it (Debian/Ubuntu: apt-get install ffmpeg) or set "ffmpegPath".`,
      );
      throw new LiveViewRefusal('failed', ffmpeg.problem);
    }
    return this.open(request, new RingMedia({ label: device.name, lease: this.share.acquire(), ffmpeg: { path: ffmpeg.path, encoders: ffmpeg.encoders }, log }));
  }

  private async open(request: PrepareStreamRequest, media: SessionMedia): Promise<PrepareStreamResponse> {
    const session = new StreamSession({
      id: request.sessionID,
      target: {
        address: request.targetAddress,
        family: request.addressVersion,
        localAddress: request.sourceAddress,
        video: { port: request.video.port, keys: { key: request.video.srtp_key, salt: request.video.srtp_salt } },
        audio: { port: request.audio.port, keys: { key: request.audio.srtp_key, salt: request.audio.srtp_salt } },
      },
      media,
      limits: this.options.limits,
      onEnd: (reason, initiator) => this.onSessionEnd(request.sessionID, reason, initiator),
    });
    this.sessions.add(session);
    try {
      return await session.response();
    } catch (error) {
      await session.stop('no UDP port for the stream', 'failure');
      throw new LiveViewRefusal('failed', (error as Error).message);
    }
  }

  /** START, STOP and RECONFIGURE from HomeKit. Throws a refusal when START comes for a session that already failed. */
  async handle(request: StreamingRequest): Promise<void> {
    const session = this.sessions.get(request.sessionID);
    if (request.type === 'stop') {
      await session?.stop('stopped in the Home app', 'homekit');
      return;
    }
    if (!session) {
      throw new LiveViewRefusal('failed', 'no prepared stream with that id');
    }
    if (request.type === 'start') {
      try {
        session.start(selectionOf(request));
      } catch (error) {
        throw new LiveViewRefusal('failed', (error as Error).message);
      }
    }
    // RECONFIGURE asks for another resolution or bitrate; Ring's video is passed through as it comes.
  }

  private onSessionEnd(sessionId: string, reason: string, initiator: EndInitiator): void {
    this.sessions.remove(sessionId);
    this.placeholders.delete(sessionId);
    const { log, device } = this.options;
    if (initiator === 'homekit') {
      log.debug(`${device.name}: live view ended (${reason}).`);
      return;
    }
    if (initiator === 'failure') {
      log.warn(`${device.name}: live view failed: ${reason}.`);
    } else {
      log.info(`${device.name}: live view ended: ${reason}.`);
    }
    this.options.forceStop(sessionId);
  }

  /** Ends every stream and Ring call of this camera; resolves once ffmpeg and sockets are gone. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.guard.dispose();
    const stopping = this.sessions.stopAll('Homebridge is shutting down or the camera was removed', 'plugin');
    this.share.stop('shutting down');
    await stopping;
  }
}
