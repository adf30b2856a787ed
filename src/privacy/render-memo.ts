import type { ImageSize } from './redact.js';
import type { SnapshotTreatment } from './types.js';

/** Distinct sizes and treatments kept per source image; HomeKit asks for a handful of sizes. */
const MAX_PER_SOURCE = 8;

/**
 * Rendered snapshots by source image, size and treatment. A camera serves the same cached source
 * JPEG to many requests, and rendering it (decode, scale, encode) is most of a cached snapshot's
 * cost. Entries live exactly as long as the source Buffer (a WeakMap key): a new image from Ring is
 * a new Buffer, so nothing stale is served, and a different decision is a different key. What is
 * kept is whatever the render gives: an image, or an image with what anonymizing found in it.
 */
export class RenderMemo<T = Buffer> {
  private readonly bySource = new WeakMap<Buffer, Map<string, Promise<T>>>();

  /** `keep`: whether a result may be served again (a render that could not be done is retried next time). */
  constructor(private readonly keep: (value: T) => boolean = () => true) {}

  render(source: Buffer, treatment: SnapshotTreatment, size: ImageSize, render: () => Promise<T>): Promise<T> {
    let rendered = this.bySource.get(source);
    if (!rendered) {
      rendered = new Map();
      this.bySource.set(source, rendered);
    }
    const key = `${size.width}x${size.height}|${JSON.stringify(treatment)}`;
    let image = rendered.get(key);
    if (!image) {
      if (rendered.size >= MAX_PER_SOURCE) {
        rendered.delete(rendered.keys().next().value!);
      }
      image = render();
      rendered.set(key, image);
      const entries = rendered;
      image.then(
        (value) => {
          if (!this.keep(value)) entries.delete(key);
        },
        () => entries.delete(key),
      );
    }
    return image;
  }
}
