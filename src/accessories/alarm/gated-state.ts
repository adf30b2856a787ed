import type { SignalGate } from '../../privacy/gate.js';
import type { AlarmStateSignal, Device } from '../../privacy/types.js';
import { changedKeys, type View } from './alarm-mapping.js';

/**
 * The HomeKit values one alarm device has been allowed to show. Ring's latest view is offered to
 * the gate as one state signal per visible change; only what the gate allows becomes
 * `allowed`, which is what HomeKit reads and what is pushed. A blocked change is simply not shown:
 * the next offer is compared with what HomeKit last saw, so nothing is lost once the gate opens.
 */
export class GatedState {
  private shown: View;
  private latest?: View;

  constructor(
    private readonly gate: SignalGate,
    private readonly device: Device,
    neutral: View,
    /** What a change from `before` to `after` is, as a signal (see state-signal.ts). */
    private readonly signalOf: (before: View, after: View) => AlarmStateSignal,
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
    if (changed.length === 0 || !this.gate.allowAlarmState(this.device, this.signalFor(next))) {
      return [];
    }
    this.shown = { ...this.shown, ...next };
    return changed;
  }

  /**
   * Offers a change that was held back again, once anything decisions depend on has changed (the
   * policy, a mode, a switch, the clock). It is asked quietly first, so a change that stays
   * blocked is recorded once, when Ring reported it, not at every re-check.
   */
  reoffer(): string[] {
    const latest = this.latest;
    if (!latest || changedKeys(this.shown, latest).length === 0 || !this.gate.wouldForward(this.device, this.signalFor(latest))) {
      return [];
    }
    return this.offer(latest);
  }

  private signalFor(next: View): AlarmStateSignal {
    return this.signalOf(this.shown, next);
  }
}
