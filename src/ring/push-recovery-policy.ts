import type { PushHealthState } from '../config/plugin-status.js';

/**
 * When to restart Ring's push receiver, and how: the pure policy behind push-recovery.ts.
 *
 * A channel that is down, or pushes missed while it looks connected (Ring stopped delivering to
 * the registration: dgreif/ring #933 and its many successors), call for a recovery. "Missed" is
 * two misses in the window, or one miss with no push at all since its event: a lone drop amid
 * pushes that still arrive is Ring's hiccup, but silence after a miss is what a dead
 * registration looks like, and waiting for a second miss would leave it dead for minutes more.
 * The first is a restart of the receiver (a new connection with the same credentials); if misses
 * go on after a restart, the next is a fresh registration (new FCM credentials, registered with
 * Ring). Recoveries in one streak back off: 30 s, then 1, 2, 4 … up to 30 minutes apart, so a
 * Ring that will not deliver costs a few restarts an hour at most and never a loop. The first
 * step is short because the escalation from a restart to a fresh registration should come
 * within the three minutes a silent registration may cost (push-watchdog.timeline.test.ts). A push arriving after a
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
  baseBackoffMs: 30_000,
  maxBackoffMs: 30 * 60_000,
};

export interface RecoveryState {
  /** When each missed event happened (Ring's created_at), in any order. */
  misses: readonly number[];
  lastRecovery?: { at: number; kind: RecoveryKind };
  /** Recoveries since the channel last proved to work. */
  streak: number;
  /** When a push last came through (undefined: none since the plugin started). */
  lastPushAt?: number;
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

/** Why a recovery is called for, ignoring the backoff; undefined when nothing is wrong. */
function recoveryReason(state: RecoveryState, health: PushHealthState, now: number, options: RecoveryPolicyOptions): { missing: boolean; reason: string } | undefined {
  // Misses of events before the last recovery do not count again: that recovery already answered them.
  const after = state.lastRecovery?.at ?? -Infinity;
  const counted = state.misses.filter((at) => at > after && now - at <= options.missWindowMs);
  const recent = counted.length;
  if (recent >= options.missesToAct) return { missing: true, reason: `${recent} pushes missed` };
  if (recent > 0 && (state.lastPushAt ?? -Infinity) <= Math.max(...counted)) return { missing: true, reason: `${recent} push missed and none arrived since` };
  return health === 'down' ? { missing: false, reason: 'push channel down' } : undefined;
}

/** When the backoff of the current streak ends (the last recovery plus its backoff), or -Infinity. */
function backoffEnds(state: RecoveryState, options: RecoveryPolicyOptions): number {
  return state.lastRecovery ? state.lastRecovery.at + backoffMs(state.streak, options) : -Infinity;
}

/** What to do now: a recovery, or nothing (no reason, or still backing off). */
export function planRecovery(
  state: RecoveryState,
  health: PushHealthState,
  now: number,
  options: RecoveryPolicyOptions = DEFAULT_RECOVERY_POLICY,
): RecoveryPlan | undefined {
  const why = recoveryReason(state, health, now, options);
  if (!why || now < backoffEnds(state, options)) return undefined;
  // Misses after a restart in this streak: the registration itself is what Ring stopped serving.
  const kind: RecoveryKind = why.missing && state.streak > 0 && state.lastRecovery?.kind === 'restart' ? 'fresh-registration' : 'restart';
  return { kind, reason: why.reason };
}

/**
 * When a recovery that is called for now may start: the end of the backoff, if that is what
 * holds it back (so the caller can look again then, not at its next periodic check); otherwise
 * undefined (nothing to do, or it may start now).
 */
export function recoveryDueAt(state: RecoveryState, health: PushHealthState, now: number, options: RecoveryPolicyOptions = DEFAULT_RECOVERY_POLICY): number | undefined {
  const ends = backoffEnds(state, options);
  return now < ends && recoveryReason(state, health, now, options) ? ends : undefined;
}

/** The policy's memory, as events come; the clock is passed in. */
export class RecoveryPlanner {
  private misses: number[] = [];
  private lastRecovery?: { at: number; kind: RecoveryKind };
  private streak = 0;

  constructor(
    /** When a push last came through: push health counts pushes already, so the planner asks it rather than keep a copy. */
    private readonly lastPushAt: () => number | undefined,
    private readonly options: RecoveryPolicyOptions = DEFAULT_RECOVERY_POLICY,
  ) {}

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
    return planRecovery(this.state, health, now, this.options);
  }

  dueAt(health: PushHealthState, now: number): number | undefined {
    return recoveryDueAt(this.state, health, now, this.options);
  }

  recovered(kind: RecoveryKind, now: number): void {
    this.lastRecovery = { at: now, kind };
    this.streak += 1;
  }

  get state(): RecoveryState {
    return { misses: [...this.misses], lastRecovery: this.lastRecovery, streak: this.streak, lastPushAt: this.lastPushAt() };
  }
}
