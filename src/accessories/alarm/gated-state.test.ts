import { describe, expect, test } from '@jest/globals';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import type { Device } from '../../privacy/types.js';
import { changedKeys, type View } from './alarm-mapping.js';
import { GatedState, type StatePart } from './gated-state.js';

const device: Device = { id: 'zid-1', name: 'Back Door', kind: 'contact-sensor', locationId: 'loc-1' };

/** A gate whose answer the test sets, recording every signal it is asked about. */
function gate(allow: { value: boolean }): ScriptedGate & { signals: ScriptedGate['recorded'] } {
  const g = new ScriptedGate();
  g.answer = (_signal, asked) => {
    expect(asked).toBe(device);
    return allow.value;
  };
  return Object.assign(g, { signals: g.recorded });
}

/** One part for the whole change, life safety when a leak is before or after it. */
const lifeSafetyWhenLeak = (before: View, after: View): StatePart[] => [
  { signal: { type: 'alarm-state', lifeSafety: before.leak === 1 || after.leak === 1 }, keys: changedKeys(before, after) },
];
/** A lock's state and its battery as two parts, as state-signal.ts splits them. */
const lockParts = (before: View, after: View): StatePart[] => {
  const changed = changedKeys(before, after);
  const parts: StatePart[] = [];
  if (changed.includes('current')) parts.push({ signal: { type: 'lock-state', lifeSafety: false }, keys: ['current'] });
  if (changed.includes('battery')) parts.push({ signal: { type: 'alarm-state', lifeSafety: false }, keys: ['battery'] });
  return parts;
};

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

  test('a change that stays blocked is recorded once, however often it is re-checked', () => {
    const allow = { value: false };
    const g = gate(allow);
    const state = new GatedState(g, device, { contact: 0 }, lifeSafetyWhenLeak);
    state.offer({ contact: 1 });
    for (let i = 0; i < 5; i++) expect(state.reoffer()).toEqual([]);
    expect(g.recorded).toHaveLength(1);
    expect(g.quiet).toHaveLength(5);
    allow.value = true;
    expect(state.reoffer()).toEqual(['contact']);
    // The change that finally reaches HomeKit is recorded as forwarded.
    expect(g.recorded).toHaveLength(2);
  });

  test('nothing held back: a re-check asks nothing at all', () => {
    const g = gate({ value: true });
    const state = new GatedState(g, device, { contact: 0 }, lifeSafetyWhenLeak);
    state.offer({ contact: 1 });
    expect(state.reoffer()).toEqual([]);
    expect(g.quiet).toEqual([]);
    expect(g.recorded).toHaveLength(1);
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

  test('each part of a change is judged on its own: a blocked lock state stays back while the battery shows', () => {
    const g = new ScriptedGate();
    g.answer = (signal) => signal.type !== 'lock-state';
    const state = new GatedState(g, device, { current: 1, battery: 90 }, lockParts);
    expect(state.offer({ current: 0, battery: 80 })).toEqual(['battery']);
    expect(state.allowed).toEqual({ current: 1, battery: 80 });
    expect(g.recorded.map((signal) => signal.type)).toEqual(['lock-state', 'alarm-state']);
    // The held-back part waits for the gate, then shows by itself; the quiet re-check recorded nothing.
    expect(state.reoffer()).toEqual([]);
    expect(g.recorded).toHaveLength(2);
    g.answer = () => true;
    expect(state.reoffer()).toEqual(['current']);
    expect(state.allowed).toEqual({ current: 0, battery: 80 });
  });
});
