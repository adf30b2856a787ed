import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Zone } from '../types.js';
import { clipToFrame, coverRegions, DEFAULT_COVER_MARGIN, type CoverTarget } from './cover-regions.js';

/** Float noise allowed at the frame's edges (the policy validator allows the same). */
const EPS = 1e-9;

/** Boxes as detectors give them: mostly in the frame, sometimes hanging over an edge or wholly outside. */
const boxArb: fc.Arbitrary<Zone> = fc.record({
  x: fc.double({ min: -0.5, max: 1.2, noNaN: true }),
  y: fc.double({ min: -0.5, max: 1.2, noNaN: true }),
  w: fc.double({ min: 0, max: 0.8, noNaN: true }),
  h: fc.double({ min: 0, max: 0.8, noNaN: true }),
});
const targetArb = fc.constantFrom<CoverTarget>('faces', 'persons');
const marginArb = fc.double({ min: 0, max: 3, noNaN: true });

const contains = (outer: Zone, inner: Zone): boolean =>
  outer.x <= inner.x + EPS && outer.y <= inner.y + EPS && outer.x + outer.w + EPS >= inner.x + inner.w && outer.y + outer.h + EPS >= inner.y + inner.h;

describe('coverRegions', () => {
  test('every zone lies within the frame and has an area', () => {
    fc.assert(
      fc.property(fc.array(boxArb, { maxLength: 8 }), targetArb, marginArb, (boxes, what, margin) => {
        for (const zone of coverRegions(boxes, what, margin)) {
          expect(zone.x).toBeGreaterThanOrEqual(0);
          expect(zone.y).toBeGreaterThanOrEqual(0);
          expect(zone.w).toBeGreaterThan(0);
          expect(zone.h).toBeGreaterThan(0);
          expect(zone.x + zone.w).toBeLessThanOrEqual(1 + EPS);
          expect(zone.y + zone.h).toBeLessThanOrEqual(1 + EPS);
        }
      }),
    );
  });

  test('each box, clipped to the frame, lies inside its zone (one zone per box that shows)', () => {
    fc.assert(
      fc.property(fc.array(boxArb, { maxLength: 8 }), targetArb, marginArb, (boxes, what, margin) => {
        const zones = coverRegions(boxes, what, margin);
        const shown = boxes.map(clipToFrame).filter((box): box is Zone => box !== undefined);
        expect(zones.length).toBeLessThanOrEqual(boxes.length);
        for (const box of shown) expect(zones.some((zone) => contains(zone, box))).toBe(true);
        // Every box that shows gets a zone of its own.
        expect(zones.length).toBeGreaterThanOrEqual(shown.length);
      }),
    );
  });

  test('a larger margin covers at least what a smaller one did', () => {
    fc.assert(
      fc.property(boxArb, targetArb, marginArb, marginArb, (box, what, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const smaller = coverRegions([box], what, small);
        const larger = coverRegions([box], what, large);
        expect(larger.length).toBeGreaterThanOrEqual(smaller.length);
        if (smaller[0]) expect(contains(larger[0]!, smaller[0])).toBe(true);
      }),
    );
  });

  test('a person zone covers the face zone of the same box', () => {
    fc.assert(
      fc.property(boxArb, marginArb, (box, margin) => {
        const [face] = coverRegions([box], 'faces', margin);
        const [person] = coverRegions([box], 'persons', margin);
        if (face) expect(contains(person!, face)).toBe(true);
      }),
    );
  });

  test('margin 0 gives the boxes clipped to the frame', () => {
    fc.assert(
      fc.property(fc.array(boxArb, { maxLength: 6 }), (boxes) => {
        expect(coverRegions(boxes, 'faces', 0)).toEqual(boxes.map(clipToFrame).filter((box) => box !== undefined));
      }),
    );
  });

  test('widens a face by the default margin, more above (hair) than below (chin)', () => {
    const [zone] = coverRegions([{ x: 0.4, y: 0.4, w: 0.1, h: 0.2 }], 'faces');
    expect(DEFAULT_COVER_MARGIN).toBe(0.25);
    expect(zone!.x).toBeCloseTo(0.375, 12);
    expect(zone!.w).toBeCloseTo(0.15, 12);
    expect(zone!.y).toBeCloseTo(0.325, 12);
    expect(zone!.h).toBeCloseTo(0.325, 12);
  });

  test('a person reaches down the frame below the face', () => {
    const [zone] = coverRegions([{ x: 0.45, y: 0.3, w: 0.1, h: 0.1 }], 'persons');
    expect(zone!.y + zone!.h).toBeCloseTo(1, 12);
    expect(zone!.x).toBeLessThan(0.35);
    expect(zone!.x + zone!.w).toBeGreaterThan(0.65);
  });

  test('an unreadable box covers the whole frame; a box outside the frame covers nothing', () => {
    const whole = { x: 0, y: 0, w: 1, h: 1 };
    expect(coverRegions([{ x: Number.NaN, y: 0, w: 0.1, h: 0.1 }], 'faces')).toEqual([whole]);
    expect(coverRegions([{ x: 0.1, y: 0.1, w: -0.1, h: 0.1 }], 'faces')).toEqual([whole]);
    expect(coverRegions([{ x: 0.1, y: 0.1, w: Number.POSITIVE_INFINITY, h: 0.1 }], 'persons')).toEqual([whole]);
    expect(coverRegions([{ x: 1.5, y: 0.1, w: 0.1, h: 0.1 }], 'faces')).toEqual([]);
  });

  test('rejects a margin that is negative or not finite', () => {
    expect(() => coverRegions([], 'faces', -0.1)).toThrow(RangeError);
    expect(() => coverRegions([], 'faces', Number.NaN)).toThrow(RangeError);
    expect(() => coverRegions([], 'persons', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
