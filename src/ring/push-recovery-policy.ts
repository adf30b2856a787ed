import type { PushHealthState } from '../config/plugin-status.js';

/**
 * When to restart Ring's push receiver, and how: the pure policy behind push-recovery.ts.
 *
 * A channel that is down, or pushes missed repeatedly while it looks connected (Ring stopped
 * delivering to the registration: dgreif/ring #933 and its many successors), call for a recovery.
 * The first is a restart of the receiver (a new connection with the same credentials); if misses
 * go on after a restart, the next is a fresh registration (new FCM credentials, registered with
 * Ring). Recoveries in one streak back off: 1, 2, 4 … up to 30 minutes apart, so a Ring that
 * will not deliver costs a few restarts an hour at most and never a loop. A push arriving after a
 * recovery shows it worked and ends the streak.
 */
export type RecoveryKind = 'restart' | 'fresh-registration';

export interface RecoveryPolicyOptions {
  /** Misses within `missWindowMs` that call for a recovery. */
  missesToAct: number;
  missWindowMs: number;
  /** The wait after the first recovery of a streak; doubled after each further one. */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicyOptions = {
  missesToAct: 2,
  missWindowMs: 10 * 60_000,
  baseBackoffMs: 60_000,
  maxBackoffMs: 30 * 60_000,
};

export interface RecoveryState {
  /** When each missed event happened (Ring's created_at), in any order. */
  misses: readonly number[];
  lastRecovery?: { at: number; kind: RecoveryKind };
  /** Recoveries since the channel last proved to work. */
  streak: number;
}

export interface RecoveryPlan {
  kind: RecoveryKind;
  /** A few words for the log line. */
  reason: string;
}

/** How long after the `streak`-th recovery of a streak the next may start (0 before the first). */
export function backoffMs(streak: number, options: RecoveryPolicyOptions = DEFAULT_RECOVERY_POLICY): number {
  if (streak <= 0) return 0;
  // 2 ** 30 would overflow nothing, but the cap is reached long before; clamp the exponent anyway.
  return Math.min(options.baseBackoffMs * 2 ** Math.min(streak - 1, 30), options.maxBackoffMs);
}

/**
 * What to do now: a recovery, or nothing (no reason, or still backing off). Misses of events
 * before the last recovery do not count again: that recovery already answered them.
 */
export function planRecovery(
  state: RecoveryState,
  health: PushHealthState,
  now: number,
  options: RecoveryPolicyOptions = DEFAULT_RECOVERY_POLICY,
): RecoveryPlan | undefined {
  const after = state.lastRecovery?.at ?? -Infinity;
  const recent = state.misses.filter((at) => at > after && now - at <= options.missWindowMs).length;
  const missing = recent >= options.missesToAct;
  if (!missing && health !== 'down') return undefined;
  if (state.lastRecovery && now - state.lastRecovery.at < backoffMs(state.streak, options)) return undefined;
  // Misses after a restart in this streak: the registration itself is what Ring stopped serving.
  const kind: RecoveryKind = missing && state.streak > 0 && state.lastRecovery?.kind === 'restart' ? 'fresh-registration' : 'restart';
  return { kind, reason: missing ? `${recent} pushes missed` : 'push channel down' };
}

/** The policy's memory, as events come; the clock is passed in. */
export class RecoveryPlanner {
  private misses: number[] = [];
  private lastRecovery?: { at: number; kind: RecoveryKind };
  private streak = 0;

  constructor(private readonly options: RecoveryPolicyOptions = DEFAULT_RECOVERY_POLICY) {}

  missed(eventAt: number, now: number): void {
    this.misses.push(eventAt);
    // Only the window matters; the list stays small.
    this.misses = this.misses.filter((at) => now - at <= this.options.missWindowMs);
  }

  /** A push came through after the last recovery: it worked, the next streak starts from scratch. */
  pushArrived(now: number): void {
    if (this.lastRecovery && now > this.lastRecovery.at) this.streak = 0;
  }

  plan(health: PushHealthState, now: number): RecoveryPlan | undefined {
    return planRecovery({ misses: this.misses, lastRecovery: this.lastRecovery, streak: this.streak }, health, now, this.options);
  }

  recovered(kind: RecoveryKind, now: number): void {
    this.lastRecovery = { at: now, kind };
    this.streak += 1;
  }

  get state(): RecoveryState {
    return { misses: [...this.misses], lastRecovery: this.lastRecovery, streak: this.streak };
  }
}
