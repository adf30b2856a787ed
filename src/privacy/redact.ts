/**
 * Renders what HomeKit may see of a snapshot: the source JPEG scaled to the requested size
 * (cover-fit, centre crop), with the decision's redactions applied, re-encoded without any
 * metadata. Everything happens in memory.
 *
 * Zones are fractions of the full source frame, so they stay on the same scene content whatever
 * size or crop HomeKit asks for. Pixelate and blur run in the listed order on the scaled image;
 * masks are painted last so nothing can show through them, widened to whole JPEG macroblocks. Any failure yields the placeholder
 * (fail closed), never the original.
 */
import sharp, { type Sharp } from 'sharp';
import { assertImageSize, placeholderImage } from './placeholder.js';
import type { Redaction, SnapshotTreatment, Zone } from './types.js';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export interface RenderOptions {
  /** Told about a source that could not be processed (the placeholder is returned instead). */
  readonly onError?: (error: unknown) => void;
}

/** A pixel rectangle inside the output image. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const JPEG_QUALITY = 80;
const CHANNELS = 3;
const JPEG_MACROBLOCK = 16;
/** Above this sigma, blur a downscaled copy: same look, a fraction of the work. */
const DIRECT_BLUR_MAX_SIGMA = 6;
const MAX_SOURCE_PIXELS = 40_000_000;

export async function renderSnapshot(
  jpeg: Buffer,
  treatment: SnapshotTreatment,
  size: ImageSize,
  options: RenderOptions = {},
): Promise<Buffer> {
  assertImageSize(size.width, size.height);
  if (treatment.kind === 'placeholder') return placeholderImage(size);
  try {
    if (treatment.kind === 'original') {
      return await source(jpeg).resize(size.width, size.height, { fit: 'cover' }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
    }
    return await renderRedacted(jpeg, treatment.redactions, size);
  } catch (error) {
    options.onError?.(error);
    return placeholderImage(size);
  }
}

function source(jpeg: Buffer): Sharp {
  return sharp(jpeg, { autoOrient: true, failOn: 'error', limitInputPixels: MAX_SOURCE_PIXELS });
}

async function renderRedacted(jpeg: Buffer, redactions: readonly Redaction[], size: ImageSize): Promise<Buffer> {
  const meta = await source(jpeg).metadata();
  const frame = { width: meta.autoOrient.width, height: meta.autoOrient.height };
  const { width, height } = size;
  // Shrink-on-load happens here: libvips decodes the JPEG at 1/2, 1/4 or 1/8 when that is enough.
  let pixels: Buffer = await source(jpeg)
    .resize(width, height, { fit: 'cover', fastShrinkOnLoad: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer();

  for (const redaction of redactions) {
    if (redaction.method === 'mask') continue;
    const filter = (region: Buffer, rect: PixelRect): Promise<Buffer> =>
      redaction.method === 'pixelate'
        ? pixelate(region, rect, Math.max(2, Math.round(redaction.strength * width)))
        : blur(region, rect, Math.max(0.5, redaction.strength * width));
    if (!redaction.zones) {
      pixels = await filter(pixels, { left: 0, top: 0, width, height });
      continue;
    }
    for (const zone of redaction.zones) {
      const rect = zoneToPixels(zone, frame, size);
      if (rect.width === 0 || rect.height === 0) continue;
      writeRegion(pixels, width, rect, await filter(extractRegion(pixels, width, rect), rect));
    }
  }
  for (const redaction of redactions) {
    if (redaction.method !== 'mask') continue;
    const rects = redaction.zones ? redaction.zones.map((z) => zoneToPixels(z, frame, size)) : [{ left: 0, top: 0, width, height }];
    for (const rect of rects) if (rect.width > 0 && rect.height > 0) fillRect(pixels, width, snapToJpegGrid(rect, size));
  }
  return sharp(pixels, { raw: { width, height, channels: CHANNELS } }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
}

/**
 * Maps a zone (fractions of the source frame) into the cover-fitted, centre-cropped output,
 * rounding outwards so a zone is always fully covered.
 */
export function zoneToPixels(zone: Zone, frame: ImageSize, output: ImageSize): PixelRect {
  const scale = Math.max(output.width / frame.width, output.height / frame.height);
  const offsetX = (frame.width * scale - output.width) / 2;
  const offsetY = (frame.height * scale - output.height) / 2;
  const clampX = (v: number): number => Math.min(output.width, Math.max(0, v));
  const clampY = (v: number): number => Math.min(output.height, Math.max(0, v));
  // The epsilon keeps float noise (0.3 * 1280 = 384.00000000000006) from widening a zone by a pixel.
  const left = clampX(Math.floor(zone.x * frame.width * scale - offsetX + 1e-6));
  const top = clampY(Math.floor(zone.y * frame.height * scale - offsetY + 1e-6));
  const right = clampX(Math.ceil((zone.x + zone.w) * frame.width * scale - offsetX - 1e-6));
  const bottom = clampY(Math.ceil((zone.y + zone.h) * frame.height * scale - offsetY - 1e-6));
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * Widens a rectangle to whole 16×16 JPEG macroblocks, so the encoder cannot smear colour from
 * outside into a mask: a uniform macroblock decodes back to exactly its colour.
 */
export function snapToJpegGrid(rect: PixelRect, output: ImageSize): PixelRect {
  const left = Math.floor(rect.left / JPEG_MACROBLOCK) * JPEG_MACROBLOCK;
  const top = Math.floor(rect.top / JPEG_MACROBLOCK) * JPEG_MACROBLOCK;
  const right = Math.min(output.width, Math.ceil((rect.left + rect.width) / JPEG_MACROBLOCK) * JPEG_MACROBLOCK);
  const bottom = Math.min(output.height, Math.ceil((rect.top + rect.height) / JPEG_MACROBLOCK) * JPEG_MACROBLOCK);
  return { left, top, width: right - left, height: bottom - top };
}

/** Averages blocks of `block`×`block` pixels (aligned to the region's corner) and spreads them back out. */
async function pixelate(region: Buffer, rect: PixelRect, block: number): Promise<Buffer> {
  const columns = Math.ceil(rect.width / block);
  const rows = Math.ceil(rect.height / block);
  const coarse = await rawImage(region, rect).resize(columns, rows, { fit: 'fill', kernel: 'linear' }).raw().toBuffer();
  return sharp(coarse, { raw: { width: columns, height: rows, channels: CHANNELS } })
    .resize(columns * block, rows * block, { kernel: 'nearest' })
    .extract({ left: 0, top: 0, width: rect.width, height: rect.height })
    .raw()
    .toBuffer();
}

async function blur(region: Buffer, rect: PixelRect, sigma: number): Promise<Buffer> {
  if (sigma <= DIRECT_BLUR_MAX_SIGMA) return rawImage(region, rect).blur(sigma).raw().toBuffer();
  const factor = sigma / DIRECT_BLUR_MAX_SIGMA;
  const small = { width: Math.max(1, Math.round(rect.width / factor)), height: Math.max(1, Math.round(rect.height / factor)) };
  const blurred = await rawImage(region, rect).resize(small.width, small.height, { fit: 'fill' }).blur(DIRECT_BLUR_MAX_SIGMA).raw().toBuffer();
  return sharp(blurred, { raw: { ...small, channels: CHANNELS } })
    .resize(rect.width, rect.height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
}

function rawImage(pixels: Buffer, size: ImageSize): Sharp {
  return sharp(pixels, { raw: { width: size.width, height: size.height, channels: CHANNELS } });
}

function extractRegion(pixels: Buffer, imageWidth: number, rect: PixelRect): Buffer {
  const rowBytes = rect.width * CHANNELS;
  const region = Buffer.allocUnsafe(rowBytes * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const start = ((rect.top + y) * imageWidth + rect.left) * CHANNELS;
    pixels.copy(region, y * rowBytes, start, start + rowBytes);
  }
  return region;
}

function writeRegion(pixels: Buffer, imageWidth: number, rect: PixelRect, region: Buffer): void {
  const rowBytes = rect.width * CHANNELS;
  for (let y = 0; y < rect.height; y++) {
    region.copy(pixels, ((rect.top + y) * imageWidth + rect.left) * CHANNELS, y * rowBytes, (y + 1) * rowBytes);
  }
}

function fillRect(pixels: Buffer, imageWidth: number, rect: PixelRect): void {
  for (let y = 0; y < rect.height; y++) {
    const start = ((rect.top + y) * imageWidth + rect.left) * CHANNELS;
    pixels.fill(0, start, start + rect.width * CHANNELS);
  }
}
