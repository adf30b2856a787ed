/**
 * Status Fault while the push channel is down (`pushFaultStatus`): the pure mapping, and a real
 * CameraAccessory on a real Homebridge API object, fed the push state as the platform does.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import type { PlatformAccessory } from 'homebridge';
import type { RingCamera } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import type { PushHealthState } from '../../config/plugin-status.js';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { StandInDoorbell } from '../../../test/support/stand-in-doorbell.js';
import { CameraAccessory } from './camera-accessory.js';
import { GENERAL_FAULT, NO_FAULT, pushStatusFault } from './push-fault.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const { log } = collectingLog();

describe('pushStatusFault', () => {
  test.each<[PushHealthState | undefined, boolean, number]>([
    ['down', true, GENERAL_FAULT],
    ['degraded', true, NO_FAULT],
    ['healthy', true, NO_FAULT],
    [undefined, true, NO_FAULT],
    ['down', false, NO_FAULT],
    ['healthy', false, NO_FAULT],
  ])('state %s with the option %s is %d', (state, enabled, fault) => {
    expect(pushStatusFault(state, enabled)).toBe(fault);
  });

  test("HAP's values: 0 no fault, 1 general fault", () => {
    expect(NO_FAULT).toBe(Characteristic.StatusFault.NO_FAULT);
    expect(GENERAL_FAULT).toBe(Characteristic.StatusFault.GENERAL_FAULT);
  });
});

describe('CameraAccessory Status Fault', () => {
  const device: Device = { id: '101', name: 'Front Door', kind: 'doorbell', locationId: 'loc-1' };
  let camera: CameraAccessory | undefined;

  afterEach(() => {
    camera?.dispose();
    camera = undefined;
  });

  function setUp(options: Record<string, unknown>, pushState$?: BehaviorSubject<PushHealthState>, accessory?: PlatformAccessory): PlatformAccessory {
    const platformAccessory = accessory ?? new api.platformAccessory(device.name, api.hap.uuid.generate(`test:push-fault:${Math.random()}`), 18);
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const config = parseConfig(options).config;
    camera = new CameraAccessory(
      { api, log, config, gate: new ScriptedGate(), switches, ...(pushState$ && { pushState$ }) },
      platformAccessory,
      device,
      new StandInDoorbell(101, device.name, 'loc-1') as unknown as RingCamera,
      'SERIAL',
    );
    return platformAccessory;
  }

  const sensors = (accessory: PlatformAccessory) => accessory.services.filter((service) => service.UUID === Service.MotionSensor.UUID);
  const faults = (accessory: PlatformAccessory) => sensors(accessory).map((service) => service.getCharacteristic(Characteristic.StatusFault).value);

  test('on by default: every motion sensor shows a fault while the channel is down, none otherwise, and HomeKit hears each change', () => {
    const state = new BehaviorSubject<PushHealthState>('healthy');
    const accessory = setUp({ personSensor: true, vehicleSensor: false, packageSensor: false }, state);
    expect(sensors(accessory).map((service) => service.subtype)).toEqual(['motion', 'person']);
    expect(faults(accessory)).toEqual([0, 0]);
    const changes: unknown[] = [];
    accessory
      .getServiceById(Service.MotionSensor, 'motion')!
      .getCharacteristic(Characteristic.StatusFault)
      .on('change', (change) => changes.push(change.newValue));

    state.next('degraded');
    expect(faults(accessory)).toEqual([0, 0]);
    state.next('down');
    expect(faults(accessory)).toEqual([1, 1]);
    state.next('down');
    state.next('degraded');
    expect(faults(accessory)).toEqual([0, 0]);
    state.next('healthy');
    expect(changes).toEqual([1, 0]);
    // The Doorbell and the button have no StatusFault in HAP: none is added there.
    const doorbell = accessory.getService(Service.Doorbell);
    expect(doorbell?.testCharacteristic(Characteristic.StatusFault) ?? false).toBe(false);
  });

  test('a camera whose channel is already down when it is built starts with the fault', () => {
    const accessory = setUp({}, new BehaviorSubject<PushHealthState>('down'));
    expect(faults(accessory)).toEqual([1, 1]);
  });

  test('without a push state (none wired) there is no fault', () => {
    const accessory = setUp({});
    expect(faults(accessory)).toEqual([0, 0]);
  });

  test('pushFaultStatus false: no Status Fault, and one a cached sensor carries is removed', () => {
    const state = new BehaviorSubject<PushHealthState>('down');
    const accessory = setUp({ personSensor: false }, state);
    expect(faults(accessory)).toEqual([1]);
    camera!.dispose();
    setUp({ personSensor: false, pushFaultStatus: false }, state, accessory);
    const [motion] = sensors(accessory);
    expect(motion!.testCharacteristic(Characteristic.StatusFault)).toBe(false);
    state.next('healthy');
    state.next('down');
    expect(motion!.testCharacteristic(Characteristic.StatusFault)).toBe(false);
  });

  test('no motion sensors (motionSensor false, no detection sensors): nothing carries the fault', () => {
    const accessory = setUp({ motionSensor: false, personSensor: false, vehicleSensor: false, packageSensor: false }, new BehaviorSubject<PushHealthState>('down'));
    expect(sensors(accessory)).toHaveLength(0);
  });
});
