/**
 * The alarm accessories on a real Homebridge API object (real HAP services and characteristics),
 * fed by a stand-in for ring-client-api's RingDevice (its `onData` BehaviorSubject) and Location.
 * HomeKit's side is driven through the characteristics' own read and write handlers.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Characteristic as HapCharacteristic, PlatformAccessory, Service as HapService, WithUUID } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import { parseConfig, type TrygrConfig } from '../../config/parse-config.js';
import type { SignalGate } from '../../privacy/gate.js';
import type { Device, Signal } from '../../privacy/types.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { alarmKind } from '../../ring/classify.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { alarmCategory, createAlarmAccessory, planAlarmAccessory, showsAlarmDevice } from './alarm-factory.js';
import { CurrentState, TargetState, type AlarmData } from './alarm-mapping.js';
import { ALARM_MODE_TIMEOUT_MS, SecurityPanelAccessory } from './security-panel.js';
import { AlarmSensorAccessory } from './sensors.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NOW = 1_700_000_000_000;
const NO_RESPONSE = -70402;

type Data = AlarmData & { zid: string; name: string; deviceType: string };

class FakeRingDevice {
  readonly onData: BehaviorSubject<Data>;
  constructor(initial: Data) {
    this.onData = new BehaviorSubject(initial);
  }
  get data(): Data {
    return this.onData.getValue();
  }
  get zid(): string {
    return this.data.zid;
  }
  get deviceType(): string {
    return this.data.deviceType;
  }
  get name(): string {
    return this.data.name;
  }
  /** What the library does with a DataUpdate: merge it into the flattened data. */
  update(patch: Partial<Data>): void {
    this.onData.next({ ...this.data, ...patch });
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

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

/** A gate that allows what `policy` says and records every question. */
class FakeGate extends ScriptedGate {
  get signals() {
    return this.recorded;
  }
  set policy(policy: (signal: Signal) => boolean) {
    this.answer = policy;
  }
}

const { log, warnings } = collectingLog();

function deps(gate: SignalGate, options: Partial<TrygrConfig> = {}): AccessoryDeps {
  // Alarm accessories carry no Privacy switch; the switches are never touched here.
  const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
  return { api, log, gate, switches, config: { ...parseConfig({}).config, ...options } };
}

function gateDevice(data: Data): Device {
  return { id: data.zid, name: data.name, kind: alarmKind(data.deviceType), locationId: 'loc-1' };
}

function platformAccessory(data: Data): PlatformAccessory {
  return new api.platformAccessory(data.name, api.hap.uuid.generate(`test:${data.zid}`), alarmCategory(alarmKind(data.deviceType)));
}

function characteristic(
  accessory: PlatformAccessory,
  service: WithUUID<typeof HapService>,
  type: WithUUID<new () => HapCharacteristic>,
  subtype?: string,
): HapCharacteristic {
  const found = subtype ? accessory.getServiceById(service, subtype) : accessory.getService(service);
  if (!found) {
    throw new Error(`no ${service.name} service`);
  }
  return found.getCharacteristic(type);
}

async function read(c: HapCharacteristic): Promise<unknown> {
  return c.handleGetRequest();
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

describe('sensors', () => {
  let gate: FakeGate;
  const made: AlarmSensorAccessory[] = [];

  function make(data: Data): { device: FakeRingDevice; accessory: PlatformAccessory } {
    const device = new FakeRingDevice(data);
    const accessory = platformAccessory(data);
    const instance = createAlarmAccessory(deps(gate), accessory, device.asRing(), {} as Location, gateDevice(data));
    expect(instance).toBeInstanceOf(AlarmSensorAccessory);
    made.push(instance as AlarmSensorAccessory);
    return { device, accessory };
  }

  beforeEach(() => {
    gate = new FakeGate();
  });
  afterEach(() => {
    made.splice(0).forEach((instance) => instance.dispose());
  });

  test('flood/freeze: leak, freeze as occupancy, battery; offline readings answer No Response, fault stays readable', async () => {
    const { device, accessory } = make({
      zid: 'ff-1',
      name: 'Basement',
      deviceType: 'sensor.flood-freeze',
      faulted: false,
      flood: { faulted: false },
      freeze: { faulted: false },
      tamperStatus: 'ok',
      batteryLevel: 90,
      batteryStatus: 'ok',
      commStatus: 'ok',
    });
    const leak = characteristic(accessory, Service.LeakSensor, Characteristic.LeakDetected, 'leak');
    const freeze = characteristic(accessory, Service.OccupancySensor, Characteristic.OccupancyDetected, 'freeze');
    const fault = characteristic(accessory, Service.LeakSensor, Characteristic.StatusFault, 'leak');
    expect(accessory.getServiceById(Service.OccupancySensor, 'freeze')?.getCharacteristic(Characteristic.ConfiguredName).value).toBe('Basement Freeze');
    expect(await read(characteristic(accessory, Service.Battery, Characteristic.BatteryLevel, 'battery'))).toBe(90);

    device.update({ faulted: true, freeze: { faulted: true } });
    expect([leak.value, freeze.value]).toEqual([0, 1]);
    expect(gate.signals.at(-1)).toEqual({ type: 'alarm-state', lifeSafety: true });

    device.update({ commStatus: 'error' });
    await expect(read(leak)).rejects.toBe(NO_RESPONSE);
    expect(await read(fault)).toBe(1);
    device.update({ commStatus: 'ok' });
    expect(await read(leak)).toBe(0);
    expect(await read(fault)).toBe(0);
  });

  test('contact: a change the gate blocks is neither pushed nor read', async () => {
    gate.policy = () => false;
    const { device, accessory } = make({
      zid: 'c-1',
      name: 'Back Door',
      deviceType: 'sensor.contact',
      faulted: false,
      tamperStatus: 'ok',
      batteryLevel: 80,
      batteryStatus: 'ok',
    });
    const contact = characteristic(accessory, Service.ContactSensor, Characteristic.ContactSensorState, 'contact');
    device.update({ faulted: true, tamperStatus: 'tamper' });
    expect(contact.value).toBe(0);
    expect(await read(contact)).toBe(0);
    expect(await read(characteristic(accessory, Service.ContactSensor, Characteristic.StatusTampered, 'contact'))).toBe(0);
    gate.policy = () => true;
    device.update({ faulted: true, tamperStatus: 'tamper', batteryLevel: 79 });
    expect(contact.value).toBe(1);
    expect(await read(characteristic(accessory, Service.ContactSensor, Characteristic.StatusTampered, 'contact'))).toBe(1);
    expect(gate.signals.every((signal) => signal.type === 'alarm-state' && !signal.lifeSafety)).toBe(true);
  });

  test('smoke/CO listener: both sensors, alarms are life safety', () => {
    const { device, accessory } = make({
      zid: 's-1',
      name: 'Hallway',
      deviceType: 'listener.smoke-co',
      smoke: { alarmStatus: 'inactive' },
      co: { alarmStatus: 'inactive' },
      batteryStatus: 'ok',
      tamperStatus: 'ok',
    });
    device.update({ co: { alarmStatus: 'active' } });
    expect(characteristic(accessory, Service.CarbonMonoxideSensor, Characteristic.CarbonMonoxideDetected, 'co').value).toBe(1);
    expect(characteristic(accessory, Service.SmokeSensor, Characteristic.SmokeDetected, 'smoke').value).toBe(0);
    expect(gate.signals.at(-1)).toEqual({ type: 'alarm-state', lifeSafety: true });
  });

  test('a contact sensor reporting a temperature also gets a temperature sensor that reads below zero', () => {
    const { device, accessory } = make({ zid: 't-1', name: 'Garage', deviceType: 'sensor.contact', faulted: false, celsius: 4, batteryStatus: 'none' });
    const temperature = characteristic(accessory, Service.TemperatureSensor, Characteristic.CurrentTemperature, 'temperature');
    device.update({ celsius: -7.26 });
    // HAP rounds to its 0.1 step in floating point.
    expect(temperature.value).toBeCloseTo(-7.3, 5);
    expect(accessory.getServiceById(Service.Battery, 'battery')).toBeUndefined();
  });
});

describe('factory', () => {
  test('categories are HAP values', () => {
    const categories = api.hap as unknown as { Categories: Record<string, number> };
    expect(alarmCategory('security-panel')).toBe(categories.Categories.SECURITY_SYSTEM);
    expect(alarmCategory('contact-sensor')).toBe(categories.Categories.SENSOR);
    expect(alarmCategory('smoke-co-sensor')).toBe(categories.Categories.SENSOR);
    expect(alarmCategory('other-alarm-device')).toBe(categories.Categories.OTHER);
  });

  test.each<[string, AlarmData, string | undefined]>([
    ['security-panel', {}, 'security-panel'],
    ['sensor.contact', {}, 'sensor'],
    ['sensor.contact', { status: 'disabled' }, undefined],
    ['security-keypad', { batteryLevel: 100, tamperStatus: 'ok' }, 'station'],
    ['hub.redsky', {}, undefined],
    ['security-panic', {}, undefined],
    ['range-extender.zwave', {}, undefined],
  ])('%s %j', (deviceType, data, type) => {
    expect(planAlarmAccessory(deviceType, data)?.type).toBe(type);
    const device = new FakeRingDevice({ zid: 'z', name: 'n', deviceType, ...data });
    expect(showsAlarmDevice(device.asRing())).toBe(type !== undefined);
  });
});
