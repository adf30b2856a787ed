/**
 * Holds a value HomeKit wrote until Ring reports it back (or the hold runs out), so a poll that
 * still carries the old state does not make the Home app flicker back.
 *
 * Only a report Ring sent after it accepted the command counts as Ring agreeing: ring-client-api
 * echoes some writes into the device data at once (the light's `led_status`, the siren), and that
 * echo proves nothing about what the next poll will say. Reports are told apart by identity
 * (ring-client-api replaces the data object on every update).
 */
export class WriteHold<T> {
  private held?: { value: T; until: number; accepted: boolean; staleReport?: unknown };

  constructor(
    private readonly holdMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes `value` through `command`; `report` is Ring's current report (the device data object). */
  async write(value: T, command: () => Promise<unknown>, report: () => unknown): Promise<void> {
    this.wrote(value);
    try {
      await command();
    } catch (error) {
      this.release();
      throw error;
    }
    this.accepted(report());
  }

  wrote(value: T): void {
    this.held = { value, until: this.now() + this.holdMs, accepted: false };
  }

  /** Ring accepted the command; `current` is the report at that moment, which does not count as agreement. */
  accepted(current: unknown): void {
    if (this.held) {
      this.held = { ...this.held, accepted: true, staleReport: current };
    }
  }

  /** The value to show, given what Ring reports now in `report`. */
  shown(reported: T, report: unknown): T {
    const held = this.held;
    if (!held) {
      return reported;
    }
    const agreed = held.accepted && report !== held.staleReport && reported === held.value;
    if (agreed || this.now() >= held.until) {
      this.held = undefined;
      return reported;
    }
    return held.value;
  }

  release(): void {
    this.held = undefined;
  }
}
