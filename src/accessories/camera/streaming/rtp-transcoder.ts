import dgram from 'node:dgram';
import type { TranscodePlan } from './audio-plan.js';
import { runFfmpeg, type FfmpegRun } from './ffmpeg-process.js';
import { isRtcp } from './rtp-bytes.js';

export interface RtpTranscoderOptions {
  plan: TranscodePlan;
  ffmpegPath: string;
  /** Every RTP packet ffmpeg produced. */
  onOutput(packet: Buffer): void;
  /** ffmpeg gave up: the transcode is off for the rest of the session. */
  onFailure(message: string): void;
  onDebug(message: string): void;
}

/** ffmpeg that dies this soon after starting, this many times in a row, is not started again. */
const CRASH_WINDOW_MS = 3000;
const MAX_QUICK_CRASHES = 3;

function bind(socket: dgram.Socket, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve(socket.address().port);
    });
  });
}

/** Two free consecutive UDP ports on 127.0.0.1 (ffmpeg's SDP input takes RTP on p and RTCP on p + 1). */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = dgram.createSocket('udp4');
    const second = dgram.createSocket('udp4');
    try {
      const port = await bind(first, 0);
      if (port < 65535) {
        await bind(second, port + 1);
        return port;
      }
    } catch {
      // Taken: try another pair.
    } finally {
      first.close();
      try {
        second.close();
      } catch {
        // Never bound.
      }
    }
  }
  throw new Error('no free pair of UDP ports for ffmpeg');
}

/**
 * One direction of audio through ffmpeg: plain RTP in over 127.0.0.1, plain RTP out to a socket
 * of ours. ffmpeg starts with the first packet and again after it stopped on its own (its SDP
 * input gives up after 10 s without packets, which also ends it if Homebridge is killed).
 */
export class RtpTranscoder {
  private readonly socket = dgram.createSocket('udp4');
  private readonly ready: Promise<number>;
  private ffmpeg?: FfmpegRun;
  private inputPort?: number;
  private starting = false;
  private stopped = false;
  private quickCrashes = 0;
  private failed = false;

  constructor(private readonly options: RtpTranscoderOptions) {
    this.socket.on('message', (packet) => {
      if (!isRtcp(packet)) {
        options.onOutput(packet);
      }
    });
    this.socket.on('error', (error) => options.onDebug(`transcoder socket: ${error.message}`));
    this.ready = bind(this.socket, 0);
    this.ready.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.ffmpeg?.pid;
  }

  push(packet: Buffer): void {
    if (this.stopped || this.failed) {
      return;
    }
    if (!this.ffmpeg && !this.starting) {
      void this.start();
      return;
    }
    if (this.ffmpeg && this.inputPort !== undefined) {
      this.socket.send(packet, this.inputPort, '127.0.0.1');
    }
  }

  private async start(): Promise<void> {
    this.starting = true;
    try {
      const outputPort = await this.ready;
      const inputPort = await freePortPair();
      if (this.stopped) {
        return;
      }
      const { plan, ffmpegPath } = this.options;
      const run = runFfmpeg(ffmpegPath, plan.args(outputPort), plan.sdp(inputPort));
      const startedAt = Date.now();
      this.ffmpeg = run;
      this.inputPort = inputPort;
      void run.exited.then(({ code, signal, stderr }) => {
        if (this.ffmpeg === run) {
          this.ffmpeg = undefined;
        }
        if (this.stopped) {
          return;
        }
        const detail = `ffmpeg exited (${signal ?? `code ${String(code)}`})${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-2).join(' | ')}` : ''}`;
        this.quickCrashes = Date.now() - startedAt < CRASH_WINDOW_MS && code !== 0 ? this.quickCrashes + 1 : 0;
        if (this.quickCrashes >= MAX_QUICK_CRASHES) {
          this.failed = true;
          this.options.onFailure(detail);
        } else {
          this.options.onDebug(`${detail}; it starts again with the next packet`);
        }
      });
    } catch (error) {
      this.failed = true;
      this.options.onFailure((error as Error).message);
    } finally {
      this.starting = false;
    }
  }

  /** Stops ffmpeg (SIGKILL after a grace period) and closes the socket; idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    const run = this.ffmpeg;
    this.ffmpeg = undefined;
    await this.ready.catch(() => undefined);
    this.socket.close();
    await run?.stop();
  }
}
