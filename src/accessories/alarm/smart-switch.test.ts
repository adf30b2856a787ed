/**
 * Z-Wave switches, outlets, dimmers and fans on a real Homebridge API object, fed by a stand-in for
 * ring-client-api's RingDevice that applies `setInfo` the way Ring's hub answers (a DataUpdate).
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
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
import { createAlarmAccessory, planAlarmAccessory } from './alarm-factory.js';
import { percentOf, switchCommand, switchLayout, switchView } from './switch-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NO_RESPONSE = -70402;
const { log, warnings } = collectingLog();

describe('switch mapping', () => {
  test.each([
    ['switch', 1, { look: 'outlet', dims: false }],
    ['switch', 2, { look: 'switch', dims: false }],
    ['unknown.zwave', 1, { look: 'switch', dims: false }],
    ['switch.multilevel', 2, { look: 'light', dims: true }],
    ['switch.multilevel', 17, { look: 'fan', dims: true }],
    ['switch.multilevel.bulb', undefined, { look: 'light', dims: true }],
  ])('%s in category %s looks like %j', (deviceType, categoryId, layout) => {
    expect(switchLayout(deviceType, categoryId)).toEqual(layout);
  });

  test.each([
    [0.5, 50],
    [1.4, 100],
    [-1, 0],
    ['half', 0],
    [Number.NaN, 0],
  ])('level %s is %s %%', (level, percent) => {
    expect(percentOf(level)).toBe(percent);
  });

  test('a view has the level only where the device dims', () => {
    expect(switchView({ look: 'light', dims: true }, { on: true, level: 0.3 })).toEqual({ on: true, level: 30 });
    expect(switchView({ look: 'outlet', dims: false }, { on: 'yes', level: 0.3 })).toEqual({ on: false });
  });

  test("a command is Ring's patch and the test that Ring applied it", () => {
    const on = switchCommand({ on: true });
    expect(on.patch).toEqual({ on: true });
    expect([on.applied({ on: true }), on.applied({ on: false })]).toEqual([true, false]);
    const level = switchCommand({ percent: 42.4 });
    expect(level.patch).toEqual({ level: 0.42 });
    expect([level.applied({ level: 0.42 }), level.applied({ level: 0.5 })]).toEqual([true, false]);
  });
});

type Data = { zid: string; name: string; deviceType: string; categoryId: number; on: boolean; level?: number; commStatus?: string };

/** Applies setInfo as Ring does ('ok'), reports the old state ('ignore'), or fails the request ('fail'). */
class FakeSwitch {
  readonly onData: BehaviorSubject<Data>;
  answer: 'ok' | 'ignore' | 'fail' = 'ok';
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
    if (this.answer === 'fail') throw Object.assign(new Error(), { response: { status: 503 } });
    if (this.answer === 'ok') this.onData.next({ ...this.data, ...body.device.v1 });
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

describe('SmartSwitchAccessory', () => {
  let ring: FakeSwitch;
  let gate: ScriptedGate;
  let accessory: PlatformAccessory;
  let dispose: (() => void) | undefined;

  const onOf = (type: typeof Service.Switch) => accessory.getServiceById(type, 'smart-switch')!.getCharacteristic(Characteristic.On);

  function setUp(data: Data): void {
    ring = new FakeSwitch(data);
    const device: Device = { id: data.zid, name: data.name, kind: 'smart-switch', locationId: 'loc-1' };
    accessory = new api.platformAccessory(data.name, api.hap.uuid.generate(`test:${data.zid}`), 8);
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const created = createAlarmAccessory({ api, log, gate, switches, config: parseConfig({}).config }, accessory, ring.asRing(), {} as never, device, 'SERIAL1');
    dispose = () => created?.dispose();
  }

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    gate = new ScriptedGate();
    warnings.length = 0;
  });
  afterEach(() => {
    dispose?.();
    jest.useRealTimers();
  });

  test('an outlet: Outlet service, in use while on; HomeKit switches it through Ring', async () => {
    setUp({ zid: 'z-1', name: 'Lamp', deviceType: 'switch', categoryId: 1, on: false });
    expect(planAlarmAccessory('switch', ring.data)).toMatchObject({ type: 'smart-switch', kind: 'smart-switch' });
    const outlet = accessory.getServiceById(Service.Outlet, 'smart-switch')!;
    expect(await outlet.getCharacteristic(Characteristic.On).handleGetRequest()).toBe(false);
    await outlet.getCharacteristic(Characteristic.On).handleSetRequest(true);
    expect(ring.sent).toEqual([{ device: { v1: { on: true } } }]);
    expect(outlet.getCharacteristic(Characteristic.OutletInUse).value).toBe(true);
  });

  test('a dimmer: brightness follows Ring, and a brightness set in HomeKit is sent as a level', async () => {
    setUp({ zid: 'z-2', name: 'Hall Light', deviceType: 'switch.multilevel', categoryId: 2, on: true, level: 0.5 });
    const light = accessory.getServiceById(Service.Lightbulb, 'smart-switch')!;
    expect(await light.getCharacteristic(Characteristic.Brightness).handleGetRequest()).toBe(50);
    await light.getCharacteristic(Characteristic.Brightness).handleSetRequest(80);
    expect(ring.sent).toEqual([{ device: { v1: { level: 0.8 } } }]);
    ring.onData.next({ ...ring.data, on: false });
    expect(light.getCharacteristic(Characteristic.On).value).toBe(false);
  });

  test('a fan dims by rotation speed', () => {
    setUp({ zid: 'z-3', name: 'Fan', deviceType: 'switch.multilevel', categoryId: 17, on: true, level: 0.25 });
    expect(accessory.getServiceById(Service.Fan, 'smart-switch')!.getCharacteristic(Characteristic.RotationSpeed).value).toBe(25);
  });

  test('Ring failing or not applying the change: HomeKit gets an error, and nothing shows as switched', async () => {
    setUp({ zid: 'z-4', name: 'Porch', deviceType: 'switch', categoryId: 2, on: false });
    const on = accessory.getServiceById(Service.Switch, 'smart-switch')!.getCharacteristic(Characteristic.On);
    ring.answer = 'fail';
    await expect(on.handleSetRequest(true)).rejects.toBe(NO_RESPONSE);
    expect(warnings.join('\n')).toMatch(/Porch: could not change .*Ring answered HTTP 503/);
    ring.answer = 'ignore';
    const write = expect(on.handleSetRequest(true)).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(RING_COMMAND_TIMEOUT_MS);
    await write;
    expect(on.value).toBe(false);
  });

  test('every HomeKit write leaves exactly one command for the audit: done, or failed with the reason', async () => {
    setUp({ zid: 'z-6', name: 'Desk Lamp', deviceType: 'switch.multilevel', categoryId: 2, on: false, level: 0.2 });
    const light = accessory.getServiceById(Service.Lightbulb, 'smart-switch')!;
    await light.getCharacteristic(Characteristic.On).handleSetRequest(true);
    expect(gate.commands).toEqual([
      {
        device: { id: 'z-6', name: 'Desk Lamp', kind: 'smart-switch', locationId: 'loc-1' },
        command: { characteristic: 'On', value: true, service: 'smart-switch' },
        outcome: { outcome: 'done' },
      },
    ]);
    ring.answer = 'fail';
    await expect(light.getCharacteristic(Characteristic.Brightness).handleSetRequest(30)).rejects.toBe(NO_RESPONSE);
    expect(gate.commands).toHaveLength(2);
    expect(gate.commands[1]).toMatchObject({
      command: { characteristic: 'Brightness', value: 30, service: 'smart-switch' },
      outcome: { outcome: 'failed', reason: 'Ring answered HTTP 503' },
    });
    // Reads are not commands.
    await light.getCharacteristic(Characteristic.On).handleGetRequest();
    expect(gate.commands).toHaveLength(2);
    // After the Ring connection is gone the write still fails, and is still recorded as failed.
    dispose?.();
    dispose = undefined;
    await expect(light.getCharacteristic(Characteristic.On).handleSetRequest(false)).rejects.toBe(NO_RESPONSE);
    expect(gate.commands[2]).toMatchObject({ command: { value: false }, outcome: { outcome: 'failed', reason: 'not connected to Ring' } });
  });

  test('a gate whose audit throws never fails the write', async () => {
    setUp({ zid: 'z-7', name: 'Garage', deviceType: 'switch', categoryId: 2, on: false });
    gate.command = () => {
      throw new Error('audit broken');
    };
    await onOf(Service.Switch).handleSetRequest(true);
    expect(ring.sent).toEqual([{ device: { v1: { on: true } } }]);
  });

  test('a change the policy blocks is not shown; a HomeKit command is still sent', async () => {
    setUp({ zid: 'z-5', name: 'Bedroom', deviceType: 'switch', categoryId: 2, on: false });
    gate.answer = () => false;
    const on = accessory.getServiceById(Service.Switch, 'smart-switch')!.getCharacteristic(Characteristic.On);
    ring.onData.next({ ...ring.data, on: true });
    expect(await on.handleGetRequest()).toBe(false);
    expect(gate.recorded.at(-1)).toEqual({ type: 'switch-state', lifeSafety: false });
  });
});
