import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { allAlarmStates } from 'ring-client-api';
import { CurrentState, TargetState, type AlarmData, type CurrentStateValue, type TargetStateValue } from './alarm-mapping.js';
import {
  INITIAL_PANEL_MEMORY,
  TRIGGERED_ALARM_STATES,
  exitDelayEndsAt,
  isTriggered,
  needsRingCommand,
  panelState,
  panelView,
  ringModeFor,
  sensorsToBypass,
  validCurrents,
  validTargets,
  type NightChoice,
  type PanelMemory,
  type SettledState,
} from './panel-mapping.js';

const NOW = 1_700_000_000_000;
const { STAY_ARM, AWAY_ARM, NIGHT_ARM, DISARMED, ALARM_TRIGGERED } = CurrentState;
const T = TargetState;

const memory = (night: NightChoice = 'off', settled: SettledState = DISARMED): PanelMemory => ({ night, settled });

describe('Ring mode to HomeKit states', () => {
  test.each<[string | undefined, boolean, NightChoice, CurrentStateValue, TargetStateValue]>([
    ['none', false, 'off', DISARMED, T.DISARM],
    ['some', false, 'off', STAY_ARM, T.STAY_ARM],
    ['all', false, 'off', AWAY_ARM, T.AWAY_ARM],
    [undefined, false, 'off', DISARMED, T.DISARM],
    ['some', true, 'off', STAY_ARM, T.STAY_ARM],
    ['some', true, 'active', NIGHT_ARM, T.NIGHT_ARM],
    ['some', true, 'requested', NIGHT_ARM, T.NIGHT_ARM],
    // Night switched off in the config: a remembered Night choice no longer counts.
    ['some', false, 'active', STAY_ARM, T.STAY_ARM],
    ['all', true, 'active', AWAY_ARM, T.AWAY_ARM],
  ])('mode %s, night mode %s, night %s', (mode, nightMode, night, current, target) => {
    const state = panelState({ mode }, memory(night), NOW, nightMode);
    expect([state.current, state.target]).toEqual([current, target]);
    expect(state.armingUntil).toBeUndefined();
  });

  test.each<[NightChoice, string, NightChoice]>([
    ['active', 'some', 'active'],
    // Anyone changing the mode ends Night.
    ['active', 'none', 'off'],
    ['active', 'all', 'off'],
    // Our Night write is on its way: Ring still reports the old mode, the request waits.
    ['requested', 'none', 'requested'],
    ['requested', 'some', 'active'],
    ['off', 'some', 'off'],
  ])('night %s with mode %s becomes %s', (night, mode, next) => {
    expect(panelState({ mode }, memory(night), NOW, true).memory.night).toBe(next);
  });
});

describe('arming (exit delay)', () => {
  const end = NOW + 30_000;

  test('while Ring counts down, the target is the new mode and the current stays as it was', () => {
    const state = panelState({ mode: 'all', transitionDelayEndTimestamp: end }, memory('off', DISARMED), NOW, false);
    expect(state).toEqual({ current: DISARMED, target: T.AWAY_ARM, memory: memory('off', DISARMED), armingUntil: end });
  });

  test('Home to Away keeps showing Home until the delay ends', () => {
    const state = panelState({ mode: 'all', transitionDelayEndTimestamp: end }, memory('off', STAY_ARM), NOW, false);
    expect([state.current, state.target]).toEqual([STAY_ARM, T.AWAY_ARM]);
  });

  test('once the delay is over the system is armed, without a word from Ring', () => {
    const state = panelState({ mode: 'all', transitionDelayEndTimestamp: end }, memory('off', DISARMED), end, false);
    expect(state).toEqual({ current: AWAY_ARM, target: T.AWAY_ARM, memory: memory('off', AWAY_ARM), armingUntil: undefined });
  });

  test('arming Night shows Night as the target during the delay and as the state after it', () => {
    const during = panelState({ mode: 'some', transitionDelayEndTimestamp: end }, memory('requested'), NOW, true);
    expect([during.current, during.target, during.memory.night]).toEqual([DISARMED, T.NIGHT_ARM, 'active']);
    const after = panelState({ mode: 'some', transitionDelayEndTimestamp: end }, during.memory, end + 1, true);
    expect([after.current, after.target]).toEqual([NIGHT_ARM, T.NIGHT_ARM]);
  });

  test.each<[AlarmData, number | undefined]>([
    [{ mode: 'all', transitionDelayEndTimestamp: NOW + 1 }, NOW + 1],
    [{ mode: 'some', transitionDelayEndTimestamp: NOW + 1 }, NOW + 1],
    [{ mode: 'none', transitionDelayEndTimestamp: NOW + 1 }, undefined],
    [{ mode: 'all', transitionDelayEndTimestamp: NOW }, undefined],
    [{ mode: 'all', transitionDelayEndTimestamp: null }, undefined],
    [{ mode: 'all', transitionDelayEndTimestamp: NOW + 1, alarmInfo: { state: 'burglar-alarm' } }, undefined],
  ])('exit delay end of %j', (data, expected) => {
    expect(exitDelayEndsAt(data, NOW)).toBe(expected);
  });
});

describe('triggered', () => {
  test.each<[AlarmData, CurrentStateValue, TargetStateValue]>([
    [{ mode: 'all', alarmInfo: { state: 'burglar-alarm' } }, ALARM_TRIGGERED, T.AWAY_ARM],
    [{ mode: 'some', alarmInfo: { state: 'panic' } }, ALARM_TRIGGERED, T.STAY_ARM],
    // Fire and CO alarms sound whatever the mode.
    [{ mode: 'none', alarmInfo: { state: 'fire-alarm' } }, ALARM_TRIGGERED, T.DISARM],
    [{ mode: 'none', alarmInfo: { state: 'co-alarm' } }, ALARM_TRIGGERED, T.DISARM],
    // Entry delay is the grace period to disarm: still armed, not (yet) an alarm.
    [{ mode: 'all', alarmInfo: { state: 'entry-delay' } }, AWAY_ARM, T.AWAY_ARM],
    [{ mode: 'all', alarmInfo: null }, AWAY_ARM, T.AWAY_ARM],
    // An alarm state Ring adds later still reads as an alarm.
    [{ mode: 'all', alarmInfo: { state: 'water-alarm' } }, ALARM_TRIGGERED, T.AWAY_ARM],
  ])('%j', (data, current, target) => {
    const state = panelState(data, memory('off', AWAY_ARM), NOW, false);
    expect([state.current, state.target]).toEqual([current, target]);
  });

  test('the alarm does not overwrite what the system returns to afterwards', () => {
    const triggered = panelState({ mode: 'all', alarmInfo: { state: 'burglar-alarm' } }, memory('off', AWAY_ARM), NOW, false);
    expect(triggered.memory.settled).toBe(AWAY_ARM);
  });

  test('every Ring alarm state but entry-delay is a triggered state', () => {
    expect([...TRIGGERED_ALARM_STATES].sort()).toEqual(allAlarmStates.filter((state) => state !== 'entry-delay').sort());
    for (const state of allAlarmStates) {
      expect(isTriggered({ alarmInfo: { state } })).toBe(state !== 'entry-delay');
    }
  });
});

describe('HomeKit target to Ring', () => {
  test.each<[TargetStateValue, boolean, string, NightChoice]>([
    [T.AWAY_ARM, true, 'all', 'off'],
    [T.STAY_ARM, true, 'some', 'off'],
    [T.NIGHT_ARM, true, 'some', 'requested'],
    [T.NIGHT_ARM, false, 'some', 'off'],
    [T.DISARM, true, 'none', 'off'],
  ])('target %s (night mode %s) asks Ring for %s', (target, nightMode, mode, night) => {
    expect(ringModeFor(target, nightMode)).toEqual({ mode, night });
  });

  test.each<[AlarmData, 'none' | 'some' | 'all', boolean]>([
    [{ mode: 'some' }, 'some', false],
    [{ mode: 'none' }, 'some', true],
    [{ mode: 'none', alarmInfo: { state: 'fire-alarm' } }, 'none', true],
    [{ mode: 'all', transitionDelayEndTimestamp: NOW + 5 }, 'all', true],
  ])('%j to %s needs a Ring command: %s', (data, mode, expected) => {
    expect(needsRingCommand(data, mode, NOW)).toBe(expected);
  });

  test('valid values', () => {
    expect(validTargets(false)).toEqual([T.STAY_ARM, T.AWAY_ARM, T.DISARM]);
    expect(validTargets(true)).toEqual([T.STAY_ARM, T.AWAY_ARM, T.NIGHT_ARM, T.DISARM]);
    expect(validCurrents(false)).toEqual([STAY_ARM, AWAY_ARM, DISARMED, ALARM_TRIGGERED]);
    expect(validCurrents(true)).toEqual([STAY_ARM, AWAY_ARM, NIGHT_ARM, DISARMED, ALARM_TRIGGERED]);
  });
});

test('panel view carries the siren and status only when shown', () => {
  const data: AlarmData = { siren: { state: 'on' }, tamperStatus: 'ok', commStatus: 'ok' };
  const state = { current: DISARMED, target: T.DISARM } as const;
  expect(panelView({ siren: true, tamper: true }, state, data)).toEqual({ current: DISARMED, target: T.DISARM, siren: true, fault: 0, tampered: 0 });
  expect(panelView({ siren: false, tamper: false }, state, data)).toEqual({ current: DISARMED, target: T.DISARM, fault: 0 });
});

describe('properties', () => {
  const alarmInfo = fc.oneof(fc.constant(undefined), fc.constant(null), fc.record({ state: fc.oneof(fc.constantFrom(...allAlarmStates), fc.string()) }));
  const data: fc.Arbitrary<AlarmData> = fc.record({
    mode: fc.constantFrom('none', 'some', 'all', undefined, 'unexpected'),
    alarmInfo,
    transitionDelayEndTimestamp: fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer({ min: NOW - 60_000, max: NOW + 60_000 })),
  });
  const scenario = fc.boolean().chain((nightMode) =>
    fc.record({
      nightMode: fc.constant(nightMode),
      data,
      memory: fc.record({
        night: fc.constantFrom<NightChoice>('off', 'requested', 'active'),
        settled: fc.constantFrom(...validCurrents(nightMode).filter((state): state is SettledState => state !== ALARM_TRIGGERED)),
      }),
      now: fc.integer({ min: NOW - 60_000, max: NOW + 60_000 }),
    }),
  );

  test('states are always among the valid values for the night-mode setting', () => {
    fc.assert(
      fc.property(scenario, ({ nightMode, data, memory, now }) => {
        const state = panelState(data, memory, now, nightMode);
        expect(validCurrents(nightMode)).toContain(state.current);
        expect(validTargets(nightMode)).toContain(state.target);
      }),
    );
  });

  test('settled (not arming, not triggered): current is the target', () => {
    fc.assert(
      fc.property(scenario, ({ nightMode, data, memory, now }) => {
        const state = panelState(data, memory, now, nightMode);
        fc.pre(!isTriggered(data) && state.armingUntil === undefined);
        expect(state.current).toBe(state.target);
        expect(state.memory.settled).toBe(state.current);
      }),
    );
  });

  test('arming: current stays at the last settled state, target is an armed mode', () => {
    fc.assert(
      fc.property(scenario, ({ nightMode, data, memory, now }) => {
        const state = panelState(data, memory, now, nightMode);
        fc.pre(state.armingUntil !== undefined);
        expect(state.current).toBe(memory.settled);
        expect(state.target).not.toBe(T.DISARM);
        expect(state.armingUntil).toBeGreaterThan(now);
      }),
    );
  });

  test('triggered: current is ALARM_TRIGGERED and the target is what it would be without the alarm', () => {
    fc.assert(
      fc.property(scenario, ({ nightMode, data, memory, now }) => {
        fc.pre(isTriggered(data));
        const state = panelState(data, memory, now, nightMode);
        expect(state.current).toBe(ALARM_TRIGGERED);
        expect(state.target).toBe(panelState({ ...data, alarmInfo: null }, memory, now, nightMode).target);
      }),
    );
  });

  test('the same report twice changes nothing more', () => {
    fc.assert(
      fc.property(scenario, ({ nightMode, data, memory, now }) => {
        const once = panelState(data, memory, now, nightMode);
        const twice = panelState(data, once.memory, now, nightMode);
        expect(twice).toEqual(once);
      }),
    );
  });

  test('a target written and confirmed by Ring reads back as that target', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom(T.STAY_ARM, T.AWAY_ARM, T.NIGHT_ARM, T.DISARM), (nightMode, target) => {
        fc.pre(validTargets(nightMode).includes(target));
        const { mode, night } = ringModeFor(target, nightMode);
        const state = panelState({ mode }, { ...INITIAL_PANEL_MEMORY, night }, NOW, nightMode);
        expect(state.target).toBe(target);
        expect(state.current).toBe(target);
      }),
    );
  });
});

describe('Night bypass', () => {
  test.each([
    ['an open door', [{ zid: 'a', kind: 'contact-sensor', faulted: true }], ['a']],
    ['a closed door', [{ zid: 'a', kind: 'contact-sensor', faulted: false }], []],
    ['a motion detector seeing motion', [{ zid: 'm', kind: 'motion-sensor', faulted: true }], []],
    ['an unreadable fault', [{ zid: 'a', kind: 'contact-sensor', faulted: 'yes' }], []],
    [
      'two open windows and a closed one, in order',
      [
        { zid: 'w1', kind: 'contact-sensor', faulted: true },
        { zid: 'w2', kind: 'contact-sensor', faulted: false },
        { zid: 'w3', kind: 'contact-sensor', faulted: true },
      ],
      ['w1', 'w3'],
    ],
  ])('%s: bypasses %j', (_name, devices, bypass) => {
    expect(sensorsToBypass(devices)).toEqual(bypass);
  });
});

describe('alarmOnEntryDelay', () => {
  test.each([
    ['entry delay, option off: still armed', 'entry-delay', false, CurrentState.AWAY_ARM],
    ['entry delay, option on: triggered', 'entry-delay', true, CurrentState.ALARM_TRIGGERED],
    ['burglar alarm, option off: triggered', 'burglar-alarm', false, CurrentState.ALARM_TRIGGERED],
    ['no alarm, option on: armed', undefined, true, CurrentState.AWAY_ARM],
  ])('%s', (_name, state, entryDelayTriggers, current) => {
    const data: AlarmData = { mode: 'all', ...(state !== undefined && { alarmInfo: { state } }) };
    expect(panelState(data, INITIAL_PANEL_MEMORY, 0, false, entryDelayTriggers).current).toBe(current);
  });
});
