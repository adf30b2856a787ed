/**
 * Runs a "bring the disk up to date" pass, never two at once. Requests made while a pass runs are
 * folded into a single further pass, which reads the newest wanted state when it starts: a burst of
 * rotations costs at most two writes, and an older token can never be written after a newer one.
 * A failed pass is retried with backoff (timers do not keep the process alive). After close(), the
 * passes already asked for still run (a rotated token must reach the disk), but no new one is
 * accepted and a failure is neither retried nor reported.
 */
export class SerialSync {
  private running: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onFailure: (error: unknown, retryInMs: number) => void,
    private readonly retryDelaysMs: readonly number[] = [1000, 5000, 30000, 60000],
  ) {}

  /** Asks for a pass; resolves when the disk reflects the state at the time of this call (or a pass failed). */
  request(): Promise<void> {
    if (this.closed) return this.flush();
    this.again = true;
    this.running ??= this.loop();
    return this.running;
  }

  /** Resolves once no pass is running or pending. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No new passes, no retry timer, no failure reports. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async loop(): Promise<void> {
    try {
      while (this.again) {
        this.again = false;
        try {
          await this.pass();
          this.failures = 0;
        } catch (error) {
          this.scheduleRetry(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  private scheduleRetry(error: unknown): void {
    if (this.closed) return;
    const delay = this.retryDelaysMs[Math.min(this.failures, this.retryDelaysMs.length - 1)] ?? 60000;
    this.failures += 1;
    this.onFailure(error, delay);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.request(), delay);
    this.retryTimer.unref();
  }
}
