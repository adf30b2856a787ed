/**
 * What the emulated camera shows in a live call: ffmpeg's `testsrc` pattern encoded as H.264
 * (constrained baseline, in-band SPS/PPS, a key frame every second) and a 440 Hz sine as Opus,
 * both as RTP to two local UDP sockets, from where the live-call peer writes them into its WebRTC
 * tracks. One ffmpeg per call, started when the call connects and killed when it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';

export interface MediaSourceOptions {
  width: number;
  height: number;
  fps: number;
  videoKbps: number;
  /** `noisy` adds sensor-like noise to a moving pattern, so encoders work as hard as on a real camera. */
  pattern?: 'plain' | 'noisy';
  ffmpegPath?: string;
  onVideo(packet: Buffer): void;
  onAudio(packet: Buffer): void;
  onExit?(code: number | null, stderr: string): void;
}

export const defaultMediaOptions = { width: 640, height: 360, fps: 15, videoKbps: 600 } as const;

export const VIDEO_PAYLOAD_TYPE = 96;
export const AUDIO_PAYLOAD_TYPE = 111;

/** True for RTCP (payload types 200-204 in the second byte), which ffmpeg's RTP muxer also sends. */
export function isRtcp(packet: Buffer): boolean {
  return packet.length >= 2 && packet[1]! >= 200 && packet[1]! <= 204;
}

/** The lavfi source and filter of the test pattern (also used by the benchmark's transcode comparison). */
export function testPattern(options: Pick<MediaSourceOptions, 'width' | 'height' | 'fps' | 'pattern'>): { source: string; filter: string[] } {
  const { width, height, fps } = options;
  return options.pattern === 'noisy'
    ? { source: `testsrc2=size=${width}x${height}:rate=${fps}`, filter: ['-vf', 'noise=alls=12:allf=t+u'] }
    : { source: `testsrc=size=${width}x${height}:rate=${fps}`, filter: [] };
}

export function mediaSourceArgs(options: Pick<MediaSourceOptions, 'width' | 'height' | 'fps' | 'videoKbps' | 'pattern'>, videoPort: number, audioPort: number): string[] {
  const { fps, videoKbps } = options;
  const pattern = testPattern(options);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-re',
    '-f',
    'lavfi',
    '-i',
    pattern.source,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-map',
    '0:v',
    ...pattern.filter,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-profile:v',
    'baseline',
    '-g',
    String(fps),
    '-bf',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    `${videoKbps}k`,
    '-maxrate',
    `${videoKbps}k`,
    '-bufsize',
    `${videoKbps}k`,
    '-payload_type',
    String(VIDEO_PAYLOAD_TYPE),
    '-f',
    'rtp',
    `rtp://127.0.0.1:${videoPort}?rtcpport=${videoPort}&pkt_size=1200`,
    '-map',
    '1:a',
    '-c:a',
    'libopus',
    '-ac',
    '2',
    '-ar',
    '48000',
    '-b:a',
    '32k',
    '-application',
    'lowdelay',
    '-payload_type',
    String(AUDIO_PAYLOAD_TYPE),
    '-f',
    'rtp',
    `rtp://127.0.0.1:${audioPort}?rtcpport=${audioPort}&pkt_size=1200`,
  ];
}

function bindLoopback(onPacket: (packet: Buffer) => void): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (packet) => {
    if (!isRtcp(packet)) onPacket(packet);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

export class MediaSource {
  private process?: ChildProcess;
  private sockets: dgram.Socket[] = [];
  private stopped = false;

  constructor(private readonly options: MediaSourceOptions) {}

  async start(): Promise<void> {
    const video = await bindLoopback((packet) => this.options.onVideo(packet));
    const audio = await bindLoopback((packet) => this.options.onAudio(packet));
    this.sockets = [video, audio];
    if (this.stopped) {
      this.closeSockets();
      return;
    }
    const child = spawn(this.options.ffmpegPath ?? 'ffmpeg', mediaSourceArgs(this.options, video.address().port, audio.address().port), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.process = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', (error) => {
      stderr += error.message;
    });
    child.on('close', (code) => {
      this.process = undefined;
      if (!this.stopped) this.options.onExit?.(code, stderr);
    });
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Kills ffmpeg (SIGKILL if it has not gone after a second) and closes the sockets. */
  stop(): Promise<void> {
    this.stopped = true;
    this.closeSockets();
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 1000);
      child.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private closeSockets(): void {
    for (const socket of this.sockets.splice(0)) socket.close();
  }
}
