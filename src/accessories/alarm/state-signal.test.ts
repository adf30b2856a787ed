/**
 * Which signal kind a hub device's change is offered to the privacy gate as: the narrower kinds
 * for changes that say who is home, plain alarm-state for the rest, and always alarm-state with
 * life safety for alarms.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DEVICE_KINDS, type DeviceKind } from '../../config/device-kinds.js';
import type { View } from './alarm-mapping.js';
import { CurrentState, Detected } from './alarm-mapping.js';
import { stateSignal } from './state-signal.js';

describe('stateSignal', () => {
  test.each<[DeviceKind, View, View, string, boolean]>([
    ['lock', { current: 1, target: 1, batteryLevel: 90 }, { current: 0, target: 0, batteryLevel: 90 }, 'lock-state', false],
    ['lock', { current: 1, batteryLevel: 90 }, { current: 1, batteryLevel: 80 }, 'alarm-state', false],
    ['smart-light', { on: false, level: 0, motion: false }, { on: true, level: 100, motion: false }, 'light-state', false],
    ['smart-light', { on: false, motion: false }, { on: false, motion: true }, 'alarm-state', false],
    ['smart-light', { on: false, motion: false }, { on: true, motion: true }, 'light-state', false],
    ['smart-switch', { on: false }, { on: true }, 'switch-state', false],
    ['smart-switch', { on: true, level: 20 }, { on: true, level: 60 }, 'switch-state', false],
    ['water-valve', { active: 1, inUse: 1 }, { active: 0, inUse: 0 }, 'switch-state', false],
    [
      'security-panel',
      { current: CurrentState.DISARMED, target: CurrentState.DISARMED },
      { current: CurrentState.AWAY_ARM, target: CurrentState.AWAY_ARM },
      'mode-change',
      false,
    ],
    ['security-panel', { current: CurrentState.AWAY_ARM }, { current: CurrentState.ALARM_TRIGGERED }, 'alarm-state', true],
    ['security-panel', { current: CurrentState.ALARM_TRIGGERED }, { current: CurrentState.DISARMED }, 'alarm-state', true],
    ['security-panel', { siren: false }, { siren: true }, 'alarm-state', false],
    [
      'location-mode',
      { current: CurrentState.STAY_ARM, target: CurrentState.STAY_ARM },
      { current: CurrentState.AWAY_ARM, target: CurrentState.AWAY_ARM },
      'mode-change',
      false,
    ],
    ['contact-sensor', { contact: 0 }, { contact: 1 }, 'alarm-state', false],
    ['smoke-sensor', { smoke: Detected.NO }, { smoke: Detected.YES }, 'alarm-state', true],
    ['flood-freeze-sensor', { batteryLevel: 90 }, { batteryLevel: 80 }, 'alarm-state', true],
    ['thermostat', { target: 0 }, { target: 1 }, 'alarm-state', false],
  ])('%s: %j → %j is %s (life safety %s)', (kind, before, after, type, lifeSafety) => {
    expect(stateSignal(kind, before, after)).toEqual({ type, lifeSafety });
  });

  const views = fc.dictionary(
    fc.constantFrom('current', 'target', 'on', 'level', 'active', 'inUse', 'motion', 'batteryLevel', 'smoke', 'leak'),
    fc.integer({ min: 0, max: 4 }),
  );

  test('an alarm before or after is always a life-safety alarm-state, whatever the kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVICE_KINDS), views, views, (kind, before, after) => {
        const alarm = { ...after, current: CurrentState.ALARM_TRIGGERED };
        expect(stateSignal(kind, before, alarm)).toEqual({ type: 'alarm-state', lifeSafety: true });
        expect(stateSignal(kind, alarm, before)).toEqual({ type: 'alarm-state', lifeSafety: true });
      }),
    );
  });

  test('a narrower kind is only ever given to a change that is not life safety', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVICE_KINDS), views, views, (kind, before, after) => {
        const signal = stateSignal(kind, before, after);
        if (signal.type !== 'alarm-state') expect(signal.lifeSafety).toBe(false);
      }),
    );
  });
});
