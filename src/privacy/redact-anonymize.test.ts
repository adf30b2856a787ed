/**
 * Anonymizing redactions in the renderer, with stand-in face finders (the shipped detector has
 * its own tests in anonymize/): the finder sees the scaled picture before any step changes it,
 * each step treats the areas found for its target (widened to the head), the rest of the picture
 * is as the other steps leave it, the report counts the regions, and any failure of the finder
 * (it throws, rejects, answers garbage or never answers) gives the placeholder, never the picture.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import sharp from 'sharp';
import type { FaceFinder } from './anonymize/find-regions.js';
import { placeholderImage } from './placeholder.js';
import { renderSnapshotReport, zoneToPixels, type ImageSize } from './redact.js';
import type { RawImage } from './redact-pixels.js';
import type { SnapshotTreatment, Zone } from './types.js';

const SIZE: ImageSize = { width: 640, height: 360 };
/** The finder's answer: one face, in fractions of the picture. */
const FACE: Zone = { x: 0.45, y: 0.3, w: 0.1, h: 0.2 };

/** A frame with detail everywhere (a blur or a mask shows), as a JPEG of exactly SIZE. */
async function frame(): Promise<Buffer> {
  const data = Buffer.alloc(SIZE.width * SIZE.height * 3);
  for (let y = 0; y < SIZE.height; y++) {
    for (let x = 0; x < SIZE.width; x++) {
      const i = (y * SIZE.width + x) * 3;
      const check = (Math.floor(x / 16) + Math.floor(y / 16)) % 2 === 0 ? 200 : 60;
      data[i] = check;
      data[i + 1] = (x * 255) / SIZE.width;
      data[i + 2] = (y * 255) / SIZE.height;
    }
  }
  return sharp(data, { raw: { ...SIZE, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function decode(jpeg: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference of two decoded pictures over a rectangle, per channel value. */
function difference(a: RawImage, b: RawImage, rect: { left: number; top: number; width: number; height: number }): number {
  let sum = 0;
  for (let y = rect.top; y < rect.top + rect.height; y++) {
    for (let x = rect.left; x < rect.left + rect.width; x++) {
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
    }
  }
  return sum / (rect.width * rect.height * 3);
}

const treatment = (method: 'blur' | 'pixelate' | 'mask', extra: object = {}): SnapshotTreatment => ({
  kind: 'redacted',
  redactions: [method === 'mask' ? { method, anonymize: 'faces', ...extra } : { method, strength: 0.03, anonymize: 'faces', ...extra }],
});

describe('anonymizing redactions', () => {
  it('the finder sees the unchanged picture; each method changes the face area and leaves the rest of the picture as it was', async () => {
    const jpeg = await frame();
    const original = await decode(jpeg);
    // The face area, and a strip far from it, in output pixels.
    const face = zoneToPixels(FACE, SIZE, SIZE);
    const away = { left: 0, top: 300, width: 200, height: 50 };
    for (const method of ['blur', 'pixelate', 'mask'] as const) {
      const seen: RawImage[] = [];
      const find: FaceFinder = async (image) => {
        seen.push({ ...image, data: Buffer.from(image.data) });
        return [FACE];
      };
      const { image, anonymized } = await renderSnapshotReport(jpeg, treatment(method), SIZE, { findFaces: find });
      expect(anonymized).toEqual({ regions: 1 });
      expect(seen).toHaveLength(1);
      expect(difference(seen[0]!, original, { left: 0, top: 0, ...SIZE })).toBeLessThan(6);
      const out = await decode(image);
      expect(difference(out, original, face)).toBeGreaterThan(20);
      expect(difference(out, original, away)).toBeLessThan(6);
      if (method === 'mask') expect(difference(out, { ...out, data: Buffer.alloc(out.data.length) }, face)).toBeLessThan(6);
    }
  });

  it('no face found: nothing to treat, the picture goes as it is (re-encoded), and the report says 0 regions', async () => {
    const jpeg = await frame();
    const { image, anonymized } = await renderSnapshotReport(jpeg, treatment('blur'), SIZE, { findFaces: async () => [] });
    expect(anonymized).toEqual({ regions: 0 });
    expect(difference(await decode(image), await decode(jpeg), { left: 0, top: 0, ...SIZE })).toBeLessThan(6);
  });

  it('combines with zone steps: a zone is masked and the face blurred in one picture', async () => {
    const jpeg = await frame();
    const original = await decode(jpeg);
    const zone: Zone = { x: 0, y: 0, w: 0.25, h: 0.25 };
    const both: SnapshotTreatment = {
      kind: 'redacted',
      redactions: [
        { method: 'blur', strength: 0.03, anonymize: 'faces' },
        { method: 'mask', zones: [zone] },
      ],
    };
    const { image, anonymized } = await renderSnapshotReport(jpeg, both, SIZE, { findFaces: async () => [FACE] });
    expect(anonymized).toEqual({ regions: 1 });
    const out = await decode(image);
    expect(difference(out, original, zoneToPixels(FACE, SIZE, SIZE))).toBeGreaterThan(20);
    expect(difference(out, { ...out, data: Buffer.alloc(out.data.length) }, zoneToPixels(zone, SIZE, SIZE))).toBeLessThan(6);
  });

  it('property: whatever goes wrong in the finder, the answer is the placeholder and the report says why', async () => {
    const jpeg = await frame();
    const placeholder = await placeholderImage(SIZE);
    const failures: Array<[string, FaceFinder, string]> = [
      [
        'throws',
        () => {
          throw new Error('boom');
        },
        'error',
      ],
      ['rejects', async () => Promise.reject(new Error('boom')), 'error'],
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a finder is foreign code; it may reject with anything
      ['rejects with a non-error', async () => Promise.reject('nope'), 'error'],
      ['answers no list', async () => 'faces' as unknown as Zone[], 'error'],
      ['never answers', () => new Promise<Zone[]>(() => undefined), 'timeout'],
      ['answers too late', (_image, timeoutMs) => new Promise<Zone[]>((resolve) => setTimeout(() => resolve([]), timeoutMs + 50)), 'timeout'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...failures), fc.constantFrom<'blur' | 'pixelate' | 'mask'>('blur', 'pixelate', 'mask'), async ([, find, reason], method) => {
        const { image, anonymized } = await renderSnapshotReport(jpeg, treatment(method), SIZE, { findFaces: find, anonymizeTimeoutMs: 60 });
        expect(image.equals(placeholder)).toBe(true);
        expect(anonymized).toEqual({ failed: reason });
      }),
      { numRuns: 30 },
    );
  });

  it('an unreadable box from the finder covers the whole picture rather than nothing', async () => {
    const jpeg = await frame();
    const original = await decode(jpeg);
    const { image } = await renderSnapshotReport(jpeg, treatment('mask'), SIZE, { findFaces: async () => [{ x: Number.NaN, y: 0, w: 0.1, h: 0.1 }] });
    const out = await decode(image);
    expect(difference(out, original, { left: 0, top: 300, width: 200, height: 50 })).toBeGreaterThan(20);
  });
});
