/**
 * Ring's live-view signalling, as ring-client-api 14.3.0 speaks it (streaming/webrtc-connection.js):
 *
 *   POST app API clap/ticket/request/signalsocket        → {ticket}
 *   wss://api.prod.signalling.ring.devices.a2z.com/ws?api_version=4.0&auth_type=ring_solutions&client_id=…&token=<ticket>
 *   client → {method:"live_view", dialog_id, body:{doorbot_id, stream_options, sdp}}   (the offer)
 *   server → {method:"session_created", body:{doorbot_id, session_id}}
 *   server → {method:"sdp", body:{doorbot_id, session_id, sdp, type:"answer"}}
 *   server → {method:"notification", body:{doorbot_id, session_id, text:"camera_connected"}}
 *   client → {method:"ice", body:{doorbot_id, ice, mlineindex}} (trickled; the SDPs carry them too)
 *   client → activate_session, stream_options, camera_options {stealth_mode:false}, ping every 5 s
 *   server → pong
 *   either → {method:"close", ...}; the client also closes the socket.
 *
 * Every call is recorded (start, answer, connection, end, packets each way) so tests can assert
 * that a private camera never opened one, or that a stopped stream really ended Ring's side.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameText } from '../support/ws-text.js';
import { LiveCallPeer, type PeerOptions, type TalkbackStats } from './live-call-peer.js';
import { defaultMediaOptions } from './live-media-source.js';

const ticketLifetimeMs = 60_000;

/**
 * How the emulated camera treats the next call: `answer` (normal), `no-answer` (the offer is
 * never answered), `close` (Ring ends the call right after the offer, as when the camera is busy).
 */
export type LiveCallBehavior = 'answer' | 'no-answer' | 'close';

export interface LiveCallRecord {
  id: number;
  cameraId: number;
  sessionId: string;
  behavior: LiveCallBehavior;
  startedAt: number;
  answeredAt?: number;
  connectedAt?: number;
  endedAt?: number;
  endedBy?: 'client-close' | 'socket-closed' | 'emulator' | 'refused';
  /** RTP packets written into the tracks so far. */
  videoPacketsSent: number;
  audioPacketsSent: number;
  talkback: TalkbackStats;
  /** The client asked for the camera's speaker (camera_options stealth_mode false). */
  speakerActivated: boolean;
  /** pid of the call's ffmpeg while it runs. */
  mediaPid?: number;
  /** A problem on the emulator's side (ffmpeg died, the answer failed), for test failure messages. */
  problem?: string;
}

export interface LiveViewOptions {
  /** `host:port` of the STUN responder the emulated camera asks (default 127.0.0.1:19302). */
  stunServer?: string;
  media?: Partial<PeerOptions['media']>;
}

export interface SignallingHooks {
  /** Why Ring would refuse a live view of this camera (unknown, end-to-end encrypted, disabled), or undefined. */
  refusal(cameraId: number): string | undefined;
  log(message: string): void;
}

interface SignallingMessage {
  method?: string;
  dialog_id?: string;
  body?: { doorbot_id?: number; session_id?: string; sdp?: string; ice?: string; mlineindex?: number; stealth_mode?: boolean };
}

class LiveCall {
  readonly record: LiveCallRecord;
  peer?: LiveCallPeer;
  /** Peer operations run in order: trickled candidates must not overtake the offer. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    id: number,
    cameraId: number,
    behavior: LiveCallBehavior,
    readonly socket: WebSocket,
    readonly dialogId: string,
  ) {
    this.record = {
      id,
      cameraId,
      behavior,
      sessionId: randomUUID(),
      startedAt: Date.now(),
      videoPacketsSent: 0,
      audioPacketsSent: 0,
      talkback: { packets: 0, bytes: 0, payloadTypes: [] },
      speakerActivated: false,
    };
  }

  then(work: () => Promise<unknown>): void {
    this.queue = this.queue.then(work).catch((error: Error) => {
      this.record.problem ??= error.message;
    });
  }

  get ended(): boolean {
    return this.record.endedAt !== undefined;
  }

  /** The record with the peer's live counters folded in. */
  snapshot(): LiveCallRecord {
    const peer = this.peer;
    if (peer) {
      this.record.videoPacketsSent = peer.videoPacketsSent;
      this.record.audioPacketsSent = peer.audioPacketsSent;
      this.record.talkback = { ...peer.talkback, payloadTypes: [...peer.talkback.payloadTypes] };
      this.record.mediaPid = this.ended ? undefined : peer.mediaPid;
    }
    return { ...this.record, talkback: { ...this.record.talkback } };
  }
}

export class LiveSignalling {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly calls: LiveCall[] = [];
  private readonly behaviors: Array<{ cameraId?: number; behavior: LiveCallBehavior }> = [];
  private readonly options: Required<Pick<LiveViewOptions, 'stunServer'>> & { media: PeerOptions['media'] };

  constructor(
    private readonly hooks: SignallingHooks,
    options: LiveViewOptions = {},
  ) {
    this.options = {
      stunServer: options.stunServer ?? '127.0.0.1:19302',
      media: { ...defaultMediaOptions, ...options.media },
    };
  }

  issueTicket(): string {
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, Date.now() + ticketLifetimeMs);
    return ticket;
  }

  /** The next call (to that camera, or to any) behaves so; queued in order. */
  planNextCall(behavior: LiveCallBehavior, cameraId?: number): void {
    this.behaviors.push({ cameraId, behavior });
  }

  /** True for a `/ws` upgrade meant for signalling (it carries `token`, the location socket `authcode`). */
  static isSignallingUpgrade(query: URLSearchParams): boolean {
    return query.has('token') && !query.has('authcode');
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): void {
    const ticket = query.get('token') ?? '';
    const expiresAt = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (expiresAt === undefined || expiresAt < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  records(): LiveCallRecord[] {
    return this.calls.map((call) => call.snapshot());
  }

  /** Ends every call to the camera from Ring's side (as when the camera drops it). */
  endCalls(cameraId: number): void {
    for (const call of this.calls) {
      if (call.record.cameraId === cameraId && !call.ended) this.end(call, 'emulator', true);
    }
  }

  async close(): Promise<void> {
    const open = this.calls.filter((call) => !call.ended);
    open.forEach((call) => this.end(call, 'emulator', true));
    await Promise.all(this.calls.flatMap((call) => (call.peer ? [call.peer.close()] : [])));
    this.server.close();
  }

  private accept(socket: WebSocket): void {
    let call: LiveCall | undefined;
    socket.on('message', (raw) => {
      let message: SignallingMessage;
      try {
        message = JSON.parse(frameText(raw)) as SignallingMessage;
      } catch {
        this.hooks.log('signalling: unparsable frame ignored');
        return;
      }
      if (message.method === 'live_view' && !call) {
        call = this.startCall(socket, message);
      } else if (call) {
        this.onCallMessage(call, message);
      }
    });
    const closed = (): void => {
      if (call && !call.ended) this.end(call, 'socket-closed', false);
    };
    socket.on('close', closed);
    socket.on('error', closed);
  }

  private takeBehavior(cameraId: number): LiveCallBehavior {
    const index = this.behaviors.findIndex((entry) => entry.cameraId === undefined || entry.cameraId === cameraId);
    if (index < 0) return 'answer';
    return this.behaviors.splice(index, 1)[0]!.behavior;
  }

  private startCall(socket: WebSocket, message: SignallingMessage): LiveCall {
    const cameraId = Number(message.body?.doorbot_id);
    const refusal = this.hooks.refusal(cameraId);
    const call = new LiveCall(this.calls.length + 1, cameraId, refusal ? 'close' : this.takeBehavior(cameraId), socket, message.dialog_id ?? '');
    this.calls.push(call);
    this.hooks.log(`live call ${call.record.id} to camera ${cameraId} (${call.record.behavior})`);
    this.send(call, 'session_created', {});
    if (refusal || call.record.behavior === 'close') {
      call.record.problem = refusal;
      this.end(call, 'refused', true);
      return call;
    }
    if (call.record.behavior === 'no-answer') return call;
    const peer = new LiveCallPeer({
      stunServer: this.options.stunServer,
      media: this.options.media,
      onMediaExit: (code, stderr) => {
        call.record.problem ??= `media ffmpeg exited with ${String(code)}: ${stderr.trim().slice(-300)}`;
      },
      onConnectionState: (state) => {
        if (state === 'connected') call.record.connectedAt ??= Date.now();
        if (state === 'failed' && !call.ended) {
          call.record.problem ??= 'ICE failed';
          this.end(call, 'emulator', true);
        }
      },
    });
    call.peer = peer;
    const offer = message.body?.sdp ?? '';
    call.then(async () => {
      const answer = await peer.answer(offer);
      if (call.ended) return;
      call.record.answeredAt = Date.now();
      this.send(call, 'sdp', { sdp: answer, type: 'answer' });
      this.send(call, 'notification', { text: 'camera_connected' });
    });
    return call;
  }

  private onCallMessage(call: LiveCall, message: SignallingMessage): void {
    switch (message.method) {
      case 'ice': {
        const { ice, mlineindex } = message.body ?? {};
        const peer = call.peer;
        if (peer && ice) call.then(() => peer.addIceCandidate(ice, mlineindex ?? 0));
        return;
      }
      case 'ping':
        this.send(call, 'pong', {});
        return;
      case 'camera_options':
        if (message.body?.stealth_mode === false) call.record.speakerActivated = true;
        return;
      case 'close':
        this.end(call, 'client-close', false);
        return;
      default:
      // activate_session, stream_options: nothing to do for an emulated camera.
    }
  }

  private send(call: LiveCall, method: string, body: Record<string, unknown>): void {
    if (call.socket.readyState !== call.socket.OPEN) return;
    call.socket.send(
      JSON.stringify({
        method,
        dialog_id: call.dialogId,
        body: { doorbot_id: call.record.cameraId, session_id: call.record.sessionId, ...body },
      }),
    );
  }

  private end(call: LiveCall, by: NonNullable<LiveCallRecord['endedBy']>, tellClient: boolean): void {
    if (call.ended) return;
    call.snapshot();
    call.record.endedAt = Date.now();
    call.record.endedBy = by;
    if (tellClient) {
      this.send(call, 'close', { reason: { code: by === 'refused' ? 5 : 0, text: call.record.problem ?? '' } });
      call.socket.close();
    }
    const peer = call.peer;
    void peer?.close().then(() => call.snapshot());
    this.hooks.log(`live call ${call.record.id} ended (${by})`);
  }
}
