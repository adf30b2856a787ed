/**
 * Sends the plugin's status to the page when it changes, instead of the page asking every few
 * seconds: plugin-ui-utils' server prints `Incoming Request: <path>` for every request, so a poll
 * would add a line to the Homebridge UI's log each time. Reading the files here prints nothing.
 */
export class StatusPush<T> {
  private last: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  /** Bumped by every answer, so a read that was under way then is not pushed after it. */
  private generation = 0;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly push: (status: T) => void,
    private readonly intervalMs = 2_000,
  ) {}

  /** A status the page asked for: the next push comes only when the status differs from it. */
  answered(status: T): T {
    this.generation += 1;
    this.last = JSON.stringify(status);
    return status;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the status once and pushes it when it changed; a failed read is tried again next time. */
  async check(): Promise<boolean> {
    if (this.checking) return false;
    this.checking = true;
    const generation = this.generation;
    try {
      const status = await this.read();
      const text = JSON.stringify(status);
      if (generation !== this.generation || text === this.last) return false;
      this.last = text;
      this.push(status);
      return true;
    } catch {
      return false;
    } finally {
      this.checking = false;
    }
  }
}
