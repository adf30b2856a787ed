/**
 * Pixel work for snapshot redaction that is cheaper in plain JavaScript than as another sharp
 * pipeline: each sharp round trip costs a thread-pool hop plus copies, which under load dominates
 * the few milliseconds these loops take. All images are packed 8-bit RGB.
 */

export const CHANNELS = 3;

export interface RawImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** A pixel rectangle inside the output image. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export function wholeImage(image: { readonly width: number; readonly height: number }): PixelRect {
  return { left: 0, top: 0, width: image.width, height: image.height };
}

export function fillRect(image: RawImage, rect: PixelRect, value = 0): void {
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    const start = (y * image.width + rect.left) * CHANNELS;
    image.data.fill(value, start, start + rect.width * CHANNELS);
  }
}

export function copyIntoRect(region: Buffer, image: RawImage, rect: PixelRect): void {
  const rowBytes = rect.width * CHANNELS;
  for (let y = 0; y < rect.height; y++) {
    region.copy(image.data, ((rect.top + y) * image.width + rect.left) * CHANNELS, y * rowBytes, (y + 1) * rowBytes);
  }
}

/**
 * Replaces `rect` of `target` with `block`×`block` cells (aligned to the rectangle's corner), each
 * the mean colour of the picture under it. The means are read from `from`, which is either
 * `target` itself or a smaller copy of the same picture (so a whole-frame pixelation never needs a
 * full-size decode). A band of cells is read before it is written, so reading in place is safe.
 */
export function pixelateRect(target: RawImage, rect: PixelRect, block: number, from: RawImage = target): void {
  if (rect.width <= 0 || rect.height <= 0) return;
  const scaleX = from.width / target.width;
  const scaleY = from.height / target.height;
  const band = Buffer.allocUnsafe(rect.width * CHANNELS);
  const source = from.data;
  for (let y0 = rect.top; y0 < rect.top + rect.height; y0 += block) {
    const y1 = Math.min(rect.top + rect.height, y0 + block);
    const [fromTop, fromBottom] = sourceSpan(y0, y1, scaleY, from.height);
    for (let x0 = rect.left; x0 < rect.left + rect.width; x0 += block) {
      const x1 = Math.min(rect.left + rect.width, x0 + block);
      const [fromLeft, fromRight] = sourceSpan(x0, x1, scaleX, from.width);
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = fromTop; y < fromBottom; y++) {
        const end = (y * from.width + fromRight) * CHANNELS;
        for (let i = (y * from.width + fromLeft) * CHANNELS; i < end; i += CHANNELS) {
          r += source[i]!;
          g += source[i + 1]!;
          b += source[i + 2]!;
        }
      }
      const count = (fromBottom - fromTop) * (fromRight - fromLeft);
      r = Math.round(r / count);
      g = Math.round(g / count);
      b = Math.round(b / count);
      const end = (x1 - rect.left) * CHANNELS;
      for (let i = (x0 - rect.left) * CHANNELS; i < end; i += CHANNELS) {
        band[i] = r;
        band[i + 1] = g;
        band[i + 2] = b;
      }
    }
    for (let y = y0; y < y1; y++) band.copy(target.data, (y * target.width + rect.left) * CHANNELS);
  }
}

/**
 * The source pixels (half-open range) whose centres fall inside output pixels [start, end). When a
 * narrow edge cell catches no centre, the one pixel under its middle stands in.
 */
function sourceSpan(start: number, end: number, scale: number, limit: number): [number, number] {
  let low = Math.max(0, Math.ceil(start * scale - 0.5));
  let high = Math.min(limit, Math.ceil(end * scale - 0.5));
  if (high <= low) {
    low = Math.min(limit - 1, Math.max(0, Math.floor(((start + end) / 2) * scale)));
    high = low + 1;
  }
  return [low, high];
}

/**
 * Bilinear upscale of `small` into `rect` of `target` (pixel centres aligned, edges clamped). Only
 * used on already blurred images, where bilinear is indistinguishable from a wider kernel; libvips'
 * general upscaler takes several times as long for the same result.
 */
export function upscaleInto(small: RawImage, target: RawImage, rect: PixelRect): void {
  if (rect.width <= 0 || rect.height <= 0) return;
  const rowBytes = rect.width * CHANNELS;
  const rowWords = (rowBytes + 3) >> 2;
  // Horizontal pass once per source row, rounded to bytes, rows padded to whole 32-bit words.
  const rows = new Uint32Array(small.height * rowWords);
  const rowBytesOf = new Uint8Array(rows.buffer);
  const columns = samplePositions(rect.width, small.width);
  const source = small.data;
  for (let sy = 0; sy < small.height; sy++) {
    const base = sy * small.width * CHANNELS;
    let o = sy * rowWords * 4;
    for (let x = 0; x < rect.width; x++) {
      const a = base + columns.index[x]! * CHANNELS;
      const b = a + columns.next[x]! * CHANNELS;
      const w = columns.weight[x]!;
      const v = 256 - w;
      rowBytesOf[o++] = (source[a]! * v + source[b]! * w + 128) >>> 8;
      rowBytesOf[o++] = (source[a + 1]! * v + source[b + 1]! * w + 128) >>> 8;
      rowBytesOf[o++] = (source[a + 2]! * v + source[b + 2]! * w + 128) >>> 8;
    }
  }
  // Vertical pass four bytes at a time: two bytes per 32-bit lane pair (0x00ff00ff), whose products
  // with weights up to 256 cannot carry into the next byte. Half the time of a byte loop.
  const lines = samplePositions(rect.height, small.height);
  const line = new Uint32Array(rowWords);
  const lineBytes = new Uint8Array(line.buffer, 0, rowBytes);
  for (let y = 0; y < rect.height; y++) {
    let a = lines.index[y]! * rowWords;
    let b = a + lines.next[y]! * rowWords;
    const w = lines.weight[y]!;
    const v = 256 - w;
    for (let i = 0; i < rowWords; i++, a++, b++) {
      const p = rows[a]!;
      const q = rows[b]!;
      const even = ((p & 0xff00ff) * v + (q & 0xff00ff) * w + 0x800080) >>> 8;
      const odd = ((p >>> 8) & 0xff00ff) * v + ((q >>> 8) & 0xff00ff) * w + 0x800080;
      line[i] = (even & 0xff00ff) | (odd & 0xff00ff00);
    }
    target.data.set(lineBytes, ((rect.top + y) * target.width + rect.left) * CHANNELS);
  }
}

interface Samples {
  /** First source sample for each output position. */
  readonly index: Int32Array;
  /** 1 when there is a second sample to blend with, 0 at the last source sample. */
  readonly next: Int32Array;
  /** Weight of the second sample, 0..256. */
  readonly weight: Int32Array;
}

function samplePositions(outputLength: number, sourceLength: number): Samples {
  const index = new Int32Array(outputLength);
  const next = new Int32Array(outputLength);
  const weight = new Int32Array(outputLength);
  const scale = sourceLength / outputLength;
  for (let i = 0; i < outputLength; i++) {
    const position = Math.min(sourceLength - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    const first = Math.floor(position);
    index[i] = first;
    next[i] = first < sourceLength - 1 ? 1 : 0;
    weight[i] = Math.round((position - first) * 256);
  }
  return { index, next, weight };
}
