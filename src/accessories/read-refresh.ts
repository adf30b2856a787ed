/**
 * Asks Ring for a device's status when HomeKit reads it, at most once per interval: the Home app
 * reads every characteristic of every accessory when it opens, and the answer it gets now is the
 * last known state, so the fresh one follows as an update. ring-client-api merges requests that
 * arrive together into one device-list fetch for the whole account.
 */
/** Reads within this long of the last refresh are answered without asking Ring again. */
export const READ_REFRESH_MIN_INTERVAL_MS = 5_000;

export class ReadRefresh {
  private lastAt?: number;

  constructor(
    private readonly request: () => void,
    private readonly minIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  read(): void {
    const now = this.now();
    if (this.lastAt !== undefined && now - this.lastAt < this.minIntervalMs) {
      return;
    }
    this.lastAt = now;
    this.request();
  }
}
