import type { Subscription } from 'rxjs';
import type { SignalGate } from '../../../privacy/gate.js';
import type { Device } from '../../../privacy/types.js';

/**
 * Ends one camera's live streams as soon as the privacy gate no longer allows them. The gate
 * announces every change decisions depend on (policy saved, Ring mode, Privacy switch, a new
 * minute for schedules, a clock jump); each one re-judges a running stream, quietly while it may
 * go on, recorded once when it must stop.
 */
export class StreamGuard {
  private readonly subscription: Subscription;

  constructor(gate: SignalGate, device: Device, running: () => boolean, end: () => void) {
    this.subscription = gate.changes$.subscribe(() => {
      if (running() && !gate.streamStillAllowed(device)) {
        end();
      }
    });
  }

  dispose(): void {
    this.subscription.unsubscribe();
  }
}
