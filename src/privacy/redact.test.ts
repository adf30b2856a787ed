/**
 * What renderSnapshot answers, whatever the treatment: a JPEG of the requested size without the
 * source's metadata, the original forwarded or scaled, the placeholder, failing closed, and zones
 * placed on the scene (cropped, rotated). The redaction methods themselves: redact-methods.test.ts.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import {
  brightest,
  decode,
  FRAME,
  HD,
  inset,
  jpegOf,
  maxOver,
  meanDifference,
  pixel,
  redacted,
  scaledSource,
  SMALL,
  sourcePixels,
  twoSources,
} from '../../test/support/redact-frames.js';
import { placeholderImage } from './placeholder.js';
import { renderSnapshot, snapToJpegGrid, zoneToPixels } from './redact.js';
import type { SnapshotTreatment, Zone } from './types.js';

describe('renderSnapshot', () => {
  let sourceA: Buffer;
  let sourceB: Buffer;
  beforeAll(async () => {
    ({ sourceA, sourceB } = await twoSources());
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
