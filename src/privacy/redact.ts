/**
 * Renders what HomeKit may see of a snapshot. A forwarded one is the camera's own JPEG with its
 * metadata cut out, at the camera's size (as Ring sends it; the Home app scales it), with no
 * decode at all; see jpeg-segments.ts for when that is not possible. Otherwise the source JPEG is
 * scaled to the requested size (cover-fit, centre crop), the decision's redactions applied, and
 * re-encoded without any metadata. Everything happens in memory.
 *
 * Zones are fractions of the full source frame, so they stay on the same scene content whatever
 * size or crop HomeKit asks for. Pixelate and blur run in the listed order on the scaled image;
 * masks are painted last so nothing can show through them, widened to whole JPEG macroblocks.
 * Any failure yields the placeholder (fail closed), never the original.
 *
 * Speed (a loaded 2-core machine must stay under 30 ms p99 for 1080p → 720p): the source is
 * decoded once. When the first filter covers the whole frame, no pixel of the full-size picture
 * can show, so the JPEG is decoded straight to a small image (libjpeg's 1/2–1/8 shrink-on-load)
 * and filtered there. Pixelation, masks and the upscale of blurred images are plain loops over
 * one raw buffer instead of extra sharp pipelines.
 */
import type { ResizeOptions, Sharp } from 'sharp';
import { jpegFrameSize, stripJpegMetadata, type ImageSize } from './jpeg-segments.js';
import { assertImageSize, placeholderImage } from './placeholder.js';
import { loadSharp } from './sharp-lazy.js';
import { CHANNELS, copyIntoRect, fillRect, pixelateRect, upscaleInto, wholeImage, type PixelRect, type RawImage } from './redact-pixels.js';
import { AnonymizeFailed, anonymizeZones, type FaceFinder } from './anonymize/find-regions.js';
import type { AnonymizeOutcome, AnonymizeTarget, Redaction, SnapshotTreatment, Zone } from './types.js';

export type { PixelRect } from './redact-pixels.js';

export type { ImageSize } from './jpeg-segments.js';

export interface RenderOptions {
  /** Told about a source that could not be processed (the placeholder is returned instead). */
  readonly onError?: (error: unknown) => void;
  /** For anonymizing steps: the face finder (default: the shipped detector, loaded on first use) and its bound. */
  readonly findFaces?: FaceFinder;
  readonly anonymizeTimeoutMs?: number;
}

/** A rendered picture, and what anonymizing did to it when its treatment asked for that. */
export interface RenderedSnapshot {
  readonly image: Buffer;
  readonly anonymized?: AnonymizeOutcome;
}

/**
 * Huffman-table optimisation is a second pass over the coefficients: over half the encode time
 * for about 10% fewer bytes, sent over a LAN. The decoded pixels are identical either way.
 */
const JPEG_OUTPUT = { quality: 80, optimiseCoding: false } as const;
const JPEG_MACROBLOCK = 16;
/** Above this sigma, blur a downscaled copy: same look, a fraction of the work. */
const DIRECT_BLUR_MAX_SIGMA = 6;
/** Whole-frame pixelation reads its cell means from a copy with at least this many pixels per cell side. */
const PIXELATE_SAMPLES_PER_CELL = 8;
const MAX_SOURCE_PIXELS = 40_000_000;

type Filter = Exclude<Redaction, { method: 'mask' }>;

export async function renderSnapshot(jpeg: Buffer, treatment: SnapshotTreatment, size: ImageSize, options: RenderOptions = {}): Promise<Buffer> {
  return (await renderSnapshotReport(jpeg, treatment, size, options)).image;
}

/** Like renderSnapshot, with what anonymizing found (or why it could not, and the placeholder went instead). */
export async function renderSnapshotReport(jpeg: Buffer, treatment: SnapshotTreatment, size: ImageSize, options: RenderOptions = {}): Promise<RenderedSnapshot> {
  assertImageSize(size.width, size.height);
  if (treatment.kind === 'placeholder') return { image: await placeholderImage(size) };
  try {
    if (treatment.kind === 'original') {
      const forwarded = stripJpegMetadata(jpeg, { maxPixels: MAX_SOURCE_PIXELS });
      if (forwarded) return { image: forwarded };
      return { image: await (await source(jpeg)).resize(size.width, size.height, { fit: 'cover' }).jpeg(JPEG_OUTPUT).toBuffer() };
    }
    const targets = anonymizeTargets(treatment.redactions);
    if (targets.length > 0) return await renderAnonymized(jpeg, treatment.redactions, targets, size, options);
    return { image: await renderRedacted(jpeg, treatment.redactions, size) };
  } catch (error) {
    if (error instanceof AnonymizeFailed) return { image: await placeholderImage(size), anonymized: { failed: error.reason } };
    options.onError?.(error);
    return { image: await placeholderImage(size) };
  }
}

function anonymizeTargets(redactions: readonly Redaction[]): AnonymizeTarget[] {
  return [...new Set(redactions.flatMap((r) => (r.anonymize ? [r.anonymize] : [])))];
}

/**
 * With anonymizing steps: the detector looks at the scaled picture before any step changes it,
 * then the steps run in order on what each covers (its zones, the whole frame, or the areas found
 * for its target; a target with nothing found leaves its step nothing to do), masks last.
 */
async function renderAnonymized(
  jpeg: Buffer,
  redactions: readonly Redaction[],
  targets: readonly AnonymizeTarget[],
  size: ImageSize,
  options: RenderOptions,
): Promise<RenderedSnapshot> {
  const frame = redactions.some((r) => r.zones !== undefined) ? sourceFrame(jpeg) : undefined;
  frame?.catch(() => undefined); // awaited below; this only keeps an earlier failure from leaving it unhandled
  let pixels = await decodeRaw(await source(jpeg), size, { fit: 'cover' });
  const found = await anonymizeZones(pixels, targets, options.findFaces, options.anonymizeTimeoutMs);
  const from = await frame;
  const rectsOf = (redaction: Redaction): PixelRect[] =>
    redaction.anonymize
      ? (found.get(redaction.anonymize) ?? []).map((zone) => zoneToPixels(zone, size, size)).filter((rect) => rect.width > 0 && rect.height > 0)
      : zoneRects(redaction.zones, from, size);
  for (const filter of redactions.filter((r): r is Filter => r.method !== 'mask')) {
    const rects = rectsOf(filter);
    if (rects.length > 0) pixels = await applyFilter(pixels, filter, rects);
  }
  for (const mask of redactions.filter((r) => r.method === 'mask')) {
    for (const rect of rectsOf(mask)) fillRect(pixels, snapToJpegGrid(rect, size));
  }
  const regions = [...found.values()].reduce((sum, zones) => sum + zones.length, 0);
  return { image: await (await rawSharp(pixels)).jpeg(JPEG_OUTPUT).toBuffer(), anonymized: { regions } };
}

async function source(jpeg: Buffer): Promise<Sharp> {
  const sharp = await loadSharp();
  return sharp(jpeg, { autoOrient: true, failOn: 'error', limitInputPixels: MAX_SOURCE_PIXELS });
}

async function renderRedacted(jpeg: Buffer, redactions: readonly Redaction[], size: ImageSize): Promise<Buffer> {
  const filters = redactions.filter((r): r is Filter => r.method !== 'mask');
  const masks = redactions.filter((r) => r.method === 'mask');
  // The header read runs beside the decode rather than before it; only zones need the frame size.
  const frame = redactions.some((r) => r.zones !== undefined) ? sourceFrame(jpeg) : undefined;
  frame?.catch(() => undefined); // awaited later; this only keeps an earlier failure from leaving it unhandled
  if (filters.length === 0) return renderMasked(jpeg, masks, size, frame);

  const first = filters[0]!;
  const wholeFrameFirst = first.zones === undefined;
  let pixels = await (wholeFrameFirst ? decodeFiltered(jpeg, first, size) : decodeRaw(await source(jpeg), size, { fit: 'cover' }));
  const from = await frame;
  for (const filter of wholeFrameFirst ? filters.slice(1) : filters) {
    pixels = await applyFilter(pixels, filter, zoneRects(filter.zones, from, size));
  }
  for (const rect of maskRects(masks, from, size)) fillRect(pixels, rect);
  return (await rawSharp(pixels)).jpeg(JPEG_OUTPUT).toBuffer();
}

/**
 * Masks only: one pipeline, the rectangles cleared by ANDing with a 0/255 stencil on the way to
 * the encoder instead of a raw round trip through JavaScript. The stencil needs the frame size
 * up front, so the decode starts on the size in the JPEG header and is only kept if libvips' own
 * header read agrees (EXIF rotation can swap width and height); otherwise it is redone.
 */
async function renderMasked(jpeg: Buffer, masks: readonly Redaction[], size: ImageSize, frame: Promise<ImageSize> | undefined): Promise<Buffer> {
  const render = async (from: ImageSize | undefined): Promise<Buffer> =>
    (await source(jpeg))
      .resize(size.width, size.height, { fit: 'cover' })
      .removeAlpha()
      .toColourspace('srgb')
      .boolean(maskStencil(size, maskRects(masks, from, size)), 'and', { raw: { width: size.width, height: size.height, channels: 1 } })
      .jpeg(JPEG_OUTPUT)
      .toBuffer();
  if (!frame) return render(undefined);
  const guess = jpegFrameSize(jpeg);
  const speculative = guess ? render(guess) : undefined;
  speculative?.catch(() => undefined); // awaited below unless discarded
  const actual = await frame;
  if (speculative && guess!.width === actual.width && guess!.height === actual.height) return speculative;
  return render(actual);
}

async function sourceFrame(jpeg: Buffer): Promise<ImageSize> {
  const meta = await (await source(jpeg)).metadata();
  return { width: meta.autoOrient.width, height: meta.autoOrient.height };
}

/** The non-empty output rectangles of some zones; the whole image when there are none. */
function zoneRects(zones: readonly Zone[] | undefined, frame: ImageSize | undefined, size: ImageSize): PixelRect[] {
  if (!zones) return [wholeImage(size)];
  return zones.map((zone) => zoneToPixels(zone, frame!, size)).filter((rect) => rect.width > 0 && rect.height > 0);
}

function maskRects(masks: readonly Redaction[], frame: ImageSize | undefined, size: ImageSize): PixelRect[] {
  return masks.flatMap((mask) => zoneRects(mask.zones, frame, size)).map((rect) => snapToJpegGrid(rect, size));
}

/** One byte per pixel: 0 where a mask covers, 255 elsewhere. */
function maskStencil(size: ImageSize, rects: readonly PixelRect[]): Buffer {
  const stencil = Buffer.alloc(size.width * size.height, 255);
  for (const rect of rects) {
    for (let y = rect.top; y < rect.top + rect.height; y++) stencil.fill(0, y * size.width + rect.left, y * size.width + rect.left + rect.width);
  }
  return stencil;
}

/** Pixel strength of a filter at this output width. */
function blockSize(filter: Filter, size: ImageSize): number {
  return Math.max(2, Math.round(filter.strength * size.width));
}

function blurSigma(filter: Filter, size: ImageSize): number {
  return Math.max(0.5, filter.strength * size.width);
}

/** Size of the copy a blur of `sigma` runs on, so that the copy needs at most DIRECT_BLUR_MAX_SIGMA. */
function blurSize(rect: ImageSize, sigma: number): ImageSize {
  const factor = sigma / DIRECT_BLUR_MAX_SIGMA;
  return { width: Math.max(1, Math.round(rect.width / factor)), height: Math.max(1, Math.round(rect.height / factor)) };
}

/** The whole frame filtered straight from the JPEG, decoded no larger than the filter needs. */
async function decodeFiltered(jpeg: Buffer, filter: Filter, size: ImageSize): Promise<RawImage> {
  const blank = (): RawImage => ({ data: Buffer.allocUnsafe(size.width * size.height * CHANNELS), ...size }); // fully overwritten below
  if (filter.method === 'pixelate') {
    const shrink = Math.max(1, Math.floor(blockSize(filter, size) / PIXELATE_SAMPLES_PER_CELL));
    const smallSize = { width: Math.max(1, Math.round(size.width / shrink)), height: Math.max(1, Math.round(size.height / shrink)) };
    const small = await decodeRaw(await source(jpeg), smallSize, { fit: 'cover', fastShrinkOnLoad: true });
    const output = blank();
    pixelateRect(output, wholeImage(size), blockSize(filter, size), small);
    return output;
  }
  const sigma = blurSigma(filter, size);
  if (sigma <= DIRECT_BLUR_MAX_SIGMA) return decodeRaw(await source(jpeg), size, { fit: 'cover' }, sigma);
  const smallSize = blurSize(size, sigma);
  const small = await decodeRaw(await source(jpeg), smallSize, { fit: 'cover', fastShrinkOnLoad: true }, DIRECT_BLUR_MAX_SIGMA);
  const output = blank();
  upscaleInto(small, output, wholeImage(size));
  return output;
}

/** Scales `image` to exactly `size` (optionally blurred) as packed sRGB, checking what came out. */
async function decodeRaw(image: Sharp, size: ImageSize, resize: ResizeOptions, sigma?: number): Promise<RawImage> {
  let pipeline = image.resize(size.width, size.height, resize).removeAlpha().toColourspace('srgb');
  if (sigma !== undefined) pipeline = pipeline.blur(sigma);
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.width !== size.width || info.height !== size.height || info.channels !== CHANNELS) {
    throw new Error(`Decoded ${info.width}x${info.height}x${info.channels}, expected ${size.width}x${size.height}x${CHANNELS}.`);
  }
  return { data, width: size.width, height: size.height };
}

/** One filter step on the full-size image; may return a new image. */
async function applyFilter(pixels: RawImage, filter: Filter, rects: readonly PixelRect[]): Promise<RawImage> {
  if (filter.method === 'pixelate') {
    for (const rect of rects) pixelateRect(pixels, rect, blockSize(filter, pixels));
    return pixels;
  }
  const sigma = blurSigma(filter, pixels);
  if (rects.length === 1 && rects[0]!.width === pixels.width && rects[0]!.height === pixels.height && sigma <= DIRECT_BLUR_MAX_SIGMA) {
    return decodeRaw(await rawSharp(pixels), pixels, { fit: 'fill' }, sigma);
  }
  // Zones that do not overlap read nothing another one writes, so their blurs can run side by side.
  if (disjoint(rects)) {
    for (const writeBack of await Promise.all(rects.map((rect) => blurRegion(pixels, rect, sigma)))) writeBack();
  } else {
    for (const rect of rects) (await blurRegion(pixels, rect, sigma))();
  }
  return pixels;
}

/** Blurs one rectangle of `pixels` in libvips; the returned function writes the result back. */
async function blurRegion(pixels: RawImage, rect: PixelRect, sigma: number): Promise<() => void> {
  const region = (await rawSharp(pixels)).extract(rect);
  if (sigma <= DIRECT_BLUR_MAX_SIGMA) {
    const blurred = await decodeRaw(region, rect, { fit: 'fill' }, sigma);
    return () => copyIntoRect(blurred.data, pixels, rect);
  }
  const small = await decodeRaw(region, blurSize(rect, sigma), { fit: 'fill' }, DIRECT_BLUR_MAX_SIGMA);
  return () => upscaleInto(small, pixels, rect);
}

function disjoint(rects: readonly PixelRect[]): boolean {
  const overlap = (a: PixelRect, b: PixelRect): boolean => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
  return rects.every((a, i) => rects.slice(i + 1).every((b) => !overlap(a, b)));
}

async function rawSharp(image: RawImage): Promise<Sharp> {
  const sharp = await loadSharp();
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: CHANNELS } });
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
