import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  decodeOutput,
  intersectionOverUnion,
  nonMaxSuppression,
  prepareInput,
  resampleRgb,
  TINY_FACE_ANCHORS,
  TINY_FACE_BOX_ENCODING,
  TINY_FACE_MEAN_RGB,
  type NetworkInput,
  type RgbImage,
  type ScoredBox,
} from './tiny-face-model.js';

function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  return { data, width, height };
}

const logit = (p: number): number => Math.log(p / (1 - p));

describe('resampleRgb', () => {
  test('keeps a plain colour plain at any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (w, h, tw, th) => {
        const out = resampleRgb(
          image(w, h, () => [10, 120, 250]),
          tw,
          th,
        );
        expect(out.length).toBe(tw * th * 3);
        for (let i = 0; i < out.length; i += 3) {
          expect(out[i]).toBeCloseTo(10, 3);
          expect(out[i + 1]).toBeCloseTo(120, 3);
          expect(out[i + 2]).toBeCloseTo(250, 3);
        }
      }),
    );
  });

  test('shrinking averages every source pixel (a one-pixel face is not skipped)', () => {
    const src = image(4, 4, (x, y) => (x === 3 && y === 3 ? [255, 255, 255] : [0, 0, 0]));
    const out = resampleRgb(src, 2, 2);
    expect([...out.subarray(9, 12)]).toEqual([63.75, 63.75, 63.75]);
    expect(out[0]).toBe(0);
  });

  test('keeps the mean brightness when shrinking by any factor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (w, h, seed) => {
        const src = image(w, h, (x, y) => [(x * 37 + y * 11 + seed) % 256, 0, 0]);
        const tw = Math.max(1, Math.floor(w / 2));
        const th = Math.max(1, Math.floor(h / 2));
        const out = resampleRgb(src, tw, th);
        let before = 0;
        for (let i = 0; i < src.data.length; i += 3) before += src.data[i]!;
        let after = 0;
        for (let i = 0; i < out.length; i += 3) after += out[i]!;
        expect(after / (tw * th)).toBeCloseTo(before / (w * h), 2);
      }),
    );
  });
});

describe('prepareInput', () => {
  test('puts the scaled picture top-left in the square and pads the rest with black', () => {
    const input = prepareInput(
      image(1280, 720, () => [200, 100, 50]),
      64,
    );
    expect(input).toMatchObject({ size: 64, width: 64, height: 36 });
    expect(input.data.length).toBe(64 * 64 * 3);
    const [r, g, b] = TINY_FACE_MEAN_RGB;
    const at = (x: number, y: number): number[] => [...input.data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)];
    for (const [x, y] of [
      [0, 0],
      [63, 35],
    ] as const) {
      const [pr, pg, pb] = at(x, y);
      expect(pr).toBeCloseTo((200 - r) / 255, 5);
      expect(pg).toBeCloseTo((100 - g) / 255, 5);
      expect(pb).toBeCloseTo((50 - b) / 255, 5);
    }
    const [qr, qg, qb] = at(10, 36);
    expect(qr).toBeCloseTo(-r / 255, 6);
    expect(qg).toBeCloseTo(-g / 255, 6);
    expect(qb).toBeCloseTo(-b / 255, 6);
  });

  test('enlarges a picture smaller than the square (as face-api does)', () => {
    const input = prepareInput(
      image(16, 32, () => [0, 0, 0]),
      64,
    );
    expect(input).toMatchObject({ width: 32, height: 64 });
  });

  test('rejects a size the network cannot take', () => {
    const img = image(8, 8, () => [0, 0, 0]);
    for (const size of [0, 32, 100, 2048, 64.5]) expect(() => prepareInput(img, size)).toThrow(RangeError);
  });
});

describe('decodeOutput', () => {
  const square: NetworkInput = { data: new Float32Array(0), size: 64, width: 64, height: 64 };

  function grid(cells: number, set: (cell: { row: number; col: number; anchor: number }) => number[] | undefined): Float32Array {
    const anchors = TINY_FACE_ANCHORS.length;
    const out = new Float32Array(cells * cells * anchors * TINY_FACE_BOX_ENCODING).fill(-20);
    for (let row = 0; row < cells; row++) {
      for (let col = 0; col < cells; col++) {
        for (let anchor = 0; anchor < anchors; anchor++) {
          const values = set({ row, col, anchor });
          if (values) out.set(values, ((row * cells + col) * anchors + anchor) * TINY_FACE_BOX_ENCODING);
        }
      }
    }
    return out;
  }

  test('reads a box centred in its cell, sized by its anchor', () => {
    // Cell (row 1, col 0) of a 2×2 grid, anchor 0, offsets 0 (sigmoid 0.5), size factor e^0 = 1, score 0.9.
    const out = grid(2, ({ row, col, anchor }) => (row === 1 && col === 0 && anchor === 0 ? [0, 0, 0, 0, logit(0.9)] : undefined));
    const [box, ...rest] = decodeOutput(out, 2, square, 0.5);
    expect(rest).toEqual([]);
    const [aw, ah] = TINY_FACE_ANCHORS[0]!;
    expect(box!.score).toBeCloseTo(0.9, 6);
    expect(box!.x + box!.w / 2).toBeCloseTo(0.25, 6);
    expect(box!.y + box!.h / 2).toBeCloseTo(0.75, 6);
    expect(box!.w).toBeCloseTo(aw / 2, 6);
    expect(box!.h).toBeCloseTo(ah / 2, 6);
  });

  test('maps boxes from the padded square to the picture', () => {
    const wide: NetworkInput = { data: new Float32Array(0), size: 64, width: 64, height: 32 };
    const out = grid(2, ({ row, col, anchor }) => (row === 0 && col === 1 && anchor === 2 ? [0, 0, 0, 0, logit(0.8)] : undefined));
    const [box] = decodeOutput(out, 2, wide, 0.5);
    // The picture is the top half of the square: fractions of it are doubled vertically.
    expect(box!.y + box!.h / 2).toBeCloseTo(0.5, 6);
    expect(box!.x + box!.w / 2).toBeCloseTo(0.75, 6);
  });

  test('keeps only scores above the threshold', () => {
    const out = grid(1, ({ anchor }) => [0, 0, 0, 0, logit([0.2, 0.29, 0.31, 0.9, 0.1][anchor]!)]);
    expect(decodeOutput(out, 1, square, 0.3).map((b) => Math.round(b.score * 100))).toEqual([31, 90]);
  });

  test('rejects an answer of the wrong shape', () => {
    expect(() => decodeOutput(new Float32Array(10), 2, square, 0.5)).toThrow(/numbers for a 2×2 grid/);
  });
});

describe('nonMaxSuppression', () => {
  const box = (x: number, y: number, score: number): ScoredBox => ({ x, y, w: 0.2, h: 0.2, score });

  test('keeps the most confident of overlapping boxes and every separate one', () => {
    const kept = nonMaxSuppression([box(0.1, 0.1, 0.5), box(0.12, 0.11, 0.9), box(0.6, 0.6, 0.4)]);
    expect(kept).toEqual([box(0.12, 0.11, 0.9), box(0.6, 0.6, 0.4)]);
  });

  test('no two kept boxes overlap more than the threshold, and the best box is always kept', () => {
    const boxArb = fc.record({
      x: fc.double({ min: 0, max: 0.8, noNaN: true }),
      y: fc.double({ min: 0, max: 0.8, noNaN: true }),
      w: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
      h: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
      score: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(boxArb, { maxLength: 20 }), (boxes) => {
        const kept = nonMaxSuppression(boxes, 0.4);
        for (let i = 0; i < kept.length; i++) for (let j = i + 1; j < kept.length; j++) expect(intersectionOverUnion(kept[i]!, kept[j]!)).toBeLessThanOrEqual(0.4);
        if (boxes.length > 0) expect(kept[0]!.score).toBe(Math.max(...boxes.map((b) => b.score)));
      }),
    );
  });
});
