/**
 * The recovery policy: what triggers a recovery, which kind, and the backoff that keeps a Ring
 * that will not deliver from causing a loop of restarts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { PushHealthState } from '../config/plugin-status.js';
import { backoffMs, DEFAULT_RECOVERY_POLICY, planRecovery, RecoveryPlanner, recoveryDueAt, type RecoveryKind, type RecoveryState } from './push-recovery-policy.js';

const MIN = 60_000;

describe('backoffMs', () => {
  test.each([
    [0, 0],
    [1, 30_000],
    [2, MIN],
    [3, 2 * MIN],
    [5, 8 * MIN],
    [6, 16 * MIN],
    [7, 30 * MIN],
    [100, 30 * MIN],
  ])('after %i recoveries: %i ms', (streak, expected) => {
    expect(backoffMs(streak)).toBe(expected);
  });
});

describe('planRecovery', () => {
  const T = 100 * MIN;
  /** A state: misses (ms before T), the last recovery (ms before T, kind) if any, and the streak. */
  /** A push arrived just now unless told otherwise (null: never): most rows are about counts, not silence. */
  const st = (misses: number[], last?: [number, RecoveryKind], streak = 0, pushAgo: number | null = 0): RecoveryState => ({
    misses: misses.map((ago) => T - ago),
    ...(last && { lastRecovery: { at: T - last[0], kind: last[1] } }),
    streak,
    ...(pushAgo !== null && { lastPushAt: T - pushAgo }),
  });
  const silent1 = '1 push missed and none arrived since';
  const restart = (reason: string) => ({ kind: 'restart', reason });
  const missed2 = '2 pushes missed';
  test.each([
    ['nothing wrong', st([]), 'healthy', undefined],
    ['one miss amid pushes that still arrive is not enough', st([MIN]), 'healthy', undefined],
    ['one miss and no push since: the registration looks dead', st([MIN], undefined, 0, 2 * MIN), 'healthy', restart(silent1)],
    ['one miss and no push ever', st([MIN], undefined, 0, null), 'healthy', restart(silent1)],
    ['a push at the very moment of the missed event is not after it', st([MIN], undefined, 0, MIN), 'healthy', restart(silent1)],
    [
      'one miss after a restart, silent since: a fresh registration',
      st([MIN], [3 * MIN, 'restart'], 1, 5 * MIN),
      'healthy',
      { kind: 'fresh-registration', reason: silent1 },
    ],
    ['one silent miss, but one from before the last recovery does not count', st([4 * MIN], [3 * MIN, 'restart'], 1, 5 * MIN), 'healthy', undefined],
    ['two misses within ten minutes', st([9 * MIN, MIN]), 'healthy', restart(missed2)],
    ['two misses, one older than ten minutes', st([11 * MIN, MIN]), 'healthy', undefined],
    ['a channel down', st([]), 'down', restart('push channel down')],
    ['degraded alone is no reason', st([]), 'degraded', undefined],
    ['misses before the last recovery do not count again', st([5 * MIN, 4 * MIN], [3 * MIN, 'restart'], 1), 'healthy', undefined],
    ['misses go on after a restart: a fresh registration', st([2 * MIN, MIN], [3 * MIN, 'restart'], 1), 'healthy', { kind: 'fresh-registration', reason: missed2 }],
    ['still inside the backoff after a restart', st([20_000, 10_000], [25_000, 'restart'], 1), 'healthy', undefined],
    ['misses go on after a fresh registration: a restart again', st([2 * MIN, MIN], [3 * MIN, 'fresh-registration'], 2), 'healthy', restart(missed2)],
    ['down after a restart, past the backoff: restart', st([], [2 * MIN, 'restart'], 1), 'down', restart('push channel down')],
    ['down, third recovery of a streak, backing off 2 minutes', st([], [MIN, 'restart'], 3), 'down', undefined],
    ['after a streak ended (a push came), no waiting', st([20_000, 10_000], [30_000, 'restart'], 0), 'healthy', restart(missed2)],
  ] as Array<[string, RecoveryState, PushHealthState, unknown]>)('%s', (_name, state, health, expected) => {
    expect(planRecovery(state, health, T)).toEqual(expected);
  });
});

describe('recoveryDueAt', () => {
  const T = 100 * MIN;
  const base = { streak: 1, lastRecovery: { at: T - 20_000, kind: 'restart' as const } };
  test.each([
    ['misses after a restart, inside its backoff: due when the backoff ends', { ...base, misses: [T - 5_000] }, 'healthy', T + 10_000],
    ['no reason to recover: nothing is due', { ...base, misses: [] }, 'healthy', undefined],
    ['a channel down inside the backoff', { ...base, misses: [] }, 'down', T + 10_000],
    [
      'past the backoff, it may start now: nothing to wait for',
      { ...base, lastRecovery: { at: T - 2 * MIN, kind: 'restart' as const }, misses: [T - 5_000] },
      'healthy',
      undefined,
    ],
    ['no recovery yet: never held back', { streak: 0, misses: [T - 5_000] }, 'healthy', undefined],
  ] as Array<[string, RecoveryState, PushHealthState, number | undefined]>)('%s', (_name, state, health, expected) => {
    expect(recoveryDueAt(state, health, T)).toBe(expected);
  });

  test('property: whenever something is due, nothing is planned now, and at that time it is', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 * MIN }), { maxLength: 4 }),
        fc.option(fc.record({ ago: fc.integer({ min: 0, max: 40 * MIN }), kind: fc.constantFrom<RecoveryKind>('restart', 'fresh-registration') }), { nil: undefined }),
        fc.integer({ min: 0, max: 6 }),
        fc.option(fc.integer({ min: 0, max: 20 * MIN }), { nil: undefined }),
        fc.constantFrom<PushHealthState>('healthy', 'degraded', 'down'),
        (missesAgo, last, streak, pushAgo, health) => {
          const state: RecoveryState = {
            misses: missesAgo.map((ago) => T - ago),
            ...(last && { lastRecovery: { at: T - last.ago, kind: last.kind } }),
            streak: last ? Math.max(1, streak) : 0,
            ...(pushAgo !== undefined && { lastPushAt: T - pushAgo }),
          };
          const due = recoveryDueAt(state, health, T);
          if (due === undefined) return;
          expect(due).toBeGreaterThan(T);
          expect(planRecovery(state, health, T)).toBeUndefined();
          // At the due time the same misses still count (the window is ten minutes, backoffs start at one).
          if (due - Math.min(...state.misses, T) <= DEFAULT_RECOVERY_POLICY.missWindowMs || health === 'down') {
            expect(planRecovery(state, health, due)).toBeDefined();
          }
        },
      ),
    );
  });
});

describe('RecoveryPlanner', () => {
  /** A planner, and what push health would count: the planner reads the last push from it. */
  function plannerWithPushes(): { planner: RecoveryPlanner; pushed(at: number): void } {
    let lastPushAt: number | undefined;
    const planner = new RecoveryPlanner(() => lastPushAt);
    return {
      planner,
      pushed(at) {
        lastPushAt = at;
        planner.pushArrived(at);
      },
    };
  }

  test('a streak: restart, then a fresh registration, each after its backoff; a push ends the streak', () => {
    const { planner, pushed } = plannerWithPushes();
    let now = 0;
    pushed(now - 1_000);
    planner.missed(now - 30_000, now);
    expect(planner.plan('healthy', now)).toBeUndefined();
    planner.missed(now - 10_000, now);
    expect(planner.plan('healthy', now)?.kind).toBe('restart');
    planner.recovered('restart', now);
    now += 20_000;
    planner.missed(now - 15_000, now);
    planner.missed(now - 10_000, now);
    expect(planner.plan('healthy', now)).toBeUndefined();
    expect(planner.dueAt('healthy', now)).toBe(30_000);
    now = 30_000;
    expect(planner.plan('healthy', now)?.kind).toBe('fresh-registration');
    planner.recovered('fresh-registration', now);
    pushed(now + 1);
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
          const { planner, pushed } = plannerWithPushes();
          const recoveries: Array<{ at: number; streak: number }> = [];
          let now = 0;
          for (const step of steps) {
            now += step.gap;
            if (step.miss) planner.missed(now, now);
            if (step.push) pushed(now);
            const plan = planner.plan(step.down ? 'down' : 'healthy', now);
            if (plan) {
              const before = planner.state;
              if (before.lastRecovery) expect(now - before.lastRecovery.at).toBeGreaterThanOrEqual(backoffMs(before.streak));
              planner.recovered(plan.kind, now);
              recoveries.push({ at: now, streak: planner.state.streak });
            }
          }
          // Without pushes ending streaks, an hour holds at most 7 recoveries (0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 min…).
          const pushes = steps.some((step) => step.push);
          if (!pushes) {
            for (const r of recoveries) {
              expect(recoveries.filter((o) => o.at >= r.at && o.at < r.at + 60 * MIN).length).toBeLessThanOrEqual(7);
            }
          }
          expect(DEFAULT_RECOVERY_POLICY.maxBackoffMs).toBe(30 * MIN);
        },
      ),
    );
  });
});
