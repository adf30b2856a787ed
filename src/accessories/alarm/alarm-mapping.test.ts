import { describe, expect, test } from '@jest/globals';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { alarmKind } from '../../ring/classify.js';
import {
  Charging,
  Contact,
  CurrentState,
  Detected,
  Fault,
  LowBattery,
  NO_RESPONSE_STATUS,
  TargetState,
  Tampered,
  batteryLevel,
  changedKeys,
  chargingState,
  coDetected,
  contactState,
  fault,
  freezeDetected,
  hasBattery,
  isLifeSafetyChange,
  isOffline,
  leakDetected,
  lowBattery,
  motionDetected,
  neutralSensorView,
  sensorCapabilities,
  sensorLayout,
  sensorView,
  smokeDetected,
  tampered,
  temperature,
  type AlarmData,
} from './alarm-mapping.js';

const hap = (await newHomebridgeApi()).hap;

describe('HAP values mirrored in alarm-mapping', () => {
  const C = hap.Characteristic;
  test.each([
    ['current STAY_ARM', CurrentState.STAY_ARM, C.SecuritySystemCurrentState.STAY_ARM],
    ['current AWAY_ARM', CurrentState.AWAY_ARM, C.SecuritySystemCurrentState.AWAY_ARM],
    ['current NIGHT_ARM', CurrentState.NIGHT_ARM, C.SecuritySystemCurrentState.NIGHT_ARM],
    ['current DISARMED', CurrentState.DISARMED, C.SecuritySystemCurrentState.DISARMED],
    ['current ALARM_TRIGGERED', CurrentState.ALARM_TRIGGERED, C.SecuritySystemCurrentState.ALARM_TRIGGERED],
    ['target STAY_ARM', TargetState.STAY_ARM, C.SecuritySystemTargetState.STAY_ARM],
    ['target AWAY_ARM', TargetState.AWAY_ARM, C.SecuritySystemTargetState.AWAY_ARM],
    ['target NIGHT_ARM', TargetState.NIGHT_ARM, C.SecuritySystemTargetState.NIGHT_ARM],
    ['target DISARM', TargetState.DISARM, C.SecuritySystemTargetState.DISARM],
    ['contact detected', Contact.DETECTED, C.ContactSensorState.CONTACT_DETECTED],
    ['contact not detected', Contact.NOT_DETECTED, C.ContactSensorState.CONTACT_NOT_DETECTED],
    ['leak', Detected.YES, C.LeakDetected.LEAK_DETECTED],
    ['no leak', Detected.NO, C.LeakDetected.LEAK_NOT_DETECTED],
    ['occupancy', Detected.YES, C.OccupancyDetected.OCCUPANCY_DETECTED],
    ['smoke', Detected.YES, C.SmokeDetected.SMOKE_DETECTED],
    ['no smoke', Detected.NO, C.SmokeDetected.SMOKE_NOT_DETECTED],
    ['co abnormal', Detected.YES, C.CarbonMonoxideDetected.CO_LEVELS_ABNORMAL],
    ['co normal', Detected.NO, C.CarbonMonoxideDetected.CO_LEVELS_NORMAL],
    ['tampered', Tampered.TAMPERED, C.StatusTampered.TAMPERED],
    ['not tampered', Tampered.NOT_TAMPERED, C.StatusTampered.NOT_TAMPERED],
    ['fault', Fault.GENERAL_FAULT, C.StatusFault.GENERAL_FAULT],
    ['no fault', Fault.NO_FAULT, C.StatusFault.NO_FAULT],
    ['low battery', LowBattery.LOW, C.StatusLowBattery.BATTERY_LEVEL_LOW],
    ['normal battery', LowBattery.NORMAL, C.StatusLowBattery.BATTERY_LEVEL_NORMAL],
    ['charging', Charging.CHARGING, C.ChargingState.CHARGING],
    ['not charging', Charging.NOT_CHARGING, C.ChargingState.NOT_CHARGING],
    ['not chargeable', Charging.NOT_CHARGEABLE, C.ChargingState.NOT_CHARGEABLE],
  ])('%s', (_name, mirrored, real) => {
    expect(mirrored).toBe(real);
  });

  test('No Response status', () => {
    // HAPStatus is a const enum: read it off the runtime object, as isolated modules require.
    const runtime = hap as unknown as Record<string, Record<string, number>>;
    expect(NO_RESPONSE_STATUS).toBe(runtime.HAPStatus.SERVICE_COMMUNICATION_FAILURE);
  });
});

describe('which HomeKit sensors a Ring device gets', () => {
  test.each<[string, AlarmData, string[]]>([
    ['sensor.contact', {}, ['contact']],
    ['sensor.zone', {}, ['contact']],
    ['sensor.tilt', {}, ['contact']],
    ['sensor.glassbreak', {}, ['contact']],
    ['sensor.motion', {}, ['motion']],
    ['motion-sensor.beams', {}, ['motion']],
    ['sensor.flood-freeze', {}, ['leak', 'freeze']],
    ['sensor.water', {}, ['leak']],
    ['sensor.freeze', {}, ['freeze']],
    ['listener.smoke-co', {}, ['smoke', 'co']],
    ['comp.bluejay.sensor_bluejay_wsc', {}, ['smoke', 'co']],
    ['alarm.smoke', {}, ['smoke']],
    ['alarm.co', {}, ['co']],
    ['sensor.temperature', {}, ['temperature']],
    ['sensor.contact', { celsius: 21 }, ['contact', 'temperature']],
    ['sensor.freeze', { celsius: 3 }, ['freeze', 'temperature']],
    ['security-keypad', {}, []],
    ['hub.redsky', {}, []],
    ['range-extender.zwave', {}, []],
  ])('%s %j', (deviceType, data, expected) => {
    expect(sensorCapabilities(alarmKind(deviceType), { ...data, deviceType })).toEqual(expected);
  });
});

describe('sensor readings', () => {
  test.each<[AlarmData, number]>([
    [{ faulted: true }, Contact.NOT_DETECTED],
    [{ faulted: false }, Contact.DETECTED],
    [{}, Contact.DETECTED],
  ])('contact %j', (data, expected) => {
    expect(contactState(data)).toBe(expected);
  });

  test.each<[AlarmData, boolean]>([
    [{ faulted: true }, true],
    [{ motionStatus: 'faulted' }, true],
    [{ faulted: false, motionStatus: 'clear' }, false],
    [{}, false],
  ])('motion %j', (data, expected) => {
    expect(motionDetected(data)).toBe(expected);
  });

  test.each<[AlarmData, number, number]>([
    [{ deviceType: 'sensor.flood-freeze', faulted: true, flood: { faulted: true }, freeze: { faulted: false } }, Detected.YES, Detected.NO],
    [{ deviceType: 'sensor.flood-freeze', faulted: true, flood: { faulted: false }, freeze: { faulted: true } }, Detected.NO, Detected.YES],
    [{ deviceType: 'sensor.flood-freeze', faulted: true, flood: { faulted: true }, freeze: { faulted: true } }, Detected.YES, Detected.YES],
    // Without the sub-objects a flood/freeze sensor's `faulted` could be either: neither is claimed.
    [{ deviceType: 'sensor.flood-freeze', faulted: true }, Detected.NO, Detected.NO],
    [{ deviceType: 'sensor.water', faulted: true }, Detected.YES, Detected.NO],
    [{ deviceType: 'sensor.freeze', faulted: true }, Detected.NO, Detected.YES],
    [{ deviceType: 'sensor.water', faulted: false }, Detected.NO, Detected.NO],
  ])('leak and freeze %j', (data, leak, freeze) => {
    expect(leakDetected(data)).toBe(leak);
    expect(freezeDetected(data)).toBe(freeze);
  });

  test.each<[AlarmData, number, number]>([
    [{ deviceType: 'listener.smoke-co', smoke: { alarmStatus: 'active' }, co: { alarmStatus: 'inactive' } }, Detected.YES, Detected.NO],
    [{ deviceType: 'listener.smoke-co', smoke: { alarmStatus: 'inactive' }, co: { alarmStatus: 'active' } }, Detected.NO, Detected.YES],
    [{ deviceType: 'listener.smoke-co', smoke: { alarmStatus: 'inactive' }, co: { alarmStatus: 'inactive' } }, Detected.NO, Detected.NO],
    [{ deviceType: 'alarm.smoke', alarmStatus: 'active' }, Detected.YES, Detected.NO],
    [{ deviceType: 'alarm.co', alarmStatus: 'active' }, Detected.NO, Detected.YES],
    [{ deviceType: 'alarm.smoke', alarmStatus: 'inactive' }, Detected.NO, Detected.NO],
    [{ deviceType: 'comp.bluejay.sensor_bluejay_wsc', components: { 'alarm.smoke': { alarmStatus: 'active' } } }, Detected.YES, Detected.NO],
    [{ deviceType: 'comp.bluejay.sensor_bluejay_wsc', components: { 'alarm.co': { alarmStatus: 'active' } } }, Detected.NO, Detected.YES],
    [{ deviceType: 'comp.bluejay.sensor_bluejay_wsc', components: { alarm: { smoke: { alarmStatus: 'active' } } } }, Detected.YES, Detected.NO],
    // A stale 'inactive' in one shape never masks a live alarm in another.
    [
      { deviceType: 'comp.bluejay.sensor_bluejay_wsc', smoke: { alarmStatus: 'inactive' }, components: { 'alarm.smoke': { alarmStatus: 'active' } } },
      Detected.YES,
      Detected.NO,
    ],
    [{ deviceType: 'comp.bluejay.sensor_bluejay_wsc', components: null }, Detected.NO, Detected.NO],
  ])('smoke and CO %j', (data, smoke, co) => {
    expect(smokeDetected(data)).toBe(smoke);
    expect(coDetected(data)).toBe(co);
  });

  test.each<[AlarmData, number | undefined]>([
    [{ celsius: 21.37 }, 21.4],
    [{ celsius: -4.04 }, -4],
    [{ celsius: -300 }, -270],
    [{ celsius: 150 }, 100],
    [{ celsius: Number.NaN }, undefined],
    [{}, undefined],
  ])('temperature %j', (data, expected) => {
    expect(temperature(data)).toBe(expected);
  });
});

describe('tamper, fault and battery', () => {
  test.each<[AlarmData, number]>([
    [{ tamperStatus: 'tamper' }, Tampered.TAMPERED],
    [{ tamperStatus: 'ok' }, Tampered.NOT_TAMPERED],
    [{}, Tampered.NOT_TAMPERED],
  ])('tamper %j', (data, expected) => {
    expect(tampered(data)).toBe(expected);
  });

  test.each<[AlarmData, boolean]>([
    [{ commStatus: 'error' }, true],
    [{ commStatus: 'offline' }, true],
    [{ commStatus: 'ok' }, false],
    [{}, false],
  ])('offline %j', (data, offline) => {
    expect(isOffline(data)).toBe(offline);
    expect(fault(data)).toBe(offline ? Fault.GENERAL_FAULT : Fault.NO_FAULT);
  });

  test.each<[AlarmData, boolean]>([
    [{ batteryLevel: 80, batteryStatus: 'ok' }, true],
    [{ batteryStatus: 'low' }, true],
    [{ batteryLevel: 0 }, true],
    [{ batteryStatus: 'none' }, false],
    [{}, false],
  ])('has a battery %j', (data, expected) => {
    expect(hasBattery(data)).toBe(expected);
  });

  test.each<[AlarmData, number, number, number]>([
    [{ batteryLevel: 87, batteryStatus: 'ok' }, 87, LowBattery.NORMAL, Charging.NOT_CHARGEABLE],
    [{ batteryLevel: 20, batteryStatus: 'ok' }, 20, LowBattery.NORMAL, Charging.NOT_CHARGEABLE],
    [{ batteryLevel: 19, batteryStatus: 'ok' }, 19, LowBattery.LOW, Charging.NOT_CHARGEABLE],
    [{ batteryLevel: 60, batteryStatus: 'low' }, 60, LowBattery.LOW, Charging.NOT_CHARGEABLE],
    [{ batteryLevel: 120 }, 100, LowBattery.NORMAL, Charging.NOT_CHARGEABLE],
    [{ batteryLevel: -3 }, 0, LowBattery.LOW, Charging.NOT_CHARGEABLE],
    [{ batteryLevel: 55.6 }, 56, LowBattery.NORMAL, Charging.NOT_CHARGEABLE],
    [{ batteryStatus: 'full' }, 100, LowBattery.NORMAL, Charging.NOT_CHARGEABLE],
    [{ batteryStatus: 'ok' }, 50, LowBattery.NORMAL, Charging.NOT_CHARGEABLE],
    [{ batteryStatus: 'low' }, 10, LowBattery.LOW, Charging.NOT_CHARGEABLE],
    [{ batteryStatus: 'charging' }, 50, LowBattery.NORMAL, Charging.CHARGING],
    [{ batteryStatus: 'charged' }, 100, LowBattery.NORMAL, Charging.NOT_CHARGING],
  ])('battery %j', (data, level, low, charging) => {
    expect(batteryLevel(data)).toBe(level);
    expect(lowBattery(data)).toBe(low);
    expect(chargingState(data)).toBe(charging);
  });
});

describe('sensor views', () => {
  const floodFreeze: AlarmData = {
    deviceType: 'sensor.flood-freeze',
    faulted: true,
    flood: { faulted: true },
    freeze: { faulted: false },
    tamperStatus: 'tamper',
    commStatus: 'ok',
    batteryLevel: 12,
    batteryStatus: 'ok',
  };

  test('a flood/freeze sensor shows leak, freeze, fault, tamper and battery', () => {
    const layout = sensorLayout('flood-freeze-sensor', floodFreeze);
    expect(layout).toEqual({ capabilities: ['leak', 'freeze'], battery: true, tamper: true });
    expect(sensorView(layout, floodFreeze)).toEqual({
      leak: Detected.YES,
      freeze: Detected.NO,
      fault: Fault.NO_FAULT,
      tampered: Tampered.TAMPERED,
      batteryLevel: 12,
      lowBattery: LowBattery.LOW,
      charging: Charging.NOT_CHARGEABLE,
    });
  });

  test('the neutral view shows nothing detected and nothing wrong', () => {
    expect(neutralSensorView(sensorLayout('flood-freeze-sensor', floodFreeze))).toEqual({
      leak: Detected.NO,
      freeze: Detected.NO,
      fault: Fault.NO_FAULT,
      tampered: Tampered.NOT_TAMPERED,
      batteryLevel: 100,
      lowBattery: LowBattery.NORMAL,
      charging: Charging.NOT_CHARGEABLE,
    });
  });

  test('a device without tamper or battery reports only its reading and fault', () => {
    const data: AlarmData = { deviceType: 'sensor.contact', faulted: false, batteryStatus: 'none' };
    expect(sensorView(sensorLayout('contact-sensor', data), data)).toEqual({ contact: Contact.DETECTED, fault: Fault.NO_FAULT });
  });

  test('a temperature Ring did not send is left out rather than invented', () => {
    const layout = sensorLayout('temperature-sensor', { deviceType: 'sensor.temperature' });
    expect(sensorView(layout, { deviceType: 'sensor.temperature' })).not.toHaveProperty('temperature');
    expect(sensorView(layout, { deviceType: 'sensor.temperature', celsius: 18.25 })).toMatchObject({ temperature: 18.3 });
  });
});

describe('life safety and changes', () => {
  const calm = { current: CurrentState.AWAY_ARM, target: TargetState.AWAY_ARM };
  const alarm = { current: CurrentState.ALARM_TRIGGERED, target: TargetState.AWAY_ARM };

  test.each<[string, Record<string, number>, Record<string, number>, boolean]>([
    ['smoke-co-sensor', { smoke: 0 }, { smoke: 0, batteryLevel: 40 }, true],
    ['flood-freeze-sensor', { leak: 0 }, { leak: 1 }, true],
    ['contact-sensor', { contact: 0 }, { contact: 1 }, false],
    ['security-panel', calm, { ...calm, target: TargetState.DISARM }, false],
    ['security-panel', calm, alarm, true],
    ['security-panel', alarm, { current: CurrentState.DISARMED, target: TargetState.DISARM }, true],
    ['temperature-sensor', { temperature: 4 }, { temperature: 3 }, false],
  ])('%s %j -> %j', (kind, before, after, expected) => {
    expect(isLifeSafetyChange(kind, before, after)).toBe(expected);
  });

  test('changed keys', () => {
    expect(changedKeys({ a: 1, b: true, c: 3 }, { a: 1, b: false, c: 4, d: 0 })).toEqual(['b', 'c', 'd']);
    expect(changedKeys({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
