import fc from 'fast-check';
import { planSnapshot, type CameraSnapshotFacts, type SnapshotCacheState } from './snapshot-plan.js';

const timings = { cacheMs: 10_000, batteryIntervalMs: 600_000 };
const online: CameraSnapshotFacts = { offline: false, blocked: false, onBattery: false };
const now = 1_000_000;

describe('planSnapshot', () => {
  test.each<[string, CameraSnapshotFacts, SnapshotCacheState, string]>([
    ['offline beats everything', { ...online, offline: true }, { cachedAt: now, eventPending: true }, 'unavailable'],
    ['blocked beats a fresh cache', { ...online, blocked: true }, { cachedAt: now, eventPending: false }, 'unavailable'],
    ['an event image in flight is awaited', online, { cachedAt: now, eventPending: true }, 'await-event'],
    ['a fresh cache answers', online, { cachedAt: now - 9_000, eventPending: false }, 'cache'],
    ['an old cache on a wired camera fetches', online, { cachedAt: now - 11_000, lastFetchAt: now - 11_000, eventPending: false }, 'fetch'],
    ['nothing cached fetches', online, { eventPending: false }, 'fetch'],
    [
      'a battery camera is not woken within its interval',
      { ...online, onBattery: true },
      { cachedAt: now - 60_000, lastFetchAt: now - 60_000, eventPending: false },
      'cache',
    ],
    [
      'a battery camera is woken after its interval',
      { ...online, onBattery: true },
      { cachedAt: now - 700_000, lastFetchAt: now - 700_000, eventPending: false },
      'fetch',
    ],
    ['a battery camera with no image yet fetches', { ...online, onBattery: true }, { lastFetchAt: now - 1_000, eventPending: false }, 'fetch'],
  ])('%s', (_name, facts, state, kind) => {
    expect(planSnapshot(facts, state, timings, now).kind).toBe(kind);
  });

  test('an offline or blocked camera never serves a cached image', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.option(fc.nat()), fc.boolean(), (offline, blocked, onBattery, age, pending) => {
        fc.pre(offline || blocked);
        const plan = planSnapshot(
          { offline, blocked, onBattery },
          { cachedAt: age === null ? undefined : now - age, lastFetchAt: now, eventPending: pending },
          timings,
          now,
        );
        expect(plan.kind).toBe('unavailable');
      }),
    );
  });
});
