/**
 * Two small limits of push reconciliation, pure (the clock is passed in):
 *
 * - HourlyBudget: Ring requests added by reconciliation stay at or under a number per hour per
 *   location, whatever asks for them (the minute timer, a reconnect, a recovery).
 * - MissLogLimiter: a Ring that stops delivering makes a miss on every event; the log gets one
 *   line per few minutes with how many there were, not one per event.
 */
export const HOUR_MS = 3_600_000;

export class HourlyBudget {
  /** Times of the requests spent in the last hour, oldest first. */
  private readonly spent: number[] = [];

  constructor(
    private readonly perHour: number,
    private readonly windowMs = HOUR_MS,
  ) {}

  /** Spends one request if the last hour leaves room; false when it does not. */
  take(now: number): boolean {
    while (this.spent.length > 0 && now - this.spent[0] >= this.windowMs) this.spent.shift();
    if (this.spent.length >= this.perHour) return false;
    this.spent.push(now);
    return true;
  }

  /** Requests spent within the window ending at `now`. */
  used(now: number): number {
    return this.spent.filter((at) => now - at < this.windowMs).length;
  }
}

export const MISS_LOG_INTERVAL_MS = 5 * 60_000;

export class MissLogLimiter {
  private pending = 0;
  private lastLineAt?: number;

  constructor(private readonly intervalMs = MISS_LOG_INTERVAL_MS) {}

  /**
   * Counts `count` new misses; returns how many to report in a line now (all not yet reported), or
   * undefined while a line was written less than the interval ago. Call with 0 to flush what waits.
   */
  note(count: number, now: number): number | undefined {
    this.pending += count;
    if (this.pending === 0) return undefined;
    if (this.lastLineAt !== undefined && now - this.lastLineAt < this.intervalMs && now >= this.lastLineAt) return undefined;
    const reported = this.pending;
    this.pending = 0;
    this.lastLineAt = now;
    return reported;
  }
}
