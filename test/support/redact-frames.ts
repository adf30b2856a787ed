/**
 * What the renderer's tests share: test frames with detail everywhere (and, on request, metadata
 * that must not survive), decoding, and measures over the decoded pixels that say whether a zone
 * is covered, blurred or untouched.
 */
import sharp from 'sharp';
import type { ImageSize, PixelRect } from '../../src/privacy/redact.js';
import type { Redaction, SnapshotTreatment } from '../../src/privacy/types.js';

export interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

/** A 1920×1080 test frame: colour gradients, a low-frequency pattern and seeded noise. */
export function sourcePixels(seed: number, width = 1920, height = 1080): Raw {
  const data = Buffer.alloc(width * height * 3);
  let state = seed >>> 0 || 1;
  const noise = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 17) - 8;
  };
  const sinX = Array.from({ length: width }, (_, x) => 40 * Math.sin((x + seed * 97) / 37));
  const cosY = Array.from({ length: height }, (_, y) => Math.cos(y / 29));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const wave = sinX[x]! * cosY[y]!;
      data[i] = clamp((x / width) * 200 + 20 + wave + noise());
      data[i + 1] = clamp((y / height) * 200 + 20 - wave + noise());
      data[i + 2] = clamp(128 + wave * 1.5 + noise());
    }
  }
  return { data, width, height };
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

export async function jpegOf(raw: Raw, withPrivateMetadata = false): Promise<Buffer> {
  let image = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } });
  if (withPrivateMetadata) {
    image = image
      .withExif({ IFD0: { Copyright: 'secret-owner', ImageDescription: 'secret-room' } })
      .withIccProfile('p3')
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>secret-xmp</rdf:Description></rdf:RDF></x:xmpmeta>',
      );
  }
  return image.jpeg({ quality: 92 }).toBuffer();
}

export async function decode(jpeg: Buffer): Promise<Raw> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The source scaled like renderSnapshot scales it, without JPEG re-encoding: the reference. */
export async function scaledSource(jpeg: Buffer, size: ImageSize): Promise<Raw> {
  const { data, info } = await sharp(jpeg).resize(size.width, size.height, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export const pixel = (raw: Raw, x: number, y: number): [number, number, number] => {
  const i = (y * raw.width + x) * 3;
  return [raw.data[i]!, raw.data[i + 1]!, raw.data[i + 2]!];
};

function forEachPixel(rect: PixelRect, visit: (x: number, y: number) => void): void {
  for (let y = rect.top; y < rect.top + rect.height; y++) for (let x = rect.left; x < rect.left + rect.width; x++) visit(x, y);
}

/** The largest value `measure` takes over a rectangle (one assertion instead of one per pixel). */
export function maxOver(rect: PixelRect, measure: (x: number, y: number) => number): number {
  let max = 0;
  forEachPixel(rect, (x, y) => (max = Math.max(max, measure(x, y))));
  return max;
}

export const brightest =
  (raw: Raw) =>
  (x: number, y: number): number =>
    Math.max(...pixel(raw, x, y));

export const inset = (rect: PixelRect, by: number): PixelRect => ({
  left: rect.left + by,
  top: rect.top + by,
  width: Math.max(0, rect.width - 2 * by),
  height: Math.max(0, rect.height - 2 * by),
});

export const near = (rect: PixelRect, x: number, y: number, margin: number): boolean =>
  x >= rect.left - margin && x < rect.left + rect.width + margin && y >= rect.top - margin && y < rect.top + rect.height + margin;

/** Mean absolute difference over the pixels `include` accepts. */
export function meanDifference(a: Raw, b: Raw, include: (x: number, y: number) => boolean): number {
  let sum = 0;
  let count = 0;
  forEachPixel({ left: 0, top: 0, width: a.width, height: a.height }, (x, y) => {
    if (!include(x, y)) return;
    const pa = pixel(a, x, y);
    const pb = pixel(b, x, y);
    sum += Math.abs(pa[0] - pb[0]) + Math.abs(pa[1] - pb[1]) + Math.abs(pa[2] - pb[2]);
    count += 3;
  });
  return sum / count;
}

/** Mean absolute difference between horizontal neighbours: high for noise and detail, low after blurring. */
export function detail(raw: Raw, rect: PixelRect): number {
  let sum = 0;
  let count = 0;
  forEachPixel({ ...rect, width: rect.width - 1 }, (x, y) => {
    const a = pixel(raw, x, y);
    const b = pixel(raw, x + 1, y);
    sum += Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
    count += 3;
  });
  return sum / count;
}

export const redacted = (...redactions: Redaction[]): SnapshotTreatment => ({ kind: 'redacted', redactions });
export const HD: ImageSize = { width: 1280, height: 720 };
export const SMALL: ImageSize = { width: 640, height: 360 };
export const FRAME: ImageSize = { width: 1920, height: 1080 };
export const whole: PixelRect = { left: 0, top: 0, width: HD.width, height: HD.height };

/** Two different sources of the full frame size; the first carries private metadata and a colour profile. */
export async function twoSources(): Promise<{ sourceA: Buffer; sourceB: Buffer }> {
  return { sourceA: await jpegOf(sourcePixels(1), true), sourceB: await jpegOf(sourcePixels(2)) };
}
