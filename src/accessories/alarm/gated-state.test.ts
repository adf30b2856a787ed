import { describe, expect, test } from '@jest/globals';
import type { EventSignal, GateDevice, SignalGate } from '../../privacy/gate.js';
import type { View } from './alarm-mapping.js';
import { GatedState } from './gated-state.js';

const device: GateDevice = { id: 'zid-1', name: 'Back Door', kind: 'contact-sensor', locationId: 'loc-1' };

/** A gate whose answer the test sets, recording every signal it is asked about. */
function gate(allow: { value: boolean }): SignalGate & { signals: EventSignal[] } {
  const signals: EventSignal[] = [];
  return {
    signals,
    allowEvent: (asked, signal) => {
      expect(asked).toBe(device);
      signals.push(signal);
      return allow.value;
    },
    snapshot: () => Promise.reject(new Error('not used')),
    allowStream: () => false,
  };
}

const lifeSafetyWhenLeak = (before: View, after: View) => before.leak === 1 || after.leak === 1;

describe('GatedState', () => {
  test('an allowed change becomes what HomeKit sees, with the changed keys to push', () => {
    const allow = { value: true };
    const g = gate(allow);
    const state = new GatedState(g, device, { contact: 0, fault: 0 }, lifeSafetyWhenLeak);
    expect(state.offer({ contact: 1, fault: 0 })).toEqual(['contact']);
    expect(state.allowed).toEqual({ contact: 1, fault: 0 });
    expect(g.signals).toEqual([{ type: 'alarm-state', lifeSafety: false }]);
  });

  test('an unchanged view does not ask the gate', () => {
    const g = gate({ value: true });
    const state = new GatedState(g, device, { contact: 0 }, lifeSafetyWhenLeak);
    expect(state.offer({ contact: 0 })).toEqual([]);
    expect(g.signals).toEqual([]);
  });

  test('a blocked change is not shown; the next view is compared with what HomeKit saw', () => {
    const allow = { value: false };
    const g = gate(allow);
    const state = new GatedState(g, device, { contact: 0 }, lifeSafetyWhenLeak);
    expect(state.offer({ contact: 1 })).toEqual([]);
    expect(state.allowed).toEqual({ contact: 0 });
    // Door closed again while blocked: nothing to tell HomeKit, nothing to ask.
    expect(state.offer({ contact: 0 })).toEqual([]);
    expect(g.signals).toHaveLength(1);
    // Opened again, gate now open.
    allow.value = true;
    expect(state.offer({ contact: 1 })).toEqual(['contact']);
    expect(state.allowed).toEqual({ contact: 1 });
  });

  test('reoffer shows a change that was blocked once the gate opens', () => {
    const allow = { value: false };
    const state = new GatedState(gate(allow), device, { contact: 0 }, lifeSafetyWhenLeak);
    state.offer({ contact: 1 });
    allow.value = true;
    expect(state.reoffer()).toEqual(['contact']);
    expect(state.allowed).toEqual({ contact: 1 });
    expect(state.reoffer()).toEqual([]);
  });

  test('life safety is judged on what HomeKit saw and what comes next, so the all-clear counts too', () => {
    const g = gate({ value: true });
    const state = new GatedState(g, device, { leak: 0 }, lifeSafetyWhenLeak);
    state.offer({ leak: 1 });
    state.offer({ leak: 0 });
    expect(g.signals.map((signal) => (signal as { lifeSafety: boolean }).lifeSafety)).toEqual([true, true]);
  });

  test('keys missing from a view keep their last allowed value', () => {
    const state = new GatedState(gate({ value: true }), device, { temperature: 0, fault: 0 }, lifeSafetyWhenLeak);
    state.offer({ temperature: 21.5, fault: 0 });
    expect(state.offer({ fault: 1 })).toEqual(['fault']);
    expect(state.allowed).toEqual({ temperature: 21.5, fault: 1 });
  });
});
