/**
 * Push health is a pure function of the counts and the time: the thresholds decide between
 * healthy, degraded and down; the tracker and the intake count what comes and drop duplicates.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  DOWN_AFTER_DISCONNECTED_MS,
  MISS_DEGRADES_MS,
  PushHealthTracker,
  pushHealthState,
  SILENT_AFTER_MS,
  STARTUP_GRACE_MS,
  type PushHealthCounts,
} from './push-health.js';
import { PushIntake } from './push-intake.js';

const base: PushHealthCounts = { startedAt: 0, observable: true, receivedByCamera: {}, duplicatesDropped: 0 };

describe('pushHealthState', () => {
  test.each([
    ['connecting within the startup grace', {}, STARTUP_GRACE_MS - 1, 'degraded', 'connecting'],
    ['never connected after the grace', {}, STARTUP_GRACE_MS, 'down', 'never connected'],
    ['connected just now', { connected: true, changedAt: 10 }, 20, 'healthy', 'connected'],
    ['connected, silent for the whole bound', { connected: true, changedAt: 0 }, SILENT_AFTER_MS, 'degraded', 'connected but silent'],
    ['connected long ago, a recent heartbeat', { connected: true, changedAt: 0, lastHeartbeatAt: SILENT_AFTER_MS }, SILENT_AFTER_MS + 5, 'healthy', 'connected'],
    ['connected long ago, a recent push', { connected: true, changedAt: 0, lastPushAt: SILENT_AFTER_MS }, SILENT_AFTER_MS + 5, 'healthy', 'connected'],
    ['disconnected a moment ago', { connected: false, changedAt: 1000 }, 1000 + DOWN_AFTER_DISCONNECTED_MS - 1, 'degraded', 'reconnecting'],
    ['disconnected for the bound', { connected: false, changedAt: 1000 }, 1000 + DOWN_AFTER_DISCONNECTED_MS, 'down', 'disconnected'],
    [
      'disconnected, a push just came anyway',
      { connected: false, changedAt: 0, lastPushAt: 2 * DOWN_AFTER_DISCONNECTED_MS },
      2 * DOWN_AFTER_DISCONNECTED_MS,
      'down',
      'disconnected',
    ],
    ['not observable', { observable: false, connected: true, changedAt: 0 }, 1, 'degraded', 'connection not observable; pushes counted only'],
  ] as Array<[string, Partial<PushHealthCounts>, number, string, string]>)('%s', (_name, counts, now, state, reason) => {
    expect(pushHealthState({ ...base, ...counts }, now)).toEqual({ state, reason });
  });

  test('property: healthy only while connected with a sign of life inside the bound; down never while connected', () => {
    const time = fc.integer({ min: 0, max: 10 * SILENT_AFTER_MS });
    fc.assert(
      fc.property(
        fc.option(fc.boolean(), { nil: undefined }),
        time,
        fc.option(time, { nil: undefined }),
        fc.option(time, { nil: undefined }),
        time,
        (connected, changedAt, heartbeat, push, later) => {
          const counts: PushHealthCounts = {
            ...base,
            connected,
            changedAt: connected === undefined ? undefined : changedAt,
            lastHeartbeatAt: heartbeat,
            lastPushAt: push,
          };
          const now = Math.max(changedAt, heartbeat ?? 0, push ?? 0) + later;
          const { state } = pushHealthState(counts, now);
          if (state === 'healthy') {
            expect(connected).toBe(true);
            expect(now - Math.max(changedAt, heartbeat ?? 0, push ?? 0)).toBeLessThan(SILENT_AFTER_MS);
          }
          if (connected === true) expect(state).not.toBe('down');
        },
      ),
    );
  });
});

describe('PushHealthTracker and PushIntake', () => {
  test('counts pushes per camera, drops a ding id seen before, and reports every change', () => {
    let changes = 0;
    let now = 1_000;
    const tracker = new PushHealthTracker(0, () => changes++);
    const intake = new PushIntake(tracker, () => now);
    tracker.connection(true, now);
    expect(intake.admit('1', 'd1')).toBe(true);
    now += 50;
    expect(intake.admit('1', 'd1')).toBe(false);
    expect(intake.admit('2', 'd2')).toBe(true);
    // Without a ding id a push cannot be matched: let through each time.
    expect(intake.admit('2', undefined)).toBe(true);
    expect(intake.admit('2', undefined)).toBe(true);
    const status = tracker.status(now);
    expect(status).toMatchObject({
      state: 'healthy',
      connected: true,
      receivedByCamera: { '1': 1, '2': 3 },
      received: 4,
      duplicatesDropped: 1,
      lastPushAt: new Date(1_050).toISOString(),
    });
    expect(changes).toBe(6);
  });

  test('a drop then a reconnect: reconnecting, down, healthy again', () => {
    const tracker = new PushHealthTracker(0);
    tracker.connection(true, 10);
    tracker.connection(false, 100);
    expect(tracker.status(200).state).toBe('degraded');
    expect(tracker.status(100 + DOWN_AFTER_DISCONNECTED_MS).state).toBe('down');
    tracker.connection(true, 200 + DOWN_AFTER_DISCONNECTED_MS);
    expect(tracker.status(300 + DOWN_AFTER_DISCONNECTED_MS)).toMatchObject({ state: 'healthy', connected: true });
  });

  test('without connection events the status says so and still counts', () => {
    const tracker = new PushHealthTracker(0);
    tracker.unobservable();
    tracker.received('5', 10);
    expect(tracker.status(20)).toMatchObject({ state: 'degraded', connected: undefined, received: 1 });
  });
});

describe('misses and recoveries in push health', () => {
  test('a miss keeps a connected channel degraded for a while; misses count for 24 hours', () => {
    const tracker = new PushHealthTracker(0);
    tracker.connection(true, 10);
    tracker.missed(2, 1_000);
    expect(tracker.status(2_000)).toMatchObject({ state: 'degraded', reason: 'pushes missed', missed24h: 2, lastMissAt: new Date(1_000).toISOString() });
    expect(tracker.status(1_000 + MISS_DEGRADES_MS - 1)).toMatchObject({ state: 'degraded', reason: 'pushes missed' });
    expect(tracker.status(1_000 + MISS_DEGRADES_MS)).toMatchObject({ state: 'healthy', missed24h: 2 });
    expect(tracker.status(1_000 + 24 * 3_600_000).missed24h).toBe(0);
    tracker.missed(0, 5_000);
    expect(tracker.snapshot.missedAt).toHaveLength(2);
  });

  test('a recovery is counted and shown with its time and kind', () => {
    const tracker = new PushHealthTracker(0);
    expect(tracker.status(1)).toMatchObject({ recoveries: 0, lastRecoveryAt: undefined, missed24h: 0 });
    tracker.recovered('restart', 5_000);
    tracker.recovered('fresh-registration', 9_000);
    expect(tracker.status(10_000)).toMatchObject({ recoveries: 2, lastRecoveryAt: new Date(9_000).toISOString(), lastRecoveryKind: 'fresh-registration' });
  });

  test('the intake says which ding ids arrived, and a ding handled without a push drops its late push', () => {
    let now = 0;
    const tracker = new PushHealthTracker(0);
    const intake = new PushIntake(tracker, () => now);
    const admitted: string[] = [];
    const stop = intake.onAdmitted((camera) => admitted.push(camera));
    expect(intake.admit('1', 'a')).toBe(true);
    expect(intake.arrived('a')).toBe(true);
    expect(intake.arrived('b')).toBe(false);
    // Asking does not remember: b is still new when it comes.
    intake.handled('c');
    now += 1_000;
    expect(intake.admit('1', 'c')).toBe(false);
    expect(intake.admit('1', 'b')).toBe(true);
    stop();
    expect(intake.admit('2', 'd')).toBe(true);
    expect(admitted).toEqual(['1', '1']);
  });
});

describe('a shorter down threshold (the end-to-end knob)', () => {
  test('a disconnection is down after downAfterMs instead of a minute', () => {
    const tracker = new PushHealthTracker(0, () => undefined, 2_000);
    tracker.connection(true, 1_000);
    tracker.connection(false, 5_000);
    expect(tracker.status(6_999).state).toBe('degraded');
    expect(tracker.status(7_000)).toMatchObject({ state: 'down', reason: 'disconnected' });
    expect(pushHealthState(tracker.snapshot, 7_000)).toMatchObject({ state: 'degraded', reason: 'reconnecting' });
  });
});
