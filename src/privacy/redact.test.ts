import { beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { placeholderImage } from './placeholder.js';
import { renderSnapshot, snapToJpegGrid, zoneToPixels, type ImageSize, type PixelRect } from './redact.js';
import type { Redaction, SnapshotTreatment, Zone } from './types.js';

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

/** A 1920×1080 test frame: colour gradients, a low-frequency pattern and seeded noise. */
function sourcePixels(seed: number, width = 1920, height = 1080): Raw {
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

async function jpegOf(raw: Raw, withPrivateMetadata = false): Promise<Buffer> {
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

async function decode(jpeg: Buffer): Promise<Raw> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The source scaled like renderSnapshot scales it, without JPEG re-encoding: the reference. */
async function scaledSource(jpeg: Buffer, size: ImageSize): Promise<Raw> {
  const { data, info } = await sharp(jpeg).resize(size.width, size.height, { fit: 'cover' }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const pixel = (raw: Raw, x: number, y: number): [number, number, number] => {
  const i = (y * raw.width + x) * 3;
  return [raw.data[i]!, raw.data[i + 1]!, raw.data[i + 2]!];
};

function forEachPixel(rect: PixelRect, visit: (x: number, y: number) => void): void {
  for (let y = rect.top; y < rect.top + rect.height; y++) for (let x = rect.left; x < rect.left + rect.width; x++) visit(x, y);
}

/** The largest value `measure` takes over a rectangle (one assertion instead of one per pixel). */
function maxOver(rect: PixelRect, measure: (x: number, y: number) => number): number {
  let max = 0;
  forEachPixel(rect, (x, y) => (max = Math.max(max, measure(x, y))));
  return max;
}

const brightest =
  (raw: Raw) =>
  (x: number, y: number): number =>
    Math.max(...pixel(raw, x, y));

const inset = (rect: PixelRect, by: number): PixelRect => ({
  left: rect.left + by,
  top: rect.top + by,
  width: Math.max(0, rect.width - 2 * by),
  height: Math.max(0, rect.height - 2 * by),
});

const near = (rect: PixelRect, x: number, y: number, margin: number): boolean =>
  x >= rect.left - margin && x < rect.left + rect.width + margin && y >= rect.top - margin && y < rect.top + rect.height + margin;

/** Mean absolute difference over the pixels `include` accepts. */
function meanDifference(a: Raw, b: Raw, include: (x: number, y: number) => boolean): number {
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
function detail(raw: Raw, rect: PixelRect): number {
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

const redacted = (...redactions: Redaction[]): SnapshotTreatment => ({ kind: 'redacted', redactions });
const HD: ImageSize = { width: 1280, height: 720 };
const SMALL: ImageSize = { width: 640, height: 360 };
const FRAME: ImageSize = { width: 1920, height: 1080 };
const whole: PixelRect = { left: 0, top: 0, width: HD.width, height: HD.height };

describe('renderSnapshot', () => {
  let sourceA: Buffer;
  let sourceB: Buffer;
  beforeAll(async () => {
    sourceA = await jpegOf(sourcePixels(1), true);
    sourceB = await jpegOf(sourcePixels(2));
  });

  it.each([
    ['original', { kind: 'original' }],
    ['pixelate', redacted({ method: 'pixelate', strength: 0.04 })],
    ['blur', redacted({ method: 'blur', strength: 0.03 })],
    ['mask', redacted({ method: 'mask', zones: [{ x: 0.1, y: 0.1, w: 0.2, h: 0.3 }] })],
    ['mask + blur', redacted({ method: 'mask', zones: [{ x: 0.1, y: 0.1, w: 0.2, h: 0.3 }] }, { method: 'blur', strength: 0.03 })],
    ['placeholder', { kind: 'placeholder' }],
  ] as [string, SnapshotTreatment][])('%s: a JPEG of exactly the requested size, with no metadata', async (_label, treatment) => {
    for (const size of [HD, SMALL]) {
      const output = await renderSnapshot(sourceA, treatment, size);
      const meta = await sharp(output).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', size.width, size.height]);
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(output.includes('secret')).toBe(false);
    }
    expect((await sharp(sourceA).metadata()).exif).toBeDefined(); // the source really had some
  });

  it('original: a JPEG with nothing to interpret is forwarded as the camera sent it, without its metadata and without a decode', async () => {
    const tagged = await sharp(await jpegOf(sourcePixels(3, 640, 480)))
      .withExif({ IFD0: { Copyright: 'secret-owner' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/">secret-xmp</x:xmpmeta>')
      .jpeg({ quality: 92 })
      .toBuffer();
    for (const size of [HD, SMALL]) {
      const output = await renderSnapshot(tagged, { kind: 'original' }, size);
      const meta = await sharp(output).metadata();
      expect([meta.width, meta.height, meta.exif, meta.xmp, output.includes('secret')]).toEqual([640, 480, undefined, undefined, false]);
      // The same entropy-coded data: bytes decoded, not re-encoded.
      expect((await decode(output)).data.equals((await decode(tagged)).data)).toBe(true);
    }
    expect(await renderSnapshot(sourceB, { kind: 'original' }, SMALL)).toBe(sourceB);
  });

  // sourceA carries a colour profile, which only a decode can apply: its 'original' is scaled and re-encoded.
  it('original: the scaled source, within JPEG tolerance', async () => {
    const output = await decode(await renderSnapshot(sourceA, { kind: 'original' }, HD));
    expect(meanDifference(output, await scaledSource(sourceA, HD), () => true)).toBeLessThan(3);
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

  it('keeps zones on the scene when a 4:3 source is cropped to 16:9', async () => {
    const square = await jpegOf(sourcePixels(3, 1440, 1080));
    const zone: Zone = { x: 0.25, y: 0.25, w: 0.5, h: 0.5 };
    const rect = zoneToPixels(zone, { width: 1440, height: 1080 }, HD);
    expect(rect).toEqual({ left: 320, top: 120, width: 640, height: 480 });
    const output = await decode(await renderSnapshot(square, redacted({ method: 'mask', zones: [zone] }), HD));
    expect(maxOver(inset(rect, 1), brightest(output))).toBeLessThanOrEqual(4);
    expect(maxOver(rect, brightest(output))).toBeLessThanOrEqual(48);
    expect(Math.max(...pixel(output, 100, 60))).toBeGreaterThan(20);
  });

  it('mask on a source rotated by EXIF: zones follow the upright frame', async () => {
    // Stored 1920×1080 but shown upright as 1080×1920, so the header size is not the frame size.
    const rotated = await sharp(sourcePixels(4).data, { raw: { width: 1920, height: 1080, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 92 })
      .toBuffer();
    const upright = { width: 1080, height: 1920 };
    const zone: Zone = { x: 0.1, y: 0.3, w: 0.5, h: 0.1 };
    const output = await decode(await renderSnapshot(rotated, redacted({ method: 'mask', zones: [zone] }), HD));
    const rect = snapToJpegGrid(zoneToPixels(zone, upright, HD), HD);
    expect(maxOver(inset(rect, 1), brightest(output))).toBe(0);
    const misplaced = snapToJpegGrid(zoneToPixels(zone, FRAME, HD), HD);
    expect(maxOver(inset(misplaced, 1), brightest(output))).toBeGreaterThan(20);
  });

  it('placeholder: the same bytes whatever the source, even garbage', async () => {
    for (const size of [HD, SMALL]) {
      const expected = await placeholderImage(size);
      expect((await renderSnapshot(sourceA, { kind: 'placeholder' }, size)).equals(expected)).toBe(true);
      expect((await renderSnapshot(sourceB, { kind: 'placeholder' }, size)).equals(expected)).toBe(true);
      expect((await renderSnapshot(Buffer.from('not a jpeg'), { kind: 'placeholder' }, size)).equals(expected)).toBe(true);
    }
  });

  it('fails closed: an unreadable source yields the placeholder and reports the error', async () => {
    const errors: unknown[] = [];
    const truncated = sourceA.subarray(0, 2000);
    for (const treatment of [{ kind: 'original' }, redacted({ method: 'blur', strength: 0.03 })] as SnapshotTreatment[]) {
      for (const input of [Buffer.from('garbage'), truncated]) {
        const output = await renderSnapshot(input, treatment, SMALL, { onError: (e) => errors.push(e) });
        expect(output.equals(await placeholderImage(SMALL))).toBe(true);
      }
    }
    expect(errors).toHaveLength(4);
  });

  it('refuses nonsense sizes', async () => {
    await expect(renderSnapshot(sourceA, { kind: 'original' }, { width: 0, height: 360 })).rejects.toThrow(RangeError);
    await expect(renderSnapshot(sourceA, { kind: 'original' }, { width: 640.5, height: 360 })).rejects.toThrow(RangeError);
  });
});

describe('zone geometry', () => {
  it('maps fractions to pixels, rounding outwards but not past float noise', () => {
    expect(zoneToPixels({ x: 0.1, y: 0, w: 0.3, h: 0.5 }, FRAME, HD)).toEqual({ left: 128, top: 0, width: 384, height: 360 });
    // 0.64–1.28 px wide touches pixels 0 and 1; 0.36–0.72 px high touches row 0 only.
    expect(zoneToPixels({ x: 0.001, y: 0.001, w: 0.001, h: 0.001 }, FRAME, SMALL)).toEqual({ left: 0, top: 0, width: 2, height: 1 });
    expect(zoneToPixels({ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }, FRAME, SMALL)).toEqual({ left: 320, top: 180, width: 320, height: 180 });
  });

  it('drops the parts of a zone the crop cuts away', () => {
    // 4:3 → 16:9 crops 1/8 of the height at top and bottom.
    expect(zoneToPixels({ x: 0, y: 0, w: 1, h: 0.1 }, { width: 1440, height: 1080 }, HD)).toEqual({ left: 0, top: 0, width: 1280, height: 0 });
  });

  it('snaps masks outwards to whole 16-pixel macroblocks', () => {
    expect(snapToJpegGrid({ left: 17, top: 3, width: 10, height: 40 }, SMALL)).toEqual({ left: 16, top: 0, width: 16, height: 48 });
    expect(snapToJpegGrid({ left: 630, top: 350, width: 10, height: 10 }, SMALL)).toEqual({ left: 624, top: 336, width: 16, height: 24 });
  });
});
