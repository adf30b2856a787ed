/**
 * Per-camera snapshot counters and the snapshots that belong to events (`img.snapshot_uuid` of a
 * push notification). Every rendered image bumps its camera's counter, and the counter is what the
 * image shows, so `snapshotCount(id)` equals the number printed on the newest picture.
 */
import { renderSnapshotJpeg } from './snapshot-renderer.js';

export interface RenderedSnapshot {
  jpeg: Buffer;
  counter: number;
  /** Capture time (epoch ms), sent as `x-time-millis`. */
  time: number;
  cameraId: number;
}

interface EventSnapshot {
  cameraId: number;
  cameraName: string;
  caption: string;
  time: number;
  rendered?: Promise<RenderedSnapshot>;
}

const maxEventSnapshots = 500;

export class SnapshotStore {
  private readonly counters = new Map<number, number>();
  private readonly events = new Map<string, EventSnapshot>();
  /** A camera's own picture (a photograph), served in place of the drawn one; it still counts. */
  private readonly pictures = new Map<number, Buffer>();

  /** Serve `jpeg` as the camera's snapshots from now on (undefined: draw them again). */
  setPicture(cameraId: number, jpeg: Buffer | undefined): void {
    if (jpeg) this.pictures.set(cameraId, jpeg);
    else this.pictures.delete(cameraId);
  }

  private nextCounter(cameraId: number): number {
    const counter = (this.counters.get(cameraId) ?? 0) + 1;
    this.counters.set(cameraId, counter);
    return counter;
  }

  async fresh(cameraId: number, cameraName: string, time = Date.now()): Promise<RenderedSnapshot> {
    const counter = this.nextCounter(cameraId);
    const jpeg = this.pictures.get(cameraId) ?? (await renderSnapshotJpeg({ cameraId, cameraName, counter, time }));
    return { jpeg, counter, time, cameraId };
  }

  /** Remembers that an event snapshot exists; it is rendered on first fetch and then kept. */
  registerEvent(uuid: string, cameraId: number, cameraName: string, caption: string, time: number): void {
    this.events.set(uuid, { cameraId, cameraName, caption, time });
    if (this.events.size > maxEventSnapshots) {
      const oldest = this.events.keys().next().value;
      if (oldest !== undefined) this.events.delete(oldest);
    }
  }

  forEvent(uuid: string): Promise<RenderedSnapshot> | undefined {
    const event = this.events.get(uuid);
    if (!event) return undefined;
    event.rendered ??= (async () => {
      const counter = this.nextCounter(event.cameraId);
      const jpeg = await renderSnapshotJpeg({
        cameraId: event.cameraId,
        cameraName: event.cameraName,
        counter,
        time: event.time,
        caption: event.caption,
      });
      return { jpeg, counter, time: event.time, cameraId: event.cameraId };
    })();
    return event.rendered;
  }

  count(cameraId: number): number {
    return this.counters.get(cameraId) ?? 0;
  }
}
