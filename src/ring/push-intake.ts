import { RecentDingIds } from './push-dedupe.js';
import type { PushHealthTracker } from './push-health.js';

/**
 * Where camera pushes enter, before the privacy gate: a ding id seen before is dropped and
 * counted, anything else is counted as received and let through. A push without a ding id cannot
 * be matched and is let through.
 */
export class PushIntake {
  private readonly recent = new RecentDingIds();

  constructor(
    private readonly health: PushHealthTracker,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the push should be handled; false for a duplicate. */
  admit(cameraId: string, dingId: string | undefined): boolean {
    const now = this.now();
    if (dingId !== undefined && this.recent.isRepeat(dingId, now)) {
      this.health.duplicate(now);
      return false;
    }
    this.health.received(cameraId, now);
    return true;
  }
}
