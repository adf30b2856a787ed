import { RecentDingIds } from './push-dedupe.js';
import type { PushHealthTracker } from './push-health.js';

/**
 * Where camera pushes enter, before the privacy gate: a ding id seen before is dropped and
 * counted, anything else is counted as received and let through. A push without a ding id cannot
 * be matched and is let through.
 *
 * Reconciliation (push-reconcile.ts) asks it which ding ids arrived, and marks the ones it
 * handled itself (a missed press delivered late): a push of that ding coming after all is then
 * dropped like a duplicate, so a press never rings twice.
 */
export class PushIntake {
  private readonly recent = new RecentDingIds();
  private readonly listeners = new Set<(cameraId: string) => void>();

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
    this.listeners.forEach((listener) => listener(cameraId));
    return true;
  }

  /** Whether a push with this ding id came (or was handled by reconciliation) within the memory's age. */
  arrived(dingId: string): boolean {
    return this.recent.has(dingId, this.now());
  }

  /** Marks a ding as handled without a push: a push of it arriving later is dropped. */
  handled(dingId: string): void {
    this.recent.isRepeat(dingId, this.now());
  }

  /** Called with the camera of every push let through; returns a function that stops it. */
  onAdmitted(listener: (cameraId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
