/**
 * Ring Alarm keypads and base stations: the pure mapping, and the accessory on a real Homebridge API
 * object fed by a stand-in for ring-client-api's RingDevice that answers a `device.v1` setting the
 * way Ring's hub does (a DataUpdate), ignores it or fails the request.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import { alarmKind } from '../../ring/classify.js';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { RING_COMMAND_TIMEOUT_MS } from '../with-timeout.js';
import { Charging } from './alarm-mapping.js';
import { alarmCategory, createAlarmAccessory, planAlarmAccessory, showsAlarmDevice } from './alarm-factory.js';
import {
  neutralStationView,
  RESTORED_PERCENT,
  stationCharging,
  stationCommand,
  stationLayout,
  stationView,
  switchedOnPercent,
  type StationData,
} from './station-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NO_RESPONSE = -70402;
const { log, warnings } = collectingLog();

describe('station mapping', () => {
  test.each<[StationData, { volume: boolean; brightness: boolean; battery: boolean }]>([
    [
      { volume: 0.5, brightness: 0.5, batteryLevel: 100, batteryStatus: 'charged' },
      { volume: true, brightness: true, battery: true },
    ],
    [
      { volume: 0, batteryStatus: 'charged' },
      { volume: true, brightness: false, battery: true },
    ],
    [
      { brightness: 0, batteryStatus: 'none' },
      { volume: false, brightness: true, battery: false },
    ],
    [
      { volume: '0.5', brightness: Number.NaN, batteryStatus: 'none' },
      { volume: false, brightness: false, battery: false },
    ],
    [{}, { volume: false, brightness: false, battery: false }],
  ])('%j looks like %j', (data, layout) => {
    expect(stationLayout(data)).toEqual(layout);
  });

  test.each<[string, StationData, string | undefined]>([
    ['security-keypad', { volume: 0.5, brightness: 0.5 }, 'station'],
    ['hub.redsky', { volume: 0.6, batteryStatus: 'charged' }, 'station'],
    ['hub.kili', { volume: 0.6 }, 'station'],
    ['hub.redsky', { batteryStatus: 'none' }, undefined],
    ['security-keypad', { volume: 0.5, status: 'disabled' }, undefined],
  ])('%s %j is planned as %s', (deviceType, data, type) => {
    expect(planAlarmAccessory(deviceType, data)?.type).toBe(type);
  });

  test('a view has only what the layout shows; mute is volume 0, the light is on while its brightness is above 0', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.anything(), fc.anything(), (volume, brightness, battery, rawVolume, rawBrightness) => {
        const view = stationView({ volume, brightness, battery }, { volume: rawVolume, brightness: rawBrightness, batteryStatus: 'ok' });
        expect(['volume' in view, 'muted' in view]).toEqual([volume, volume]);
        expect(['brightness' in view, 'lit' in view]).toEqual([brightness, brightness]);
        expect(['batteryLevel' in view, 'charging' in view]).toEqual([battery, battery]);
        expect('fault' in view).toBe(false);
        if (volume) expect(view.muted).toBe(view.volume === 0);
        if (brightness) expect(view.lit).toBe((view.brightness as number) > 0);
      }),
    );
    expect(stationView({ volume: true, brightness: true, battery: false }, { volume: 0.37, brightness: 1.4 })).toEqual({
      volume: 37,
      muted: false,
      brightness: 100,
      lit: true,
    });
    expect(neutralStationView({ volume: true, brightness: true, battery: true })).toMatchObject({ volume: 0, muted: true, brightness: 0, lit: false, batteryLevel: 100 });
  });

  test.each<[StationData, number]>([
    [{ batteryStatus: 'charging', acStatus: 'ok' }, Charging.CHARGING],
    [{ batteryStatus: 'charged', acStatus: 'ok' }, Charging.NOT_CHARGING],
    [{ batteryStatus: 'ok', acStatus: 'error' }, Charging.NOT_CHARGING],
    [{ batteryStatus: 'ok' }, Charging.NOT_CHARGEABLE],
  ])('%j charges as %s', (data, charging) => {
    expect(stationCharging(data)).toBe(charging);
  });

  test("a setting is Ring's 0–1 fraction of the clamped percentage, applied once Ring reports that percentage", () => {
    expect(stationCommand('volume', 42).body).toEqual({ device: { v1: { volume: 0.42 } } });
    expect(stationCommand('brightness', 130).body).toEqual({ device: { v1: { brightness: 1 } } });
    expect(stationCommand('volume', -3).body).toEqual({ device: { v1: { volume: 0 } } });
    const { applied } = stationCommand('brightness', 42);
    expect([0.42, 0.4, undefined, '0.42'].map((brightness) => applied({ brightness }))).toEqual([true, false, false, false]);
  });

  test('switching on restores the last level above 0, or a default; an already audible or lit device is left as it is', () => {
    expect(switchedOnPercent(0, 35, 'volume')).toBe(35);
    expect(switchedOnPercent(0, undefined, 'volume')).toBe(RESTORED_PERCENT.volume);
    expect(switchedOnPercent(undefined, 0, 'brightness')).toBe(RESTORED_PERCENT.brightness);
    expect(switchedOnPercent(0.2, 35, 'volume')).toBeUndefined();
  });
});

type Data = StationData & { zid: string; name: string; deviceType: string };
type Body = { device: { v1: { volume?: number; brightness?: number } } };

/** Applies a setting as Ring does ('ok'), once `release` is called ('later'), says nothing ('ignore'), or fails the request ('fail'). */
class FakeStation {
  readonly onData: BehaviorSubject<Data>;
  answer: 'ok' | 'later' | 'ignore' | 'fail' = 'ok';
  private readonly held: Array<() => void> = [];
  readonly sent: Body[] = [];
  constructor(initial: Data) {
    this.onData = new BehaviorSubject(initial);
  }
  get data(): Data {
    return this.onData.getValue();
  }
  get deviceType(): string {
    return this.data.deviceType;
  }
  async setInfo(body: Body): Promise<void> {
    this.sent.push(body);
    await Promise.resolve();
    if (this.answer === 'fail') throw Object.assign(new Error(), { response: { status: 503 } });
    const apply = () => this.onData.next({ ...this.data, ...body.device.v1 });
    if (this.answer === 'ok') apply();
    if (this.answer === 'later') this.held.push(apply);
  }
  release(): void {
    this.held.splice(0).forEach((apply) => apply());
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

const KEYPAD: Data = {
  zid: 'z-keypad',
  name: 'Keypad',
  deviceType: 'security-keypad',
  volume: 0.5,
  brightness: 0.3,
  batteryLevel: 90,
  batteryStatus: 'charged',
  acStatus: 'ok',
};
const BASE_STATION: Data = { zid: 'z-base', name: 'Base Station', deviceType: 'hub.redsky', volume: 0.6, batteryLevel: 100, batteryStatus: 'charged', acStatus: 'ok' };

describe('StationAccessory', () => {
  let ring: FakeStation;
  let gate: ScriptedGate;
  let accessory: PlatformAccessory;
  let dispose: (() => void) | undefined;

  function setUp(data: Data): void {
    ring = new FakeStation(data);
    const kind = alarmKind(data.deviceType);
    const device: Device = { id: data.zid, name: data.name, kind, locationId: 'loc-1' };
    accessory = new api.platformAccessory(data.name, api.hap.uuid.generate(`test:${data.zid}`), alarmCategory(kind));
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const created = createAlarmAccessory({ api, log, gate, switches, config: parseConfig({}).config }, accessory, ring.asRing(), {} as never, device, 'SERIAL1');
    dispose = () => created?.dispose();
  }

  const speaker = () => accessory.getServiceById(Service.Speaker, 'volume')!;
  const light = () => accessory.getServiceById(Service.Lightbulb, 'light')!;
  const volume = () => speaker().getCharacteristic(Characteristic.Volume);
  const mute = () => speaker().getCharacteristic(Characteristic.Mute);

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    gate = new ScriptedGate();
    warnings.length = 0;
  });
  afterEach(() => {
    dispose?.();
    jest.useRealTimers();
  });

  test('a keypad: a Light with its brightness, a Volume speaker and its battery, showing what Ring reports', async () => {
    setUp(KEYPAD);
    expect(showsAlarmDevice(ring.asRing())).toBe(true);
    expect(alarmCategory('keypad')).toBe(api.hap.Categories.SECURITY_SYSTEM);
    expect(accessory.getService(Service.AccessoryInformation)!.getCharacteristic(Characteristic.Model).value).toBe('Keypad');
    expect(light().isPrimaryService).toBe(true);
    expect(light().getCharacteristic(Characteristic.ConfiguredName).value).toBe('Keypad Light');
    expect(await light().getCharacteristic(Characteristic.Brightness).handleGetRequest()).toBe(30);
    expect(await light().getCharacteristic(Characteristic.On).handleGetRequest()).toBe(true);
    expect(await volume().handleGetRequest()).toBe(50);
    expect(await mute().handleGetRequest()).toBe(false);
    const battery = accessory.getServiceById(Service.Battery, 'battery')!;
    expect(battery.getCharacteristic(Characteristic.BatteryLevel).value).toBe(90);
    expect(battery.getCharacteristic(Characteristic.ChargingState).value).toBe(Charging.NOT_CHARGING);
    ring.onData.next({ ...ring.data, volume: 0, brightness: 0.8 });
    expect([volume().value, mute().value, light().getCharacteristic(Characteristic.Brightness).value]).toEqual([0, true, 80]);
  });

  test('a base station without lights: a Volume speaker, primary, and its battery; no Lightbulb', () => {
    setUp(BASE_STATION);
    expect(accessory.getService(Service.AccessoryInformation)!.getCharacteristic(Characteristic.Model).value).toBe('Base Station');
    expect(speaker().isPrimaryService).toBe(true);
    expect(volume().value).toBe(60);
    expect(accessory.getService(Service.Lightbulb)).toBeUndefined();
    expect(accessory.services.map((service) => service.UUID).sort()).toEqual([Service.AccessoryInformation.UUID, Service.Battery.UUID, Service.Speaker.UUID].sort());
  });

  test('HomeKit volume and brightness reach Ring as 0–1 settings, answered once Ring reports them, and audited', async () => {
    setUp(KEYPAD);
    await volume().handleSetRequest(20);
    await light().getCharacteristic(Characteristic.Brightness).handleSetRequest(75);
    expect(ring.sent).toEqual([{ device: { v1: { volume: 0.2 } } }, { device: { v1: { brightness: 0.75 } } }]);
    expect([volume().value, light().getCharacteristic(Characteristic.Brightness).value]).toEqual([20, 75]);
    expect(gate.commands.map(({ command, outcome }) => [command.characteristic, command.value, outcome?.outcome])).toEqual([
      [expect.stringMatching(/volume/i), 20, 'done'],
      [expect.stringMatching(/brightness/i), 75, 'done'],
    ]);
  });

  test('mute and light off are level 0; unmute and light on restore the last level Ring reported', async () => {
    setUp(KEYPAD);
    await mute().handleSetRequest(true);
    await light().getCharacteristic(Characteristic.On).handleSetRequest(false);
    expect(ring.sent).toEqual([{ device: { v1: { volume: 0 } } }, { device: { v1: { brightness: 0 } } }]);
    expect([mute().value, light().getCharacteristic(Characteristic.On).value]).toEqual([true, false]);
    await mute().handleSetRequest(false);
    await light().getCharacteristic(Characteristic.On).handleSetRequest(true);
    expect(ring.sent.slice(2)).toEqual([{ device: { v1: { volume: 0.5 } } }, { device: { v1: { brightness: 0.3 } } }]);
    // Already lit: on is not a change, so nothing is sent.
    await light().getCharacteristic(Characteristic.On).handleSetRequest(true);
    expect(ring.sent).toHaveLength(4);
  });

  test('on sent together with a brightness (the Home app dragging the slider of a dark keypad) leaves that brightness', async () => {
    setUp({ ...KEYPAD, brightness: 0 });
    const lit = light().getCharacteristic(Characteristic.On);
    const level = light().getCharacteristic(Characteristic.Brightness);
    ring.answer = 'later';
    const writes = Promise.all([lit.handleSetRequest(true), level.handleSetRequest(40)]);
    // Ring answers slowly: by the time it does, a restore sent for the On would already be on its way.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    ring.release();
    await writes;
    expect(ring.sent).toEqual([{ device: { v1: { brightness: 0.4 } } }]);
    expect([lit.value, level.value]).toEqual([true, 40]);
  });

  test('Ring failing or saying nothing: No Response, and HomeKit keeps what Ring last reported', async () => {
    setUp(BASE_STATION);
    ring.answer = 'fail';
    await expect(volume().handleSetRequest(10)).rejects.toBe(NO_RESPONSE);
    expect(warnings.join('\n')).toMatch(/Base Station: could not change .*Ring answered HTTP 503/);
    expect(volume().value).toBe(60);

    ring.answer = 'ignore';
    const write = expect(volume().handleSetRequest(10)).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(RING_COMMAND_TIMEOUT_MS);
    await write;
    expect(await volume().handleGetRequest()).toBe(60);
    expect(gate.commands.map(({ outcome }) => outcome?.outcome)).toEqual(['failed', 'failed']);
  });

  test('while Ring reports the device offline its settings answer No Response, its battery still reads', async () => {
    setUp(BASE_STATION);
    ring.onData.next({ ...ring.data, commStatus: 'offline' });
    await expect(volume().handleGetRequest()).rejects.toBe(NO_RESPONSE);
    expect(await accessory.getServiceById(Service.Battery, 'battery')!.getCharacteristic(Characteristic.BatteryLevel).handleGetRequest()).toBe(100);
  });

  test('a change the policy blocks is not shown; a HomeKit command is still sent', async () => {
    setUp(KEYPAD);
    gate.answer = () => false;
    ring.onData.next({ ...ring.data, volume: 0.9 });
    expect(await volume().handleGetRequest()).toBe(50);
    expect(gate.recorded.at(-1)).toMatchObject({ lifeSafety: false });
    const write = volume().handleSetRequest(30);
    await expect(write).resolves.toBeUndefined();
    expect(ring.sent).toEqual([{ device: { v1: { volume: 0.3 } } }]);
  });
});
