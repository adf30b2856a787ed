/**
 * Z-Wave thermostats on the Ring hub: the pure mapping (truth tables and properties), and the
 * accessory on a real Homebridge API object fed by a stand-in for ring-client-api's RingDevice with
 * a component temperature sensor, answering `setInfo` as Ring's hub does or saying nothing.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { RING_COMMAND_TIMEOUT_MS } from '../with-timeout.js';
import { alarmCategory, createAlarmAccessory, planAlarmAccessory } from './alarm-factory.js';
import { currentHvac, HOMEKIT_SET_POINT, Hvac, setPointRange, targetHvac, thermostatCommand, thermostatView } from './thermostat-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NO_RESPONSE = -70402;
const { log } = collectingLog();

describe('thermostat mapping', () => {
  test('HAP agrees on the heating/cooling values', () => {
    expect(Hvac).toEqual({
      OFF: Characteristic.TargetHeatingCoolingState.OFF,
      HEAT: Characteristic.TargetHeatingCoolingState.HEAT,
      COOL: Characteristic.TargetHeatingCoolingState.COOL,
    });
  });

  test.each([
    ['off', 15, 20, Hvac.OFF, Hvac.OFF],
    ['heat', 15, 20, Hvac.HEAT, Hvac.HEAT],
    ['heat', 20.05, 20, Hvac.HEAT, Hvac.OFF],
    ['heat', 25, 20, Hvac.HEAT, Hvac.OFF],
    ['aux', 15, 20, Hvac.HEAT, Hvac.HEAT],
    ['cool', 25, 20, Hvac.COOL, Hvac.COOL],
    ['cool', 15, 20, Hvac.COOL, Hvac.OFF],
    ['cool', undefined, 20, Hvac.COOL, Hvac.OFF],
    ['eco', 15, 20, Hvac.OFF, Hvac.OFF],
  ])('mode %s at %s °C, set point %s: target %s, current %s', (mode, celsius, setPoint, target, current) => {
    expect([targetHvac(mode), currentHvac(mode, celsius, setPoint)]).toEqual([target, current]);
  });

  test("the set point range is the device's inside HomeKit's, and a view never leaves it", () => {
    expect(setPointRange({ setPointMin: 5, setPointMax: 32 })).toEqual({ min: HOMEKIT_SET_POINT.min, max: 32 });
    expect(setPointRange({ setPointMin: 30, setPointMax: 12 })).toEqual(HOMEKIT_SET_POINT);
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.option(fc.double({ min: -50, max: 60, noNaN: true }), { nil: undefined }),
        (setPoint, setPointMin, setPointMax, celsius) => {
          const data = { setPoint, setPointMin, setPointMax } as never;
          const range = setPointRange(data);
          const view = thermostatView(data, celsius);
          expect(range.min).toBeLessThanOrEqual(range.max);
          if (view.setPoint !== undefined) {
            expect(view.setPoint).toBeGreaterThanOrEqual(range.min);
            expect(view.setPoint).toBeLessThanOrEqual(range.max);
          }
          expect('temperature' in view).toBe(celsius !== undefined);
        },
      ),
    );
  });

  test('a command is the patch Ring takes and the test that Ring applied it; Heat is already applied while emergency heat runs', () => {
    const heat = thermostatCommand({ target: Hvac.HEAT });
    expect(heat.patch).toEqual({ mode: 'heat' });
    expect(['heat', 'aux', 'cool'].map((mode) => heat.applied({ mode }))).toEqual([true, true, false]);
    const setPoint = thermostatCommand({ setPoint: 21.54 });
    expect(setPoint.patch).toEqual({ setPoint: 21.5 });
    expect([setPoint.applied({ setPoint: 21.5 }), setPoint.applied({ setPoint: 22 })]).toEqual([true, false]);
  });
});

type Data = { zid: string; name: string; deviceType: string; mode: string; setPoint: number; setPointMin: number; setPointMax: number };

class FakeThermostat {
  readonly onData: BehaviorSubject<Data>;
  readonly sensor = new BehaviorSubject<{ celsius?: number }>({ celsius: 18 });
  readonly onComponentDevices = new BehaviorSubject<Array<{ deviceType: string; onData: BehaviorSubject<{ celsius?: number }> }>>([
    { deviceType: 'sensor.temperature', onData: this.sensor },
  ]);
  answer: 'ok' | 'ignore' = 'ok';
  readonly sent: unknown[] = [];
  constructor(initial: Data) {
    this.onData = new BehaviorSubject(initial);
  }
  get data(): Data {
    return this.onData.getValue();
  }
  get deviceType(): string {
    return this.data.deviceType;
  }
  async setInfo(body: { device: { v1: Partial<Data> } }): Promise<void> {
    this.sent.push(body);
    await Promise.resolve();
    if (this.answer === 'ok') this.onData.next({ ...this.data, ...body.device.v1 });
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

describe('ThermostatAccessory', () => {
  let ring: FakeThermostat;
  let accessory: PlatformAccessory;
  let dispose: (() => void) | undefined;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    ring = new FakeThermostat({
      zid: 'z-t',
      name: 'Hall Thermostat',
      deviceType: 'temperature-control.thermostat',
      mode: 'heat',
      setPoint: 21,
      setPointMin: 12,
      setPointMax: 30,
    });
    const device: Device = { id: ring.data.zid, name: ring.data.name, kind: 'thermostat', locationId: 'loc-1' };
    accessory = new api.platformAccessory(ring.data.name, api.hap.uuid.generate('test:thermostat'), alarmCategory('thermostat'));
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const created = createAlarmAccessory(
      { api, log, gate: new ScriptedGate(), switches, config: parseConfig({}).config },
      accessory,
      ring.asRing(),
      {} as never,
      device,
      'S1',
    );
    dispose = () => created?.dispose();
  });
  afterEach(() => {
    dispose?.();
    jest.useRealTimers();
  });

  const thermostat = () => accessory.getServiceById(Service.Thermostat, 'thermostat')!;

  test("a Thermostat showing Ring's mode, set point and the component sensor's temperature, heating while below it", async () => {
    expect(planAlarmAccessory('temperature-control.thermostat', ring.data)).toMatchObject({ type: 'thermostat', kind: 'thermostat' });
    expect(alarmCategory('thermostat')).toBe(api.hap.Categories.THERMOSTAT);
    expect(await thermostat().getCharacteristic(Characteristic.TargetHeatingCoolingState).handleGetRequest()).toBe(Hvac.HEAT);
    expect(await thermostat().getCharacteristic(Characteristic.TargetTemperature).handleGetRequest()).toBe(21);
    expect(thermostat().getCharacteristic(Characteristic.TargetTemperature).props).toMatchObject({ minValue: 12, maxValue: 30 });
    expect(await thermostat().getCharacteristic(Characteristic.CurrentTemperature).handleGetRequest()).toBe(18);
    expect(await thermostat().getCharacteristic(Characteristic.CurrentHeatingCoolingState).handleGetRequest()).toBe(Hvac.HEAT);
    ring.sensor.next({ celsius: 22.04 });
    expect(thermostat().getCharacteristic(Characteristic.CurrentTemperature).value).toBe(22);
    expect(thermostat().getCharacteristic(Characteristic.CurrentHeatingCoolingState).value).toBe(Hvac.OFF);
  });

  test('HomeKit sets the mode and the set point through Ring; Ring saying nothing is No Response', async () => {
    await thermostat().getCharacteristic(Characteristic.TargetHeatingCoolingState).handleSetRequest(Hvac.COOL);
    await thermostat().getCharacteristic(Characteristic.TargetTemperature).handleSetRequest(23.5);
    expect(ring.sent).toEqual([{ device: { v1: { mode: 'cool' } } }, { device: { v1: { setPoint: 23.5 } } }]);
    expect(thermostat().getCharacteristic(Characteristic.TargetTemperature).value).toBe(23.5);
    ring.answer = 'ignore';
    const write = expect(thermostat().getCharacteristic(Characteristic.TargetHeatingCoolingState).handleSetRequest(Hvac.OFF)).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(RING_COMMAND_TIMEOUT_MS);
    await write;
    expect(thermostat().getCharacteristic(Characteristic.TargetHeatingCoolingState).value).toBe(Hvac.COOL);
  });
});
