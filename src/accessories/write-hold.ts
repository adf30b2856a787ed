/**
 * Holds a value HomeKit wrote until Ring reports it back (or the hold runs out), so a poll that
 * still carries the old state does not make the Home app flicker back.
 */
export class WriteHold<T> {
  private held?: { value: T; until: number };

  constructor(private readonly holdMs: number, private readonly now: () => number = Date.now) {}

  wrote(value: T): void {
    this.held = { value, until: this.now() + this.holdMs };
  }

  /** The value to show, given what Ring reports now. */
  shown(reported: T): T {
    if (!this.held) {
      return reported;
    }
    if (reported === this.held.value || this.now() >= this.held.until) {
      this.held = undefined;
      return reported;
    }
    return this.held.value;
  }

  release(): void {
    this.held = undefined;
  }
}
