/**
 * The alarm sensors on a real Homebridge API object (real HAP services and characteristics), fed
 * by a stand-in for ring-client-api's RingDevice (test/support/alarm-stand-ins.ts), and which
 * alarm devices the factory shows, as what. The security panel has its own file.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
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
  type Data,
} from '../../../test/support/alarm-stand-ins.js';
import { alarmCategory, createAlarmAccessory, planAlarmAccessory, showsAlarmDevice } from './alarm-factory.js';
import type { AlarmData } from './alarm-mapping.js';
import { AlarmSensorAccessory } from './sensors.js';

const { Service, Characteristic } = api.hap;

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
