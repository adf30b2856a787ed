import { RecentDingIds } from './push-dedupe.js';
import { findMissed, HISTORY_LIMIT, LOOKBACK_MS, MISS_GRACE_MS, readHistoryEvents, type HistoryEvent } from './push-reconcile.js';
import { HourlyBudget } from './push-rate-limits.js';
import type { PluginLog } from './ring-log.js';

/**
 * The I/O side of reconciliation: reads each location's recent camera events from Ring's history
 * every `intervalMs` (and soon after the push channel reconnects), and hands the missed ones on.
 * A history read is a plain REST request to Ring's servers: it never wakes a battery camera.
 */
export const RECONCILE_INTERVAL_MS = 60_000;
export const RECONCILE_PER_HOUR = 60;

/** What reconciliation needs of a ring-client-api Location. */
export interface HistorySource {
  readonly id: string;
  getCameraEvents(options: { limit: number }): Promise<unknown>;
}

export interface PushReconcilerOptions {
  locations: readonly HistorySource[];
  /** Cameras whose pushes the plugin handles (read at each check: accessories may come later). */
  cameras: () => ReadonlySet<string>;
  intake: { arrived(dingId: string): boolean; handled(dingId: string): void };
  onMissed: (events: HistoryEvent[], now: number) => void;
  log: PluginLog;
  intervalMs?: number;
  graceMs?: number;
  /** Ring requests per hour per location, whatever triggers them. */
  perHour?: number;
  now?: () => number;
}

export class PushReconciler {
  private readonly budgets = new Map<string, HourlyBudget>();
  private readonly busy = new Set<string>();
  /** Misses reported, so each is reported once; kept past the lookback. */
  private readonly reported = new RecentDingIds(2 * LOOKBACK_MS);
  private readonly since: number;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private soonTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: PushReconcilerOptions) {
    this.now = options.now ?? Date.now;
    this.since = this.now();
  }

  start(): void {
    this.timer = setInterval(() => void this.checkAll(), this.options.intervalMs ?? RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * A check once the grace window has passed (after a reconnect or a recovery: what Ring queued
   * has had time to arrive, and what the new receiver misses shows soonest), in place of the
   * next regular one: the minute's cadence restarts from it, so this moves a read rather than
   * adding one. Several calls before it runs make one check (the first call's delay holds).
   */
  soon(delayMs = this.options.graceMs ?? MISS_GRACE_MS): void {
    if (this.stopped || this.soonTimer) return;
    clearInterval(this.timer);
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      if (this.stopped) return;
      this.start();
      void this.checkAll();
    }, delayMs);
    this.soonTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soonTimer);
  }

  /** Checks every location once (within each one's budget); resolves when all answered. */
  async checkAll(): Promise<void> {
    await Promise.all(this.options.locations.map((location) => this.check(location)));
  }

  private budget(locationId: string): HourlyBudget {
    let budget = this.budgets.get(locationId);
    if (!budget) {
      budget = new HourlyBudget(this.options.perHour ?? RECONCILE_PER_HOUR);
      this.budgets.set(locationId, budget);
    }
    return budget;
  }

  private async check(location: HistorySource): Promise<void> {
    // One read per location at a time; none past the hour's budget.
    if (this.stopped || this.busy.has(location.id) || !this.budget(location.id).take(this.now())) return;
    this.busy.add(location.id);
    try {
      const response = await location.getCameraEvents({ limit: HISTORY_LIMIT });
      if (this.stopped) return;
      const now = this.now();
      const missed = findMissed({
        events: readHistoryEvents(response),
        arrived: (id) => this.options.intake.arrived(id),
        reported: (id) => this.reported.has(id, now),
        cameras: this.options.cameras(),
        since: this.since,
        now,
        graceMs: this.options.graceMs,
      });
      for (const event of missed) {
        this.reported.isRepeat(event.dingId, now);
        // A push of it arriving after all is dropped like a duplicate: it must not show twice.
        this.options.intake.handled(event.dingId);
      }
      if (missed.length > 0) this.options.onMissed(missed, now);
    } catch (error) {
      // Ring unreachable: the next check tries again; the outage is said elsewhere.
      this.options.log.debug(`Push reconciliation could not read a location's history: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.busy.delete(location.id);
    }
  }
}
