/**
 * The recovery policy: what triggers a recovery, which kind, and the backoff that keeps a Ring
 * that will not deliver from causing a loop of restarts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { PushHealthState } from '../config/plugin-status.js';
import { backoffMs, DEFAULT_RECOVERY_POLICY, planRecovery, RecoveryPlanner, type RecoveryKind, type RecoveryState } from './push-recovery-policy.js';

const MIN = 60_000;

describe('backoffMs', () => {
  test.each([
    [0, 0],
    [1, MIN],
    [2, 2 * MIN],
    [3, 4 * MIN],
    [5, 16 * MIN],
    [6, 30 * MIN],
    [100, 30 * MIN],
  ])('after %i recoveries: %i ms', (streak, expected) => {
    expect(backoffMs(streak)).toBe(expected);
  });
});

describe('planRecovery', () => {
  const T = 100 * MIN;
  /** A state: misses (ms before T), the last recovery (ms before T, kind) if any, and the streak. */
  const st = (misses: number[], last?: [number, RecoveryKind], streak = 0): RecoveryState => ({
    misses: misses.map((ago) => T - ago),
    ...(last && { lastRecovery: { at: T - last[0], kind: last[1] } }),
    streak,
  });
  const restart = (reason: string) => ({ kind: 'restart', reason });
  const missed2 = '2 pushes missed';
  test.each([
    ['nothing wrong', st([]), 'healthy', undefined],
    ['one miss is not enough', st([MIN]), 'healthy', undefined],
    ['two misses within ten minutes', st([9 * MIN, MIN]), 'healthy', restart(missed2)],
    ['two misses, one older than ten minutes', st([11 * MIN, MIN]), 'healthy', undefined],
    ['a channel down', st([]), 'down', restart('push channel down')],
    ['degraded alone is no reason', st([]), 'degraded', undefined],
    ['misses before the last recovery do not count again', st([5 * MIN, 4 * MIN], [3 * MIN, 'restart'], 1), 'healthy', undefined],
    ['misses go on after a restart: a fresh registration', st([2 * MIN, MIN], [3 * MIN, 'restart'], 1), 'healthy', { kind: 'fresh-registration', reason: missed2 }],
    ['still inside the backoff after a restart', st([20_000, 10_000], [30_000, 'restart'], 1), 'healthy', undefined],
    ['misses go on after a fresh registration: a restart again', st([2 * MIN, MIN], [3 * MIN, 'fresh-registration'], 2), 'healthy', restart(missed2)],
    ['down after a restart, past the backoff: restart', st([], [2 * MIN, 'restart'], 1), 'down', restart('push channel down')],
    ['down, third recovery of a streak, backing off 4 minutes', st([], [3 * MIN, 'restart'], 3), 'down', undefined],
    ['after a streak ended (a push came), no waiting', st([20_000, 10_000], [30_000, 'restart'], 0), 'healthy', restart(missed2)],
  ] as Array<[string, RecoveryState, PushHealthState, unknown]>)('%s', (_name, state, health, expected) => {
    expect(planRecovery(state, health, T)).toEqual(expected);
  });
});

describe('RecoveryPlanner', () => {
  test('a streak: restart, then a fresh registration, each after its backoff; a push ends the streak', () => {
    const planner = new RecoveryPlanner();
    let now = 0;
    planner.missed(now - 30_000, now);
    expect(planner.plan('healthy', now)).toBeUndefined();
    planner.missed(now - 10_000, now);
    expect(planner.plan('healthy', now)?.kind).toBe('restart');
    planner.recovered('restart', now);
    now += 30_000;
    planner.missed(now - 20_000, now);
    planner.missed(now - 10_000, now);
    expect(planner.plan('healthy', now)).toBeUndefined();
    now = MIN;
    expect(planner.plan('healthy', now)?.kind).toBe('fresh-registration');
    planner.recovered('fresh-registration', now);
    planner.pushArrived(now + 1);
    expect(planner.state.streak).toBe(0);
    planner.missed(now + 2, now + 3);
    planner.missed(now + 4, now + 5);
    expect(planner.plan('healthy', now + 5)?.kind).toBe('restart');
  });

  test('property: under any mix of misses and down channels, recoveries are never closer than the backoff and at most a few per hour', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 5 * MIN }), miss: fc.boolean(), down: fc.boolean(), push: fc.boolean() }), { maxLength: 300 }),
        (steps) => {
          const planner = new RecoveryPlanner();
          const recoveries: Array<{ at: number; streak: number }> = [];
          let now = 0;
          for (const step of steps) {
            now += step.gap;
            if (step.miss) planner.missed(now, now);
            if (step.push) planner.pushArrived(now);
            const plan = planner.plan(step.down ? 'down' : 'healthy', now);
            if (plan) {
              const before = planner.state;
              if (before.lastRecovery) expect(now - before.lastRecovery.at).toBeGreaterThanOrEqual(backoffMs(before.streak));
              planner.recovered(plan.kind, now);
              recoveries.push({ at: now, streak: planner.state.streak });
            }
          }
          // Without pushes ending streaks, an hour holds at most 6 recoveries (0, 1, 3, 7, 15, 31 min…).
          const pushes = steps.some((step) => step.push);
          if (!pushes) {
            for (const r of recoveries) {
              expect(recoveries.filter((o) => o.at >= r.at && o.at < r.at + 60 * MIN).length).toBeLessThanOrEqual(6);
            }
          }
          expect(DEFAULT_RECOVERY_POLICY.maxBackoffMs).toBe(30 * MIN);
        },
      ),
    );
  });
});
