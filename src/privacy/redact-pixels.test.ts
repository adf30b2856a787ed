import { describe, expect, it } from '@jest/globals';
import { CHANNELS, copyIntoRect, fillRect, pixelateRect, upscaleInto, wholeImage, type PixelRect, type RawImage } from './redact-pixels.js';

function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RawImage {
  const data = Buffer.alloc(width * height * CHANNELS);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * CHANNELS);
  }
  return { data, width, height };
}

const at = (img: RawImage, x: number, y: number): number[] => [...img.data.subarray((y * img.width + x) * CHANNELS, (y * img.width + x + 1) * CHANNELS)];

const inside = (rect: PixelRect, x: number, y: number): boolean => x >= rect.left && x < rect.left + rect.width && y >= rect.top && y < rect.top + rect.height;

/** Distinct colours everywhere, so any stray write shows. */
const pattern = (x: number, y: number): [number, number, number] => [(x * 7 + y * 3) % 256, (x * 11 + y * 13) % 256, (x + y * 5) % 256];

describe('pixelateRect', () => {
  it('replaces each block with the exact mean of the pixels under it, aligned to the rectangle corner', () => {
    const img = image(10, 6, (x, y) => [x * 10, y * 20, 100]);
    const rect = { left: 1, top: 1, width: 7, height: 4 };
    const before = image(10, 6, (x, y) => [x * 10, y * 20, 100]);
    pixelateRect(img, rect, 3);
    // Cells: x 1–3, 4–6, 7 (a narrow edge cell); y 1–3, 4.
    expect(at(img, 1, 1)).toEqual([20, 40, 100]);
    expect(at(img, 3, 3)).toEqual([20, 40, 100]);
    expect(at(img, 5, 2)).toEqual([50, 40, 100]);
    expect(at(img, 7, 1)).toEqual([70, 40, 100]);
    expect(at(img, 2, 4)).toEqual([20, 80, 100]);
    expect(at(img, 7, 4)).toEqual([70, 80, 100]);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 10; x++) if (!inside(rect, x, y)) expect(at(img, x, y)).toEqual(at(before, x, y));
    }
  });

  it('rounds means to the nearest level', () => {
    const img = image(2, 1, (x) => [x === 0 ? 0 : 3, x === 0 ? 0 : 1, 255]);
    pixelateRect(img, wholeImage(img), 2);
    expect(at(img, 0, 0)).toEqual([2, 1, 255]); // 1.5 → 2, 0.5 → 1 (half up)
  });

  it('reads means from a smaller copy of the same picture, covering every output pixel', () => {
    // The copy is the full picture averaged 4×4, so its means equal those of the full picture.
    const small = image(4, 2, (x, y) => [x < 2 ? 40 : 200, y < 1 ? 10 : 90, 0]);
    const out: RawImage = { data: Buffer.alloc(16 * 8 * CHANNELS, 7), width: 16, height: 8 };
    pixelateRect(out, wholeImage(out), 8, small);
    const direct = image(16, 8, (x, y) => [x < 8 ? 40 : 200, y < 4 ? 10 : 90, 0]);
    pixelateRect(direct, wholeImage(direct), 8);
    expect(out.data.equals(direct.data)).toBe(true);
    expect(at(out, 0, 0)).toEqual([40, 50, 0]);
    expect(at(out, 15, 7)).toEqual([200, 50, 0]);
  });

  it('gives a narrow edge cell the copy pixel under it when no copy pixel centre falls inside', () => {
    // 10 px output, blocks of 4: the last cell is x 8–9; the 2 px copy has centres at 2.5 and 7.5.
    const small = image(2, 1, (x) => [x * 200, 0, 0]);
    const out: RawImage = { data: Buffer.alloc(10 * CHANNELS), width: 10, height: 1 };
    pixelateRect(out, wholeImage(out), 4, small);
    expect([at(out, 0, 0)[0], at(out, 4, 0)[0], at(out, 9, 0)[0]]).toEqual([0, 200, 200]);
  });
});

describe('upscaleInto', () => {
  it('keeps a flat colour exactly flat', () => {
    const small = image(3, 2, () => [17, 130, 255]);
    const out = image(40, 30, pattern);
    upscaleInto(small, out, wholeImage(out));
    for (let y = 0; y < 30; y++) for (let x = 0; x < 40; x++) expect(at(out, x, y)).toEqual([17, 130, 255]);
  });

  it('interpolates linearly between sample centres and clamps at the edges', () => {
    const small = image(2, 1, (x) => [x === 0 ? 0 : 200, 0, 0]);
    const out: RawImage = { data: Buffer.alloc(8 * CHANNELS), width: 8, height: 1 };
    upscaleInto(small, out, wholeImage(out));
    // Centres of the 2 samples land on output x = 1.5 and 5.5.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((x) => at(out, x, 0)[0])).toEqual([0, 0, 25, 75, 125, 175, 200, 200]);
  });

  it('is the identity at the same size', () => {
    const small = image(9, 5, pattern);
    const out = image(9, 5, () => [0, 0, 0]);
    upscaleInto(small, out, wholeImage(out));
    expect(out.data.equals(small.data)).toBe(true);
  });

  it('writes only inside the rectangle', () => {
    const out = image(20, 12, pattern);
    const before = image(20, 12, pattern);
    const rect = { left: 3, top: 2, width: 11, height: 7 };
    upscaleInto(
      image(2, 2, () => [1, 2, 3]),
      out,
      rect,
    );
    for (let y = 0; y < 12; y++) {
      for (let x = 0; x < 20; x++) expect(at(out, x, y)).toEqual(inside(rect, x, y) ? [1, 2, 3] : at(before, x, y));
    }
  });
});

describe('fillRect and copyIntoRect', () => {
  it('touch exactly the rectangle', () => {
    const out = image(12, 9, pattern);
    const before = image(12, 9, pattern);
    const rect = { left: 2, top: 3, width: 5, height: 4 };
    fillRect(out, rect);
    copyIntoRect(Buffer.alloc(2 * 2 * CHANNELS, 9), out, { left: 10, top: 7, width: 2, height: 2 });
    for (let y = 0; y < 9; y++) {
      for (let x = 0; x < 12; x++) {
        const expected = inside(rect, x, y) ? [0, 0, 0] : x >= 10 && y >= 7 ? [9, 9, 9] : at(before, x, y);
        expect(at(out, x, y)).toEqual(expected);
      }
    }
  });
});
