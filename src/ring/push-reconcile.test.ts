/**
 * Reconciliation's decisions: which history events are missed pushes (truth table and a
 * property), how Ring's history answer is read, and which misses are still worth delivering late.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { deliversLate, findMissed, LOOKBACK_MS, MISS_GRACE_MS, readHistoryEvents, type HistoryEvent, type MissQuery } from './push-reconcile.js';

const NOW = 10 * 60_000;
const event = (over: Partial<HistoryEvent> = {}): HistoryEvent => ({ dingId: '1', cameraId: 'cam', kind: 'ding', createdAt: NOW - 30_000, ...over });
const query = (events: HistoryEvent[], over: Partial<MissQuery> = {}): MissQuery => ({
  events,
  arrived: () => false,
  reported: () => false,
  cameras: new Set(['cam']),
  since: 0,
  now: NOW,
  ...over,
});

describe('findMissed', () => {
  test.each([
    ['an event that never arrived, past the grace', event(), {}, true],
    ['it arrived by push', event(), { arrived: (id: string) => id === '1' }, false],
    ['already reported', event(), { reported: (id: string) => id === '1' }, false],
    ['still inside the grace window', event({ createdAt: NOW - MISS_GRACE_MS + 1 }), {}, false],
    ['exactly at the grace', event({ createdAt: NOW - MISS_GRACE_MS }), {}, true],
    ['older than the lookback', event({ createdAt: NOW - LOOKBACK_MS - 1 }), {}, false],
    ['exactly at the lookback', event({ createdAt: NOW - LOOKBACK_MS }), {}, true],
    ['before the plugin listened', event({ createdAt: NOW - 30_000 }), { since: NOW - 29_999 }, false],
    ['a camera whose pushes are not handled', event({ cameraId: 'other' }), {}, false],
    ["in the future (Ring's clock ahead)", event({ createdAt: NOW + 5_000 }), {}, false],
    ['a motion event', event({ kind: 'motion' }), {}, true],
  ] as Array<[string, HistoryEvent, Partial<MissQuery>, boolean]>)('%s', (_name, e, over, missed) => {
    expect(findMissed(query([e], over))).toEqual(missed ? [e] : []);
  });

  test('each ding id once, oldest first, whatever order Ring lists them in', () => {
    const newer = event({ dingId: '2', createdAt: NOW - 25_000 });
    const older = event({ dingId: '1', createdAt: NOW - 60_000 });
    expect(findMissed(query([newer, older, newer]))).toEqual([older, newer]);
  });

  test('property: a miss is exactly an unseen, watched event between grace and lookback after `since`', () => {
    const arb = fc.record({
      dingId: fc.integer({ min: 0, max: 20 }).map(String),
      cameraId: fc.constantFrom('cam', 'other'),
      kind: fc.constantFrom<'ding' | 'motion'>('ding', 'motion'),
      createdAt: fc.integer({ min: 0, max: 2 * NOW }),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 20 }).map(String)), fc.integer({ min: 0, max: NOW }), (events, seenIds, since) => {
        const seen = new Set(seenIds);
        const missed = findMissed(query(events, { arrived: (id) => seen.has(id), since }));
        const ids = missed.map((m) => m.dingId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const m of missed) {
          expect(seen.has(m.dingId)).toBe(false);
          expect(m.cameraId).toBe('cam');
          expect(m.createdAt).toBeGreaterThanOrEqual(since);
          expect(NOW - m.createdAt).toBeGreaterThanOrEqual(MISS_GRACE_MS);
          expect(NOW - m.createdAt).toBeLessThanOrEqual(LOOKBACK_MS);
        }
        for (let i = 1; i < missed.length; i++) expect(missed[i].createdAt).toBeGreaterThanOrEqual(missed[i - 1].createdAt);
        // Reporting what was found leaves nothing more to find.
        const reported = new Set(ids);
        expect(findMissed(query(events, { arrived: (id) => seen.has(id), reported: (id) => reported.has(id), since }))).toEqual([]);
      }),
    );
  });
});

describe('readHistoryEvents', () => {
  test('reads ding and motion events, prefers the string id, skips other kinds and malformed entries', () => {
    const response = {
      events: [
        { ding_id: 7.1e18, ding_id_str: '7100000000000000001', doorbot_id: 12, kind: 'ding', created_at: '2026-01-01T00:00:00.000Z' },
        { ding_id_str: '7100000000000000002', doorbot_id: '13', kind: 'motion', created_at: '2026-01-01T00:00:01.000Z', cv_properties: { detection_type: 'human' } },
        { ding_id_str: '7100000000000000003', doorbot_id: 12, kind: 'on_demand', created_at: '2026-01-01T00:00:02.000Z' },
        { ding_id_str: '', doorbot_id: 12, kind: 'ding', created_at: '2026-01-01T00:00:02.000Z' },
        { ding_id_str: '7100000000000000004', kind: 'ding', created_at: '2026-01-01T00:00:02.000Z' },
        { ding_id_str: '7100000000000000005', doorbot_id: 12, kind: 'ding', created_at: 'yesterday' },
        'not an event',
        null,
      ],
    };
    expect(readHistoryEvents(response)).toEqual([
      { dingId: '7100000000000000001', cameraId: '12', kind: 'ding', createdAt: Date.parse('2026-01-01T00:00:00.000Z') },
      { dingId: '7100000000000000002', cameraId: '13', kind: 'motion', createdAt: Date.parse('2026-01-01T00:00:01.000Z'), detectionType: 'person' },
    ]);
  });

  test.each([[undefined], [null], [[]], [{}], [{ events: 'x' }], ['text']])('an answer without an event list reads as none: %p', (response) => {
    expect(readHistoryEvents(response)).toEqual([]);
  });

  test('property: never throws, and every event read has an id, a camera and a finite time', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue()), (value, events) => {
        for (const response of [value, { events }]) {
          for (const read of readHistoryEvents(response)) {
            expect(read.dingId).not.toBe('');
            expect(Number.isFinite(read.createdAt)).toBe(true);
            expect(['ding', 'motion']).toContain(read.kind);
          }
        }
      }),
    );
  });
});

describe('deliversLate', () => {
  test.each([
    ['a press 10 s ago, 30 s allowed', event({ createdAt: NOW - 10_000 }), 30, true],
    ['a press exactly 30 s ago', event({ createdAt: NOW - 30_000 }), 30, true],
    ['a press 31 s ago', event({ createdAt: NOW - 31_000 }), 30, false],
    ['late delivery off (0)', event({ createdAt: NOW - 1_000 }), 0, false],
    ['a motion event is never delivered late', event({ kind: 'motion', createdAt: NOW - 1_000 }), 30, false],
  ] as Array<[string, HistoryEvent, number, boolean]>)('%s', (_name, e, seconds, expected) => {
    expect(deliversLate(e, NOW, seconds)).toBe(expected);
  });
});
