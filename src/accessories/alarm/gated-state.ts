import type { SignalGate } from '../../privacy/gate.js';
import type { AlarmStateSignal, Device } from '../../privacy/types.js';
import { changedKeys, type View } from './alarm-mapping.js';

/** One part of a change: the keys that changed together and what their change is, as a signal. */
export interface StatePart {
  readonly signal: AlarmStateSignal;
  readonly keys: readonly string[];
}

/**
 * The HomeKit values one alarm device has been allowed to show. Ring's latest view is offered to
 * the gate as one state signal per part of a visible change (a Beam switched on and seeing motion
 * is a light change and a motion, each judged on its own); only what the gate allows becomes
 * `allowed`, which is what HomeKit reads and what is pushed. A blocked part is simply not shown:
 * the next offer is compared with what HomeKit last saw, so nothing is lost once the gate opens.
 */
export class GatedState {
  private shown: View;
  private latest?: View;

  constructor(
    private readonly gate: SignalGate,
    private readonly device: Device,
    neutral: View,
    /** The parts of a change from `before` to `after`, covering every changed key (see state-signal.ts). */
    private readonly partsOf: (before: View, after: View) => readonly StatePart[],
  ) {
    this.shown = neutral;
  }

  get allowed(): View {
    return this.shown;
  }

  /** Offers Ring's view; returns the keys HomeKit should be told about (none when unchanged or blocked). */
  offer(next: View): string[] {
    this.latest = next;
    return this.admit(next, (signal) => this.gate.allowAlarmState(this.device, signal));
  }

  /**
   * Offers what was held back again, once anything decisions depend on has changed (the policy, a
   * mode, a switch, the clock). Each part is asked quietly first, so a part that stays blocked is
   * recorded once, when Ring reported it, not at every re-check.
   */
  reoffer(): string[] {
    const latest = this.latest;
    if (!latest) return [];
    return this.admit(latest, (signal) => this.gate.wouldForward(this.device, signal) && this.gate.allowAlarmState(this.device, signal));
  }

  private admit(next: View, allow: (signal: AlarmStateSignal) => boolean): string[] {
    const changed = changedKeys(this.shown, next);
    if (changed.length === 0) return [];
    const allowed = new Set(this.partsOf(this.shown, next).flatMap((part) => (allow(part.signal) ? part.keys : [])));
    const keys = changed.filter((key) => allowed.has(key));
    if (keys.length === 0) return [];
    this.shown = { ...this.shown, ...Object.fromEntries(keys.map((key) => [key, next[key]])) };
    return keys;
  }
}
