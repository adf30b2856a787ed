import type { Logging } from 'homebridge';
import type { CameraAccessory } from '../accessories/camera/camera-accessory.js';
import type { PushHealthTracker } from '../ring/push-health.js';
import type { PushIntake } from '../ring/push-intake.js';
import { deliversLate, MISS_GRACE_MS, type HistoryEvent } from '../ring/push-reconcile.js';
import { PushReconciler, RECONCILE_INTERVAL_MS, RECONCILE_PER_HOUR } from '../ring/push-reconciler.js';
import { DEFAULT_RECOVERY_POLICY, RecoveryPlanner, type RecoveryPolicyOptions } from '../ring/push-recovery-policy.js';
import { HOUR_MS, MissLogLimiter } from '../ring/push-rate-limits.js';
import { restartPushReceiver } from '../ring/push-restart.js';
import type { RingHome } from '../ring/ring-connection.js';

/**
 * Notifications that heal themselves (issue 15), wired: reconciliation finds pushes Ring never
 * delivered; each miss is counted in push health, logged (one line per few minutes), recorded in
 * the audit ledger through the camera's gate (a recent press still rings); and the recovery
 * policy restarts the push receiver when the channel is down or misses repeat.
 */
export interface PushWatchSettings {
  intervalMs: number;
  graceMs: number;
  perHour: number;
  policy: RecoveryPolicyOptions;
}

/** A test-only knob: a positive whole number of milliseconds, or undefined. */
export function envMs(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = Number(env[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * The defaults, or shorter intervals from the environment. These knobs exist for the end-to-end
 * tests (which cannot wait minutes); they are not options: a user has no reason to change them,
 * and the request budget scales with the interval only here.
 */
export function pushWatchSettings(env: NodeJS.ProcessEnv = process.env): PushWatchSettings {
  const ms = (name: string): number | undefined => envMs(env, name);
  const intervalMs = ms('TRYGR_PUSH_RECONCILE_MS') ?? RECONCILE_INTERVAL_MS;
  const backoff = ms('TRYGR_PUSH_RECOVERY_BACKOFF_MS');
  return {
    intervalMs,
    graceMs: ms('TRYGR_PUSH_MISS_GRACE_MS') ?? MISS_GRACE_MS,
    perHour: intervalMs < RECONCILE_INTERVAL_MS ? Math.ceil(HOUR_MS / intervalMs) + RECONCILE_PER_HOUR : RECONCILE_PER_HOUR,
    policy: backoff ? { ...DEFAULT_RECOVERY_POLICY, baseBackoffMs: backoff } : DEFAULT_RECOVERY_POLICY,
  };
}

export interface PushWatchdogDeps {
  log: Logging;
  tracker: PushHealthTracker;
  intake: PushIntake;
  lateDingSeconds: number;
  settings?: PushWatchSettings;
  now?: () => number;
}

/** How often the recovery policy is asked, besides after each miss. */
const RECOVERY_CHECK_MS = 30_000;

export class PushWatchdog {
  readonly settings: PushWatchSettings;
  /** Lives across connections: a new sign-in does not reset the backoff. */
  private readonly planner: RecoveryPlanner;
  private readonly missLog = new MissLogLimiter();
  private readonly now: () => number;

  constructor(private readonly deps: PushWatchdogDeps) {
    this.settings = deps.settings ?? pushWatchSettings();
    this.planner = new RecoveryPlanner(() => deps.tracker.snapshot.lastPushAt, this.settings.policy);
    this.now = deps.now ?? Date.now;
    deps.intake.onAdmitted(() => this.planner.pushArrived(this.now()));
  }

  /** Watches one connection's pushes; returns what stops it (the connection closed). */
  watch(home: RingHome, cameras: ReadonlyMap<string, CameraAccessory>): { reconnected(): void; stop(): void } {
    const { log } = this.deps;
    const reconciler = new PushReconciler({
      locations: home.locations,
      cameras: () => new Set(cameras.keys()),
      intake: this.deps.intake,
      onMissed: (events, now) => this.onMissed(events, now, cameras),
      log,
      intervalMs: this.settings.intervalMs,
      graceMs: this.settings.graceMs,
      perHour: this.settings.perHour,
      now: this.now,
    });
    reconciler.start();
    const intercoms = home.locations.flatMap((location) => location.intercoms);
    let dueTimer: NodeJS.Timeout | undefined;
    const recover = (): void => {
      const now = this.now();
      const health = this.deps.tracker.status(now).state;
      const plan = this.planner.plan(health, now);
      if (!plan) {
        // Held back only by the backoff: look again the moment it ends, not up to a check later.
        const due = this.planner.dueAt(health, now);
        if (due !== undefined && !dueTimer) {
          dueTimer = setTimeout(() => {
            dueTimer = undefined;
            recover();
          }, due - now);
          dueTimer.unref();
        }
        return;
      }
      if (!restartPushReceiver(home.api, home.cameras, intercoms, plan.kind)) {
        log.debug('The push receiver cannot be restarted with this version of ring-client-api.');
        return;
      }
      this.planner.recovered(plan.kind, now);
      this.deps.tracker.recovered(plan.kind, now);
      log.warn(`Ring push notifications: ${plan.reason}; ${plan.kind === 'restart' ? 'restarting the push receiver' : 'registering for push notifications again'}.`);
      // What the old receiver missed just before, and the new one's first events: they are only
      // missed once the new receiver had time to start (about a grace) and the grace has passed.
      reconciler.soon(2 * this.settings.graceMs);
    };
    this.recoverNow = recover;
    const timer = setInterval(
      () => {
        recover();
        this.flushMissLog();
      },
      Math.min(RECOVERY_CHECK_MS, this.settings.intervalMs),
    );
    timer.unref();
    return {
      reconnected: () => reconciler.soon(),
      stop: () => {
        clearInterval(timer);
        clearTimeout(dueTimer);
        reconciler.stop();
        if (this.recoverNow === recover) this.recoverNow = undefined;
      },
    };
  }

  private recoverNow?: () => void;

  private onMissed(events: HistoryEvent[], now: number, cameras: ReadonlyMap<string, CameraAccessory>): void {
    this.deps.tracker.missed(events.length, now);
    for (const event of events) {
      this.planner.missed(event.createdAt, now);
      const camera = cameras.get(event.cameraId);
      try {
        camera?.missedByPush({ kind: event.kind, detectionType: event.detectionType, dingId: event.dingId }, deliversLate(event, now, this.deps.lateDingSeconds));
      } catch (error) {
        this.deps.log.warn(`A missed Ring event could not be handled: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const count = this.missLog.note(events.length, now);
    if (count !== undefined) this.logMisses(count);
    this.recoverNow?.();
  }

  private flushMissLog(): void {
    const count = this.missLog.note(0, this.now());
    if (count !== undefined) this.logMisses(count);
  }

  private logMisses(count: number): void {
    this.deps.log.warn(
      `Ring did not deliver ${count} notification${count === 1 ? '' : 's'} (found in Ring's event history; recorded in the audit ledger as missed by push).`,
    );
  }
}
