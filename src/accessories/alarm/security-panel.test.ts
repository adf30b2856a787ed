/**
 * The security panel on a real Homebridge API object, fed by stand-ins for the panel's RingDevice
 * and its Location (test/support/alarm-stand-ins.ts): arming through the exit delay, alarms,
 * refused or unanswered mode changes, Night mode, the siren switch and the gate.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { PlatformAccessory } from 'homebridge';
import type { Location } from 'ring-client-api';
import {
  api,
  characteristic,
  deps,
  FakeGate,
  FakeRingDevice,
  gateDevice,
  NO_RESPONSE,
  platformAccessory,
  read,
  warnings,
  type Data,
} from '../../../test/support/alarm-stand-ins.js';
import type { TrygrConfig } from '../../config/parse-config.js';
import { createAlarmAccessory } from './alarm-factory.js';
import { CurrentState, TargetState } from './alarm-mapping.js';
import { ALARM_MODE_TIMEOUT_MS, SecurityPanelAccessory } from './security-panel.js';

const { Service, Characteristic } = api.hap;
const NOW = 1_700_000_000_000;

/** Answers like Ring: 'ok' applies the mode (with an optional exit delay), 'refuse' echoes the old one. */
class FakeLocation {
  answer: 'ok' | 'refuse' | 'silent' = 'ok';
  exitDelayMs = 0;
  readonly modes: string[] = [];
  readonly sirenCalls: string[] = [];
  constructor(private readonly panel: FakeRingDevice) {}
  async setAlarmMode(mode: 'none' | 'some' | 'all'): Promise<void> {
    this.modes.push(mode);
    if (this.answer === 'silent') {
      return new Promise(() => undefined);
    }
    await Promise.resolve();
    if (this.answer === 'refuse') {
      this.panel.update({ mode: this.panel.data.mode });
      throw new Error(`Failed to set alarm mode to "${mode}".  Sensors may require bypass, which can only be done in the Ring app.`);
    }
    const delayed = mode !== 'none' && this.exitDelayMs > 0;
    this.panel.update({ mode, transitionDelayEndTimestamp: delayed ? Date.now() + this.exitDelayMs : null, ...(mode === 'none' ? { alarmInfo: null } : {}) });
  }
  async soundSiren(): Promise<void> {
    this.sirenCalls.push('sound');
  }
  async silenceSiren(): Promise<void> {
    this.sirenCalls.push('silence');
  }
  asRing(): Location {
    return this as unknown as Location;
  }
}

const panelData: Data = {
  zid: 'panel-1',
  name: 'Alarm',
  deviceType: 'security-panel',
  mode: 'none',
  alarmInfo: null,
  transitionDelayEndTimestamp: null,
  siren: { state: 'off' },
  tamperStatus: 'ok',
  batteryStatus: 'none',
  commStatus: 'ok',
};

describe('security panel', () => {
  let panel: FakeRingDevice;
  let location: FakeLocation;
  let gate: FakeGate;
  let accessory: PlatformAccessory;
  let instance: SecurityPanelAccessory | undefined;

  function setUp(options: Partial<TrygrConfig> = {}, existing?: PlatformAccessory): void {
    accessory = existing ?? platformAccessory(panelData);
    instance = createAlarmAccessory(deps(gate, options), accessory, panel.asRing(), location.asRing(), gateDevice(panelData), 'SERIAL1') as SecurityPanelAccessory;
  }
  const current = () => characteristic(accessory, Service.SecuritySystem, Characteristic.SecuritySystemCurrentState);
  const target = () => characteristic(accessory, Service.SecuritySystem, Characteristic.SecuritySystemTargetState);

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'queueMicrotask'] });
    panel = new FakeRingDevice(panelData);
    location = new FakeLocation(panel);
    gate = new FakeGate();
    warnings.length = 0;
  });
  afterEach(() => {
    instance?.dispose();
    jest.useRealTimers();
  });

  test('shows the disarmed system, with the valid targets for the night-mode setting', async () => {
    setUp();
    expect(instance).toBeInstanceOf(SecurityPanelAccessory);
    expect(await read(current())).toBe(CurrentState.DISARMED);
    expect(await read(target())).toBe(TargetState.DISARM);
    expect(target().props.validValues).toEqual([TargetState.STAY_ARM, TargetState.AWAY_ARM, TargetState.DISARM]);
    expect(accessory.getServiceById(Service.Switch, 'siren')).toBeUndefined();
    expect(accessory.getService(Service.AccessoryInformation)?.getCharacteristic(Characteristic.SerialNumber).value).toBe('SERIAL1');
  });

  test('arming Away: target at once, current stays disarmed through the exit delay, then armed', async () => {
    location.exitDelayMs = 30_000;
    setUp();
    await target().handleSetRequest(TargetState.AWAY_ARM);
    expect(location.modes).toEqual(['all']);
    expect(target().value).toBe(TargetState.AWAY_ARM);
    expect(current().value).toBe(CurrentState.DISARMED);
    await jest.advanceTimersByTimeAsync(29_000);
    expect(current().value).toBe(CurrentState.DISARMED);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(current().value).toBe(CurrentState.AWAY_ARM);
    expect(await read(current())).toBe(CurrentState.AWAY_ARM);
    // Arming says who is home: the panel's mode changes are their own signal kind, never life safety.
    expect(gate.signals.length).toBeGreaterThan(0);
    expect(gate.signals.every((signal) => signal.type === 'mode-change' && !signal.lifeSafety)).toBe(true);
  });

  test('triggered: current shows the alarm, target stays; it passes a gate that blocks everything else', async () => {
    panel.update({ mode: 'all' });
    setUp();
    gate.policy = (signal) => signal.type === 'alarm-state' && Boolean(signal.lifeSafety);
    panel.update({ alarmInfo: { state: 'burglar-alarm' } });
    expect(current().value).toBe(CurrentState.ALARM_TRIGGERED);
    expect(target().value).toBe(TargetState.AWAY_ARM);
    expect(gate.signals.at(-1)).toEqual({ type: 'alarm-state', lifeSafety: true });
    // Disarming from HomeKit cancels the alarm; the all-clear is life safety too.
    await target().handleSetRequest(TargetState.DISARM);
    expect(location.modes).toEqual(['none']);
    expect(current().value).toBe(CurrentState.DISARMED);
    expect(gate.signals.at(-1)).toEqual({ type: 'alarm-state', lifeSafety: true });
  });

  test('a refused arming reverts the target and answers HomeKit with an error', async () => {
    setUp();
    location.answer = 'refuse';
    await expect(target().handleSetRequest(TargetState.AWAY_ARM)).rejects.toBe(NO_RESPONSE);
    expect(target().value).toBe(TargetState.DISARM);
    expect(await read(target())).toBe(TargetState.DISARM);
    expect(current().value).toBe(CurrentState.DISARMED);
    expect(warnings.join('\n')).toMatch(/Sensors may require bypass/);
  });

  test('Ring never answering is an error before HAP gives up on the write', async () => {
    setUp();
    location.answer = 'silent';
    const write = target().handleSetRequest(TargetState.STAY_ARM);
    const outcome = expect(write).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(ALARM_MODE_TIMEOUT_MS);
    await outcome;
    expect(ALARM_MODE_TIMEOUT_MS).toBeLessThan(10_000);
    expect(target().value).toBe(TargetState.DISARM);
  });

  test('Night arms Home and is remembered while Ring stays in Home; Home and Night switch without Ring', async () => {
    setUp({ alarmNightMode: true });
    expect(target().props.validValues).toEqual([TargetState.STAY_ARM, TargetState.AWAY_ARM, TargetState.NIGHT_ARM, TargetState.DISARM]);
    await target().handleSetRequest(TargetState.NIGHT_ARM);
    expect(location.modes).toEqual(['some']);
    expect([current().value, target().value]).toEqual([CurrentState.NIGHT_ARM, TargetState.NIGHT_ARM]);
    expect(accessory.context.trygrAlarmNight).toBe(true);

    await target().handleSetRequest(TargetState.STAY_ARM);
    await target().handleSetRequest(TargetState.NIGHT_ARM);
    expect(location.modes).toEqual(['some']);
    expect(current().value).toBe(CurrentState.NIGHT_ARM);

    // Someone arms Away in the Ring app: Night is over.
    panel.update({ mode: 'all' });
    expect([current().value, target().value]).toEqual([CurrentState.AWAY_ARM, TargetState.AWAY_ARM]);
    panel.update({ mode: 'some' });
    expect(current().value).toBe(CurrentState.STAY_ARM);
  });

  test('the siren switch sounds and silences Ring, and follows the siren Ring reports', async () => {
    setUp({ alarmSirenSwitch: true });
    const on = characteristic(accessory, Service.Switch, Characteristic.On, 'siren');
    await on.handleSetRequest(true);
    expect(location.sirenCalls).toEqual(['sound']);
    panel.update({ siren: { state: 'on' } });
    expect(await read(on)).toBe(true);
    await on.handleSetRequest(false);
    panel.update({ siren: { state: 'off' } });
    expect(location.sirenCalls).toEqual(['sound', 'silence']);
    expect(await read(on)).toBe(false);
  });

  test('a blocked change is not shown or read; refresh shows it once the gate allows', async () => {
    setUp();
    gate.policy = () => false;
    panel.update({ mode: 'some' });
    expect(await read(target())).toBe(TargetState.DISARM);
    gate.policy = () => true;
    instance?.refresh();
    expect(target().value).toBe(TargetState.STAY_ARM);
    expect(await read(current())).toBe(CurrentState.STAY_ARM);
  });

  test('a restart reuses the services; switching the siren off removes its switch', () => {
    setUp({ alarmSirenSwitch: true });
    const system = accessory.getServiceById(Service.SecuritySystem, 'security-system');
    const siren = accessory.getServiceById(Service.Switch, 'siren');
    expect(siren).toBeDefined();
    instance?.dispose();
    setUp({ alarmSirenSwitch: false }, accessory);
    expect(accessory.getServiceById(Service.SecuritySystem, 'security-system')).toBe(system);
    expect(accessory.getServiceById(Service.Switch, 'siren')).toBeUndefined();
  });
});
