/**
 * Which signal kind a hub device's change is offered to the privacy gate as: the narrower kinds
 * for changes that say who is home, plain alarm-state for the rest, and always alarm-state with
 * life safety for alarms.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DEVICE_KINDS, type DeviceKind } from '../../config/device-kinds.js';
import { changedKeys, CurrentState, Detected, type View } from './alarm-mapping.js';
import { stateParts } from './state-signal.js';

/** Each part as `kind:key+key` (`!` after the kind for life safety). */
const describeParts = (kind: DeviceKind, before: View, after: View) =>
  stateParts(kind, before, after).map((part) => `${part.signal.type}${part.signal.lifeSafety ? '!' : ''}:${part.keys.join('+')}`);

describe('stateParts', () => {
  // "!" marks a life-safety part.
  test.each<[DeviceKind, View, View, string[]]>([
    ['lock', { current: 1, target: 1, batteryLevel: 90 }, { current: 0, target: 0, batteryLevel: 90 }, ['lock-state:current+target']],
    ['lock', { current: 1, batteryLevel: 90 }, { current: 1, batteryLevel: 80 }, ['alarm-state:batteryLevel']],
    ['lock', { current: 1, batteryLevel: 90 }, { current: 0, batteryLevel: 80 }, ['lock-state:current', 'alarm-state:batteryLevel']],
    ['smart-light', { on: false, level: 0, motion: false }, { on: true, level: 100, motion: false }, ['light-state:on+level']],
    ['smart-light', { on: false, motion: false }, { on: false, motion: true }, ['alarm-state:motion']],
    ['smart-light', { on: false, motion: false }, { on: true, motion: true }, ['light-state:on', 'alarm-state:motion']],
    ['smart-switch', { on: false }, { on: true }, ['switch-state:on']],
    ['smart-switch', { on: true, level: 20 }, { on: true, level: 60 }, ['switch-state:level']],
    ['water-valve', { active: 1, inUse: 1 }, { active: 0, inUse: 0 }, ['switch-state:active+inUse']],
    [
      'security-panel',
      { current: CurrentState.DISARMED, target: CurrentState.DISARMED },
      { current: CurrentState.AWAY_ARM, target: CurrentState.AWAY_ARM },
      ['mode-change:current+target'],
    ],
    ['security-panel', { current: CurrentState.AWAY_ARM, siren: false }, { current: CurrentState.ALARM_TRIGGERED, siren: true }, ['alarm-state!:current+siren']],
    ['security-panel', { current: CurrentState.ALARM_TRIGGERED }, { current: CurrentState.DISARMED }, ['alarm-state!:current']],
    ['security-panel', { siren: false }, { siren: true }, ['alarm-state:siren']],
    [
      'location-mode',
      { current: CurrentState.STAY_ARM, target: CurrentState.STAY_ARM },
      { current: CurrentState.AWAY_ARM, target: CurrentState.AWAY_ARM },
      ['mode-change:current+target'],
    ],
    ['contact-sensor', { contact: 0 }, { contact: 1 }, ['alarm-state:contact']],
    ['smoke-sensor', { smoke: Detected.NO }, { smoke: Detected.YES }, ['alarm-state!:smoke']],
    ['flood-freeze-sensor', { batteryLevel: 90 }, { batteryLevel: 80 }, ['alarm-state!:batteryLevel']],
    ['thermostat', { target: 0 }, { target: 1 }, ['alarm-state:target']],
    ['lock', { current: 1 }, { current: 1 }, []],
  ])('%s: %j → %j is %j', (kind, before, after, parts) => {
    expect(describeParts(kind, before, after)).toEqual(parts);
  });

  const views = fc.dictionary(
    fc.constantFrom('current', 'target', 'on', 'level', 'active', 'inUse', 'motion', 'batteryLevel', 'smoke', 'leak'),
    fc.integer({ min: 0, max: 4 }),
  );

  test('the parts cover every changed key exactly once', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVICE_KINDS), views, views, (kind, before, after) => {
        const keys = stateParts(kind, before, after).flatMap((part) => part.keys);
        expect([...keys].sort()).toEqual(changedKeys(before, after).sort());
      }),
    );
  });

  test('an alarm before or after is one life-safety alarm-state part, whatever the kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVICE_KINDS), views, views, (kind, before, after) => {
        const alarm = { ...after, current: CurrentState.ALARM_TRIGGERED };
        const calm = { ...before, current: CurrentState.DISARMED };
        for (const [from, to] of [
          [calm, alarm],
          [alarm, calm],
        ] as const) {
          const parts = stateParts(kind, from, to);
          expect(parts).toHaveLength(1);
          expect(parts[0]!.signal).toEqual({ type: 'alarm-state', lifeSafety: true });
        }
      }),
    );
  });

  test('a narrower kind is only ever given to a part that is not life safety', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVICE_KINDS), views, views, (kind, before, after) => {
        for (const part of stateParts(kind, before, after)) {
          if (part.signal.type !== 'alarm-state') expect(part.signal.lifeSafety).toBe(false);
        }
      }),
    );
  });
});
