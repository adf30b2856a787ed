/**
 * Ring Smart Lighting: the pure mapping, and the accessory on a real Homebridge API object fed by a
 * stand-in for ring-client-api's RingDevice (and its location, for light groups) that answers as
 * Ring does.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import type { PlatformAccessory } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { alarmCategory, createAlarmAccessory, planAlarmAccessory } from './alarm-factory.js';
import { lightDuration, lightLayout, lightModeData, lightView, MAX_LIGHT_SECONDS } from './light-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const { log } = collectingLog();

describe('light mapping', () => {
  test.each([
    ['switch.beams', { motionStatus: 'clear' }, { dims: false, motion: true }],
    ['switch.multilevel.beams', { motionStatus: 'clear', motionSensorEnabled: false }, { dims: true, motion: false }],
    ['switch.transformer.beams', {}, { dims: false, motion: false }],
    ['group.light-group.beams', { groupId: 'g1' }, { dims: false, motion: false, groupId: 'g1' }],
    ['group.light-group.beams', { groupId: '' }, { dims: false, motion: false }],
  ])('%s with %j looks like %j', (deviceType, data, layout) => {
    expect(lightLayout(deviceType, data)).toEqual(layout);
  });

  test('a view has a level only where the light dims and motion only where it senses, whatever Ring sends', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.anything(), fc.anything(), fc.anything(), (dims, motion, on, level, motionStatus) => {
        const view = lightView({ dims, motion }, { on, level, motionStatus } as never);
        expect(view.on).toBe(on === true);
        expect('level' in view).toBe(dims);
        expect('motion' in view).toBe(motion);
        if (motion) expect(view.motion).toBe(motionStatus === 'faulted');
      }),
    );
  });

  test("the on-duration: 0 leaves the light's own, anything longer than Ring takes is cut", () => {
    expect([lightDuration(0), lightDuration(90), lightDuration(10 ** 6)]).toEqual([undefined, 90, MAX_LIGHT_SECONDS]);
    expect(lightModeData(true, 90)).toEqual({ lightMode: 'on', duration: 90 });
    expect(lightModeData(true, 0)).toEqual({ lightMode: 'on' });
    expect(lightModeData(false, 90)).toEqual({ lightMode: 'default' });
  });
});

type Data = { zid: string; name: string; deviceType: string; on: boolean; level?: number; motionStatus?: string; groupId?: string };
type Body = { command?: { v1: Array<{ commandType: string; data: { lightMode: string } }> }; device?: { v1: { level: number } } };

class FakeLight {
  readonly onData: BehaviorSubject<Data>;
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
  async setInfo(body: Body): Promise<void> {
    this.sent.push(body);
    await Promise.resolve();
    const mode = body.command?.v1[0]?.data.lightMode;
    if (mode) this.onData.next({ ...this.data, on: mode === 'on' });
    if (body.device) this.onData.next({ ...this.data, level: body.device.v1.level });
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

describe('SmartLightAccessory', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => {
    dispose?.();
    jest.useRealTimers();
  });

  function setUp(data: Data, options: Record<string, unknown> = {}, location: Partial<Location> = {}) {
    const ring = new FakeLight(data);
    const device: Device = { id: data.zid, name: data.name, kind: 'smart-light', locationId: 'loc-1' };
    const accessory: PlatformAccessory = new api.platformAccessory(data.name, api.hap.uuid.generate(`test:${data.zid}`), alarmCategory('smart-light'));
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const config = parseConfig(options).config;
    const created = createAlarmAccessory({ api, log, gate: new ScriptedGate(), switches, config }, accessory, ring.asRing(), location as Location, device, 'S1');
    dispose = () => created?.dispose();
    return { ring, accessory };
  }

  test('a dimming Beam: Lightbulb with brightness and its motion sensor; on for beamDurationSeconds, brightness as a level', async () => {
    const { ring, accessory } = setUp(
      { zid: 'b1', name: 'Path', deviceType: 'switch.multilevel.beams', on: false, level: 0.6, motionStatus: 'clear' },
      { beamDurationSeconds: 120 },
    );
    expect(planAlarmAccessory('switch.multilevel.beams', ring.data)).toMatchObject({ kind: 'smart-light', type: 'smart-light' });
    expect(alarmCategory('smart-light')).toBe(api.hap.Categories.LIGHTBULB);
    const light = accessory.getServiceById(Service.Lightbulb, 'light')!;
    expect(light.getCharacteristic(Characteristic.Brightness).value).toBe(60);
    await light.getCharacteristic(Characteristic.On).handleSetRequest(true);
    await light.getCharacteristic(Characteristic.Brightness).handleSetRequest(30);
    expect(ring.sent).toEqual([{ command: { v1: [{ commandType: 'light-mode.set', data: { lightMode: 'on', duration: 120 } }] } }, { device: { v1: { level: 0.3 } } }]);
    expect(light.getCharacteristic(Characteristic.On).value).toBe(true);
    ring.onData.next({ ...ring.data, motionStatus: 'faulted' });
    expect(accessory.getServiceById(Service.MotionSensor, 'motion')!.getCharacteristic(Characteristic.MotionDetected).value).toBe(true);
  });

  test("a light group is switched through the location's groups endpoint", async () => {
    const groups: unknown[] = [];
    const made: { ring?: FakeLight } = {};
    const location = {
      setLightGroup: async (groupId: string, on: boolean, duration?: number) => {
        groups.push([groupId, on, duration]);
        made.ring!.onData.next({ ...made.ring!.data, on });
      },
    };
    const { ring, accessory } = setUp({ zid: 'g', name: 'Garden', deviceType: 'group.light-group.beams', on: false, groupId: 'garden' }, {}, location);
    made.ring = ring;
    await accessory.getServiceById(Service.Lightbulb, 'light')!.getCharacteristic(Characteristic.On).handleSetRequest(true);
    expect(groups).toEqual([['garden', true, undefined]]);
    expect(ring.sent).toEqual([]);
  });
});
