/**
 * The redaction methods in renderSnapshot: masks cover their zones fully, pixelation and blur
 * remove detail over the whole picture or inside zones only, leave the rest as the original
 * render, combine, and run in the listed order.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  brightest,
  decode,
  detail,
  FRAME,
  HD,
  inset,
  maxOver,
  meanDifference,
  near,
  pixel,
  type Raw,
  redacted,
  scaledSource,
  SMALL,
  twoSources,
  whole,
} from '../../test/support/redact-frames.js';
import { renderSnapshot, snapToJpegGrid, zoneToPixels } from './redact.js';
import type { Redaction, Zone } from './types.js';

describe('renderSnapshot: mask, pixelate and blur', () => {
  let sourceA: Buffer;
  let sourceB: Buffer;
  beforeAll(async () => {
    ({ sourceA, sourceB } = await twoSources());
  });

  it('mask: zones fully covered, whatever the source; the rest untouched', async () => {
    const zones: Zone[] = [
      { x: 0.1, y: 0.05, w: 0.3, h: 0.5 },
      { x: 0.73, y: 0.61, w: 0.2, h: 0.33 },
    ];
    const treatment = redacted({ method: 'mask', zones });
    const a = await decode(await renderSnapshot(sourceA, treatment, HD));
    const b = await decode(await renderSnapshot(sourceB, treatment, HD));
    const rects = zones.map((z) => zoneToPixels(z, FRAME, HD));
    for (const rect of rects) {
      // Inside: black. On the edge row/column the decoder's chroma upsampling may tint a pixel with
      // the colour *outside* the zone; it never carries anything from under the mask.
      expect(maxOver(inset(rect, 1), brightest(a))).toBeLessThanOrEqual(4);
      expect(maxOver(rect, brightest(a))).toBeLessThanOrEqual(48);
      // Nothing of the source survives: two different sources give the same zone interior.
      expect(maxOver(inset(rect, 1), (x, y) => Math.max(...pixel(a, x, y).map((v, c) => Math.abs(v - pixel(b, x, y)[c]!))))).toBeLessThanOrEqual(4);
    }
    const outside = (x: number, y: number): boolean => !rects.some((r) => near(r, x, y, 16));
    expect(meanDifference(a, await scaledSource(sourceA, HD), outside)).toBeLessThan(3);
  });

  it('pixelate: uniform blocks over the whole image, still showing the rough picture', async () => {
    const strength = 0.04;
    const block = Math.round(strength * HD.width);
    const output = await decode(await renderSnapshot(sourceA, redacted({ method: 'pixelate', strength }), HD));
    const reference = await scaledSource(sourceA, HD);
    const means: number[] = [];
    let spread = 0;
    let referenceSpread = 0;
    for (let top = 0; top + block <= HD.height; top += block) {
      for (let left = 0; left + block <= HD.width; left += block) {
        // 16 px in from the cell edges every JPEG block (4:2:0 chroma blocks are 16×16) lies wholly
        // inside the cell, so a uniform cell decodes back uniform.
        const cell = inset({ left, top, width: block, height: block }, 16);
        const first = pixel(output, left + (block >> 1), top + (block >> 1));
        spread = Math.max(
          spread,
          maxOver(cell, (x, y) => Math.max(...pixel(output, x, y).map((v, c) => Math.abs(v - first[c]!)))),
        );
        const centre = pixel(reference, left + (block >> 1), top + (block >> 1));
        referenceSpread = Math.max(
          referenceSpread,
          maxOver(cell, (x, y) => Math.max(...pixel(reference, x, y).map((v, c) => Math.abs(v - centre[c]!)))),
        );
        means.push(first[0]);
      }
    }
    expect(spread).toBeLessThanOrEqual(2); // uniform...
    expect(referenceSpread).toBeGreaterThan(40); // ...where the unpixelated picture varies a lot
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(100); // not a flat image
    expect(meanDifference(output, reference, () => true)).toBeLessThan(25);
  });

  it('pixelate a zone: blocks inside, the source outside', async () => {
    const zone: Zone = { x: 0.5, y: 0.25, w: 0.25, h: 0.5 };
    const output = await decode(await renderSnapshot(sourceA, redacted({ method: 'pixelate', strength: 0.05, zones: [zone] }), HD));
    const rect = zoneToPixels(zone, FRAME, HD);
    const reference = await scaledSource(sourceA, HD);
    expect(detail(output, inset(rect, 4))).toBeLessThan(detail(reference, inset(rect, 4)) / 4);
    expect(meanDifference(output, reference, (x, y) => !near(rect, x, y, 16))).toBeLessThan(3);
  });

  it('blur: removes detail over the whole image or only inside zones', async () => {
    const reference = await scaledSource(sourceA, HD);
    const all = await decode(await renderSnapshot(sourceA, redacted({ method: 'blur', strength: 0.03 }), HD));
    expect(detail(all, whole)).toBeLessThan(detail(reference, whole) / 4);

    const zone: Zone = { x: 0, y: 0.5, w: 0.5, h: 0.5 };
    const rect = zoneToPixels(zone, FRAME, HD);
    const some = await decode(await renderSnapshot(sourceA, redacted({ method: 'blur', strength: 0.01, zones: [zone] }), HD));
    expect(detail(some, inset(rect, 4))).toBeLessThan(detail(reference, inset(rect, 4)) / 3);
    expect(meanDifference(some, reference, (x, y) => !near(rect, x, y, 16))).toBeLessThan(3);
  });

  it('mask + blur combine: the mask stays opaque on top of the blur', async () => {
    const zone: Zone = { x: 0.4, y: 0.4, w: 0.2, h: 0.2 };
    const output = await decode(await renderSnapshot(sourceA, redacted({ method: 'mask', zones: [zone] }, { method: 'blur', strength: 0.03 }), HD));
    const rect = zoneToPixels(zone, FRAME, HD);
    expect(maxOver(inset(rect, 1), brightest(output))).toBeLessThanOrEqual(4);
    expect(maxOver(rect, brightest(output))).toBeLessThanOrEqual(48);
    expect(detail(output, { left: 0, top: 0, width: 400, height: 200 })).toBeLessThan(
      detail(await scaledSource(sourceA, HD), { left: 0, top: 0, width: 400, height: 200 }) / 4,
    );
  });

  it.each([
    ['mask', []],
    ['mask + blur', [{ method: 'blur', strength: 0.03 }]],
    ['mask + pixelate', [{ method: 'pixelate', strength: 0.04 }]],
    ['mask + zone blur', [{ method: 'blur', strength: 0.03, zones: [{ x: 0.2, y: 0.2, w: 0.3, h: 0.3 }] }]],
  ] as [string, Redaction[]][])('%s: the mask interior is exactly black at every size', async (_label, others) => {
    const zones: Zone[] = [
      { x: 0.1, y: 0.05, w: 0.3, h: 0.5 },
      { x: 0.73, y: 0.61, w: 0.2, h: 0.33 },
    ];
    for (const size of [HD, SMALL]) {
      const output = await decode(await renderSnapshot(sourceA, redacted({ method: 'mask', zones }, ...others), size));
      for (const zone of zones) {
        // Only the outermost ring of the snapped rectangle may pick up chroma from its neighbours.
        expect(maxOver(inset(snapToJpegGrid(zoneToPixels(zone, FRAME, size), size), 1), brightest(output))).toBe(0);
      }
    }
  });

  it.each([
    ['blur', { method: 'blur', strength: 0.03 }, 2],
    ['pixelate', { method: 'pixelate', strength: 0.04 }, 2.5],
  ] as [string, Redaction, number][])('whole-frame %s: decoding small first looks the same as filtering the full-size image', async (_label, filter, tolerance) => {
    // A leading step with no zones does nothing but sends the render down the full-size path.
    const fullSize = redacted({ method: 'pixelate', strength: 0.04, zones: [] }, filter);
    for (const size of [HD, SMALL]) {
      const fast = await decode(await renderSnapshot(sourceA, redacted(filter), size));
      const full = await decode(await renderSnapshot(sourceA, fullSize, size));
      const original = await decode(await renderSnapshot(sourceA, { kind: 'original' }, size));
      expect(meanDifference(fast, full, () => true)).toBeLessThan(tolerance);
      expect(meanDifference(fast, original, () => true)).toBeGreaterThan(5 * tolerance); // the filter did something
    }
  });

  it('blur of a zone wider than the direct kernel: blurred inside, the original render elsewhere', async () => {
    const zone: Zone = { x: 0.3, y: 0.2, w: 0.4, h: 0.5 };
    const rect = zoneToPixels(zone, FRAME, HD);
    const original = await decode(await renderSnapshot(sourceA, { kind: 'original' }, HD));
    const output = await decode(await renderSnapshot(sourceA, redacted({ method: 'blur', strength: 0.03, zones: [zone] }), HD));
    expect(detail(output, inset(rect, 4))).toBeLessThan(detail(original, inset(rect, 4)) / 4);
    expect(meanDifference(output, original, (x, y) => near(inset(rect, 4), x, y, 0))).toBeGreaterThan(5);
    expect(meanDifference(output, original, (x, y) => !near(rect, x, y, 16))).toBeLessThan(1);
  });

  it.each([
    ['overlapping', { x: 0.3, y: 0.3, w: 0.3, h: 0.3 }],
    ['separate', { x: 0.7, y: 0.6, w: 0.2, h: 0.3 }],
  ] as [string, Zone][])('blur of several %s zones: the same as one zone after the other', async (_label, second) => {
    const first: Zone = { x: 0.1, y: 0.1, w: 0.35, h: 0.35 };
    for (const strength of [0.003, 0.03]) {
      const together = await renderSnapshot(sourceA, redacted({ method: 'blur', strength, zones: [first, second] }), HD);
      const inTurn = await renderSnapshot(sourceA, redacted({ method: 'blur', strength, zones: [first] }, { method: 'blur', strength, zones: [second] }), HD);
      expect(together.equals(inTurn)).toBe(true);
    }
  });

  it('runs pixelate and blur steps in the listed order', async () => {
    const zone: Zone = { x: 0.5, y: 0.25, w: 0.25, h: 0.5 };
    const rect = inset(zoneToPixels(zone, FRAME, HD), 4);
    const pixelate: Redaction = { method: 'pixelate', strength: 0.04, zones: [zone] };
    const blur: Redaction = { method: 'blur', strength: 0.003 };
    /** The largest jump between horizontal neighbours: cell edges after pixelation, none once blurred. */
    const largestStep = (raw: Raw): number =>
      maxOver({ ...rect, width: rect.width - 1 }, (x, y) => Math.max(...pixel(raw, x, y).map((v, c) => Math.abs(v - pixel(raw, x + 1, y)[c]!))));
    const blurThenPixelate = await decode(await renderSnapshot(sourceA, redacted(blur, pixelate), HD));
    const pixelateThenBlur = await decode(await renderSnapshot(sourceA, redacted(pixelate, blur), HD));
    expect(largestStep(blurThenPixelate)).toBeGreaterThan(20);
    expect(largestStep(pixelateThenBlur)).toBeLessThan(largestStep(blurThenPixelate) / 2);
  });
});
