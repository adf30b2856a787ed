import type { PrepareStreamRequest, PrepareStreamResponse, StreamingRequest } from 'homebridge';
import type { LiveView } from './live-view.js';
import { LiveViewRefusal } from './live-view-refusal.js';

/** What a camera's delegate and accessory use of its live view. */
export type CameraLiveView = Pick<LiveView, 'prepare' | 'handle' | 'shutdown'>;

/**
 * A camera's live view whose streaming stack (sessions, SRTP and werift-rtp, ffmpeg, Ring's call)
 * loads on the camera's first stream: most cameras are not watched in a given run, and that stack
 * is a good part of the plugin's code. Until then it answers as a view with no sessions does.
 */
export class LazyLiveView implements CameraLiveView {
  private view: Promise<LiveView> | undefined;
  private closed = false;

  constructor(private readonly load: () => Promise<LiveView>) {}

  async prepare(request: PrepareStreamRequest): Promise<PrepareStreamResponse> {
    if (this.closed) throw new LiveViewRefusal('unavailable', 'the camera is being removed');
    this.view ??= this.load();
    return (await this.view).prepare(request);
  }

  async handle(request: StreamingRequest): Promise<void> {
    if (this.view) return (await this.view).handle(request);
    if (request.type === 'stop') return;
    throw new LiveViewRefusal('failed', 'no prepared stream with that id');
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    // A stack that failed to load has nothing running.
    const view = await this.view?.catch(() => undefined);
    await view?.shutdown();
  }
}
