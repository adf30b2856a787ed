/** The request budget per location and the rate-limited miss line. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { HOUR_MS, HourlyBudget, MissLogLimiter } from './push-rate-limits.js';

describe('HourlyBudget', () => {
  test('60 per hour: the 61st in the hour is refused, and one frees up an hour after the first', () => {
    const budget = new HourlyBudget(60);
    for (let i = 0; i < 60; i++) expect(budget.take(i * 1000)).toBe(true);
    expect(budget.take(60_000)).toBe(false);
    expect(budget.used(60_000)).toBe(60);
    expect(budget.take(HOUR_MS)).toBe(true);
    expect(budget.take(HOUR_MS)).toBe(false);
  });

  test('property: no hour-long window ever holds more than the budget', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (gaps, perHour) => {
        const budget = new HourlyBudget(perHour);
        const taken: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          if (budget.take(now)) taken.push(now);
        }
        for (const start of taken) expect(taken.filter((t) => t >= start && t < start + HOUR_MS).length).toBeLessThanOrEqual(perHour);
      }),
    );
  });
});

describe('MissLogLimiter', () => {
  test('the first misses are said at once; more within the interval wait and are said together', () => {
    const limiter = new MissLogLimiter(300_000);
    expect(limiter.note(1, 0)).toBe(1);
    expect(limiter.note(2, 60_000)).toBeUndefined();
    expect(limiter.note(1, 120_000)).toBeUndefined();
    expect(limiter.note(0, 299_999)).toBeUndefined();
    expect(limiter.note(0, 300_000)).toBe(3);
    expect(limiter.note(0, 900_000)).toBeUndefined();
  });

  test('property: every miss is said exactly once, and lines are at least the interval apart', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 200_000 })), { maxLength: 200 }), (steps) => {
        const limiter = new MissLogLimiter(300_000);
        let now = 0;
        let said = 0;
        let total = 0;
        const lines: number[] = [];
        for (const [count, gap] of steps) {
          now += gap;
          total += count;
          const line = limiter.note(count, now);
          if (line !== undefined) {
            said += line;
            lines.push(now);
          }
        }
        said += limiter.note(0, now + 300_000) ?? 0;
        expect(said).toBe(total);
        for (let i = 1; i < lines.length; i++) expect(lines[i] - lines[i - 1]).toBeGreaterThanOrEqual(300_000);
      }),
    );
  });
});
