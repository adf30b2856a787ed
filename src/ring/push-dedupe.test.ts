/**
 * A ding id is let through once: repeats within the age bound are dropped, memory stays within
 * the size bound, and an id forgotten by age or by size counts as new again.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { RecentDingIds } from './push-dedupe.js';

describe('RecentDingIds', () => {
  test.each([
    // [arrivals as [id, at], expected isRepeat answers]
    ['a new id', [['1', 0]], [false]],
    [
      'the same id again at once',
      [
        ['1', 0],
        ['1', 10],
      ],
      [false, true],
    ],
    [
      'two different ids',
      [
        ['1', 0],
        ['2', 10],
      ],
      [false, false],
    ],
    [
      'a third copy',
      [
        ['1', 0],
        ['1', 5],
        ['1', 9],
      ],
      [false, true, true],
    ],
    [
      'the same id after the age bound',
      [
        ['1', 0],
        ['1', 1000],
      ],
      [false, false],
    ],
    [
      'just inside the age bound',
      [
        ['1', 0],
        ['1', 999],
      ],
      [false, true],
    ],
  ] as Array<[string, Array<[string, number]>, boolean[]]>)('%s', (_name, arrivals, expected) => {
    const ids = new RecentDingIds(1000, 10);
    expect(arrivals.map(([id, at]) => ids.isRepeat(id, at))).toEqual(expected);
  });

  test('a repeat does not refresh the age: a steady stream of copies ends with the bound', () => {
    const ids = new RecentDingIds(1000, 10);
    expect(ids.isRepeat('1', 0)).toBe(false);
    expect(ids.isRepeat('1', 600)).toBe(true);
    expect(ids.isRepeat('1', 1000)).toBe(false);
  });

  test('past the size bound the oldest id is forgotten first', () => {
    const ids = new RecentDingIds(60_000, 3);
    for (const id of ['a', 'b', 'c', 'd']) expect(ids.isRepeat(id, 0)).toBe(false);
    expect(ids.size).toBe(3);
    expect(ids.isRepeat('d', 1)).toBe(true);
    expect(ids.isRepeat('b', 1)).toBe(true);
    expect(ids.isRepeat('a', 1)).toBe(false);
  });

  test('property: any sequence with repeats lets each id through once, and memory stays bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }).map(String), { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (sequence, maxKept) => {
        // A bound larger than the distinct ids: nothing is forgotten, so each id passes exactly once.
        const roomy = new RecentDingIds(60_000, 1000);
        const passed = sequence.filter((id, index) => !roomy.isRepeat(id, index));
        expect(passed).toEqual([...new Set(sequence)]);
        // A small bound: never more than it in memory, and never two passes of an id in a row.
        const tight = new RecentDingIds(60_000, maxKept);
        let previous: string | undefined;
        for (const [index, id] of sequence.entries()) {
          const repeat = tight.isRepeat(id, index);
          if (id === previous) expect(repeat).toBe(true);
          expect(tight.size).toBeLessThanOrEqual(maxKept);
          previous = id;
        }
      }),
    );
  });

  test('property: with time passing, memory holds only ids younger than the age bound', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }).map(String), fc.integer({ min: 0, max: 50 })), { maxLength: 200 }), (steps) => {
        const ids = new RecentDingIds(100, 1000);
        let now = 0;
        for (const [id, gap] of steps) {
          now += gap;
          ids.isRepeat(id, now);
          // Never more than the ten distinct ids; after a full age bound of quiet, only the newest.
          expect(ids.size).toBeLessThanOrEqual(10);
        }
        ids.isRepeat('fresh', now + 100);
        expect(ids.size).toBe(1);
      }),
    );
  });
});
