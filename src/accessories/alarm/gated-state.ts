import type { GateDevice, SignalGate } from '../../privacy/gate.js';
import { changedKeys, type View } from './alarm-mapping.js';

/**
 * The HomeKit values one alarm device has been allowed to show. Ring's latest view is offered to
 * the gate as one alarm-state signal per visible change; only what the gate allows becomes
 * `allowed`, which is what HomeKit reads and what is pushed. A blocked change is simply not shown:
 * the next offer is compared with what HomeKit last saw, so nothing is lost once the gate opens.
 */
export class GatedState {
  private shown: View;
  private latest?: View;

  constructor(
    private readonly gate: SignalGate,
    private readonly device: GateDevice,
    neutral: View,
    private readonly lifeSafety: (before: View, after: View) => boolean,
  ) {
    this.shown = neutral;
  }

  get allowed(): View {
    return this.shown;
  }

  /** Offers Ring's view; returns the keys HomeKit should be told about (none when unchanged or blocked). */
  offer(next: View): string[] {
    this.latest = next;
    const changed = changedKeys(this.shown, next);
    if (changed.length === 0) {
      return [];
    }
    if (!this.gate.allowEvent(this.device, { type: 'alarm-state', lifeSafety: this.lifeSafety(this.shown, next) })) {
      return [];
    }
    this.shown = { ...this.shown, ...next };
    return changed;
  }

  /** Offers the latest view again, e.g. after the privacy policy or a privacy switch changed. */
  reoffer(): string[] {
    return this.latest ? this.offer(this.latest) : [];
  }
}
