import { describe, expect, it } from '@jest/globals';
import { dailyCapBytes, planPrune } from './ledger-retention.js';

const files = (entries: Array<[string, number]>) => entries.map(([day, bytes]) => ({ day, bytes }));

describe('planPrune', () => {
  it('keeps exactly retentionDays days, today included', () => {
    const input = files([
      ['2025-01-28', 1],
      ['2025-01-29', 1],
      ['2025-01-30', 1],
      ['2025-01-31', 1],
      ['2025-02-01', 1],
    ]);
    expect(planPrune({ files: input, today: '2025-02-01', retentionDays: 3, maxBytes: 1e9 })).toEqual(['2025-01-28', '2025-01-29']);
    expect(planPrune({ files: input, today: '2025-02-01', retentionDays: 1, maxBytes: 1e9 })).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(planPrune({ files: input, today: '2025-02-01', retentionDays: 30, maxBytes: 1e9 })).toEqual([]);
  });

  it('then deletes the oldest files until the rest fits the size cap', () => {
    const input = files([
      ['2025-03-03', 400],
      ['2025-03-01', 300],
      ['2025-03-02', 200],
      ['2025-03-04', 100],
    ]);
    expect(planPrune({ files: input, today: '2025-03-04', retentionDays: 30, maxBytes: 1000 })).toEqual([]);
    expect(planPrune({ files: input, today: '2025-03-04', retentionDays: 30, maxBytes: 999 })).toEqual(['2025-03-01']);
    expect(planPrune({ files: input, today: '2025-03-04', retentionDays: 30, maxBytes: 500 })).toEqual(['2025-03-01', '2025-03-02']);
  });

  it('never deletes the file being written', () => {
    const input = files([
      ['2025-03-01', 10],
      ['2025-03-02', 900],
    ]);
    expect(planPrune({ files: input, today: '2025-03-02', retentionDays: 30, maxBytes: 100, keepDay: '2025-03-02' })).toEqual(['2025-03-01']);
  });
});

describe('dailyCapBytes', () => {
  it('is a fifth of the total, so one busy day leaves the history of the days before', () => {
    expect(dailyCapBytes(20 * 1024 * 1024)).toBe(4 * 1024 * 1024);
  });
});
