/**
 * Whether Ring answers, judged from the requests ring-client-api makes. The library retries a
 * request that gets no answer (refused, reset, unresolvable, timed out after 20 s) every 5 s for
 * as long as it takes, and tells its caller nothing; so "Ring is unreachable" shows as a request
 * still waiting after one timeout and one retry delay, while nothing else got an answer either.
 * Pure: times are passed in.
 */

/** Ring's own request timeout (20 s) plus its retry delay (5 s): a request older than this failed at least once. */
export const UNANSWERED_MS = 25_000;
/** While Ring stays unreachable, a reminder at most this often. */
export const REMINDER_MS = 10 * 60_000;

export type ReachabilityChange = { kind: 'lost'; sinceMs: number } | { kind: 'still-lost'; forMs: number } | { kind: 'back'; afterMs: number };

export class Reachability {
  private readonly pending = new Map<number, number>();
  private nextId = 1;
  private lastAnswerAt: number;
  private lostSince?: number;
  private lastReportAt = 0;

  constructor(
    now: number,
    private readonly unansweredMs = UNANSWERED_MS,
    private readonly reminderMs = REMINDER_MS,
  ) {
    this.lastAnswerAt = now;
  }

  /** A request went out; returns its id for `settled`. */
  started(now: number): number {
    const id = this.nextId++;
    this.pending.set(id, now);
    return id;
  }

  /**
   * A request ended. `answered`: Ring sent a response (any HTTP status counts: it is there).
   * Returns 'back' when this is the first answer after Ring was reported lost.
   */
  settled(id: number, now: number, answered: boolean): ReachabilityChange | undefined {
    this.pending.delete(id);
    if (!answered) {
      return undefined;
    }
    this.lastAnswerAt = Math.max(this.lastAnswerAt, now);
    if (this.lostSince === undefined) {
      return undefined;
    }
    const afterMs = now - this.lostSince;
    this.lostSince = undefined;
    return { kind: 'back', afterMs };
  }

  /** Called now and then: reports Ring lost once, then a reminder at most every `reminderMs`. */
  tick(now: number): ReachabilityChange | undefined {
    if (this.lostSince !== undefined) {
      if (now - this.lastReportAt < this.reminderMs) return undefined;
      this.lastReportAt = now;
      return { kind: 'still-lost', forMs: now - this.lostSince };
    }
    const oldest = Math.min(...this.pending.values());
    if (!Number.isFinite(oldest) || now - oldest < this.unansweredMs || now - this.lastAnswerAt < this.unansweredMs) {
      return undefined;
    }
    this.lostSince = Math.max(oldest, this.lastAnswerAt);
    this.lastReportAt = now;
    return { kind: 'lost', sinceMs: now - this.lostSince };
  }

  /** Requests waiting for an answer (for the soak benchmark and tests). */
  get waiting(): number {
    return this.pending.size;
  }
}

/** "45 s", "3 min", "2 h 5 min": how long, for a log line. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The log line for a change, at the level it deserves. */
export function reachabilityLine(change: ReachabilityChange): { level: 'warn' | 'info'; message: string } {
  switch (change.kind) {
    case 'lost':
      return {
        level: 'warn',
        message: `Ring has not answered for ${duration(change.sinceMs)}; events from Ring are delayed until it does. Trying again all the time, no restart needed.`,
      };
    case 'still-lost':
      return { level: 'warn', message: `Ring has still not answered (for ${duration(change.forMs)}); still trying.` };
    case 'back':
      return { level: 'info', message: `Ring answers again after ${duration(change.afterMs)}.` };
  }
}
