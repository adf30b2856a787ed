/**
 * The reconciler reads each location's history, reports each missed push once, marks it handled
 * in the intake, stays within its hourly budget, and survives a failing read. The restart hands
 * ring-client-api the same cameras and intercoms, after stopping the old receiver.
 */
import { describe, expect, jest, test } from '@jest/globals';
import type { RingApi, RingCamera, RingIntercom } from 'ring-client-api';
import { PushReconciler, type HistorySource } from './push-reconciler.js';
import type { HistoryEvent } from './push-reconcile.js';
import { restartPushReceiver } from './push-restart.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const START = Date.parse('2026-01-01T00:00:00.000Z');

function location(id: string, events: () => unknown[]): HistorySource & { reads: number } {
  const source = {
    id,
    reads: 0,
    getCameraEvents: async () => {
      source.reads++;
      return { events: events() };
    },
  };
  return source;
}

const ringEvent = (dingId: string, at: number, kind = 'ding', camera = 1) => ({ ding_id_str: dingId, doorbot_id: camera, kind, created_at: new Date(at).toISOString() });

function setup(events: unknown[], perHour = 60) {
  const clock = { now: START };
  const arrived = new Set<string>();
  const handled: string[] = [];
  const missed: HistoryEvent[][] = [];
  const home = location('loc', () => events);
  const reconciler = new PushReconciler({
    locations: [home],
    cameras: () => new Set(['1']),
    intake: { arrived: (id) => arrived.has(id) || handled.includes(id), handled: (id) => handled.push(id) },
    onMissed: (found) => missed.push(found),
    log: silent,
    perHour,
    now: () => clock.now,
  });
  return { clock, arrived, handled, missed, home, reconciler };
}

describe('PushReconciler', () => {
  test('a press that never came is reported once and marked handled; one that came is not', async () => {
    const events: unknown[] = [];
    const { clock, arrived, handled, missed, reconciler } = setup(events);
    events.push(ringEvent('a', START + 1_000), ringEvent('b', START + 2_000), ringEvent('c', START + 3_000, 'motion', 9));
    arrived.add('b');
    clock.now = START + 30_000;
    await reconciler.checkAll();
    expect(missed.map((found) => found.map((e) => e.dingId))).toEqual([['a']]);
    expect(handled).toEqual(['a']);
    clock.now += 60_000;
    await reconciler.checkAll();
    expect(missed).toHaveLength(1);
  });

  test('events from before it started are never misses', async () => {
    const { clock, missed, reconciler } = setup([ringEvent('old', START - 1)]);
    clock.now = START + 60_000;
    await reconciler.checkAll();
    expect(missed).toEqual([]);
  });

  test('reads stay within the hourly budget per location', async () => {
    const { clock, home, reconciler } = setup([], 3);
    for (let i = 0; i < 5; i++) {
      await reconciler.checkAll();
      clock.now += 60_000;
    }
    expect(home.reads).toBe(3);
    clock.now = START + 3_600_000;
    await reconciler.checkAll();
    expect(home.reads).toBe(4);
  });

  test('a failing read is skipped; the next check works', async () => {
    let fail = true;
    const missed: HistoryEvent[][] = [];
    const source: HistorySource = {
      id: 'loc',
      getCameraEvents: async () => {
        if (fail) throw new Error('Ring unreachable');
        return { events: [ringEvent('a', START + 1_000)] };
      },
    };
    let now = START;
    const reconciler = new PushReconciler({
      locations: [source],
      cameras: () => new Set(['1']),
      intake: { arrived: () => false, handled: () => undefined },
      onMissed: (found) => missed.push(found),
      log: silent,
      now: () => now,
    });
    now = START + 30_000;
    await reconciler.checkAll();
    fail = false;
    await reconciler.checkAll();
    expect(missed).toHaveLength(1);
  });

  test('soon() takes the place of the next regular read: the minute cadence restarts from it, adding no read', async () => {
    jest.useFakeTimers();
    try {
      const { home, reconciler } = setup([]);
      reconciler.start();
      await jest.advanceTimersByTimeAsync(50_000);
      reconciler.soon();
      reconciler.soon();
      await jest.advanceTimersByTimeAsync(19_999);
      expect(home.reads).toBe(0); // the read due at 60 s was moved to 70 s
      await jest.advanceTimersByTimeAsync(1);
      expect(home.reads).toBe(1);
      await jest.advanceTimersByTimeAsync(59_999);
      expect(home.reads).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(home.reads).toBe(2);
      reconciler.stop();
      await jest.advanceTimersByTimeAsync(600_000);
      expect(home.reads).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  test('after stop, nothing is read or reported', async () => {
    const { home, missed, reconciler } = setup([ringEvent('a', START + 1)]);
    reconciler.start();
    reconciler.soon();
    reconciler.stop();
    await reconciler.checkAll();
    expect(home.reads).toBe(0);
    expect(missed).toEqual([]);
  });
});

describe('restartPushReceiver', () => {
  function fakeApi(withCredentials = true) {
    const calls: Array<{ cameras: unknown[]; intercoms: unknown[]; credentials: unknown }> = [];
    const restClient: { _internalOnly_pushNotificationCredentials?: unknown } = {
      _internalOnly_pushNotificationCredentials: withCredentials ? { fcm: { token: 't' } } : undefined,
    };
    const api = {
      restClient,
      registerPushReceiver: async (cameras: unknown[], intercoms: unknown[]) => {
        calls.push({ cameras, intercoms, credentials: restClient._internalOnly_pushNotificationCredentials });
      },
    };
    return { api: api as unknown as RingApi, calls };
  }
  const cameras = [{ id: 1 }] as unknown as RingCamera[];
  const intercoms = [{ id: 2 }] as unknown as RingIntercom[];

  test('a restart stops the old receiver and registers one with the same credentials', () => {
    const { api, calls } = fakeApi();
    let stopped = 0;
    expect(restartPushReceiver(api, cameras, intercoms, 'restart', () => ++stopped > 0)).toBe(true);
    expect(stopped).toBe(1);
    expect(calls).toEqual([{ cameras, intercoms, credentials: { fcm: { token: 't' } } }]);
  });

  test('a fresh registration forgets the credentials first', () => {
    const { api, calls } = fakeApi();
    restartPushReceiver(api, cameras, intercoms, 'fresh-registration', () => true);
    expect(calls[0].credentials).toBeUndefined();
  });

  test('a library without registerPushReceiver: nothing is touched', () => {
    let stopped = 0;
    expect(restartPushReceiver({ restClient: {} } as unknown as RingApi, cameras, intercoms, 'restart', () => ++stopped > 0)).toBe(false);
    expect(stopped).toBe(0);
  });
});
