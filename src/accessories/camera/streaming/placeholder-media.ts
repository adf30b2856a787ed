import dgram from 'node:dgram';
import { RtpPacket } from 'werift-rtp';
import { runFfmpeg, type FfmpegRun } from './ffmpeg-process.js';
import { isRtcp } from './rtp-bytes.js';
import type { MediaSink, SessionLog, SessionMedia, StreamSelection } from './session-media.js';

export interface PlaceholderMediaOptions {
  label: string;
  ffmpegPath: string;
  log: SessionLog;
  /** The privacy placeholder (JPEG) at the size HomeKit asked for; it depends on nothing but the size. */
  image(width: number, height: number): Promise<Buffer>;
}

const FRAME_RATE = 2;
/** SRTP adds a 10-byte authentication tag to every packet. */
const SRTP_TAG = 10;

/**
 * The ffmpeg arguments that turn JPEG frames written to its stdin into H.264 RTP HomeKit can show
 * (pure). Node writes the same image twice a second: the pace comes from here, and when this
 * process dies the pipe closes and ffmpeg ends with it.
 */
export function placeholderArgs(selection: StreamSelection, outputPort: number): string[] {
  const packetSize = Math.max(400, Math.min(selection.video.mtu || 1378, 1378) - SRTP_TAG);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-framerate',
    String(FRAME_RATE),
    '-i',
    'pipe:0',
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'stillimage',
    '-profile:v',
    'baseline',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(FRAME_RATE),
    '-bf',
    '0',
    '-b:v',
    '150k',
    '-payload_type',
    String(selection.video.payloadType),
    '-f',
    'rtp',
    `rtp://127.0.0.1:${outputPort}?rtcpport=${outputPort}&pkt_size=${packetSize}`,
  ];
}

/**
 * What a viewer of a private camera sees: the privacy placeholder, encoded by ffmpeg as a 2 fps
 * H.264 stream. Nothing of the camera is involved: no Ring call is opened, no camera audio is sent,
 * and talk-back is dropped.
 */
export class PlaceholderMedia implements SessionMedia {
  readonly failure = undefined;
  private ffmpeg?: FfmpegRun;
  private socket?: dgram.Socket;
  private frames?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: PlaceholderMediaOptions) {}

  onFailure(): void {
    // Nothing is opened before START, so nothing can fail before it.
  }

  start(selection: StreamSelection, sink: MediaSink): void {
    this.run(selection, sink).catch((error: unknown) => sink.end(`the privacy placeholder could not be shown: ${(error as Error).message}`));
  }

  private async run(selection: StreamSelection, sink: MediaSink): Promise<void> {
    const { width, height } = selection.video;
    const jpeg = await this.options.image(width - (width % 2), height - (height % 2));
    const socket = dgram.createSocket('udp4');
    this.socket = socket;
    socket.on('message', (packet) => {
      if (!isRtcp(packet)) {
        sink.video(RtpPacket.deSerialize(packet));
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    if (this.stopped) {
      await this.stop();
      return;
    }
    const run = runFfmpeg(this.options.ffmpegPath, placeholderArgs(selection, socket.address().port), 'open');
    this.ffmpeg = run;
    run.write(jpeg);
    this.frames = setInterval(() => run.write(jpeg), 1000 / FRAME_RATE);
    sink.answered();
    void run.exited.then(({ code, stderr }) => {
      if (!this.stopped) {
        sink.end(`the placeholder stream stopped (ffmpeg exited with ${String(code)}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''})`);
      }
    });
  }

  talkback(): void {
    // A private camera hears nothing either.
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.frames);
    const run = this.ffmpeg;
    this.ffmpeg = undefined;
    try {
      this.socket?.close();
    } catch {
      // Never bound.
    }
    this.socket = undefined;
    await run?.stop();
  }
}
