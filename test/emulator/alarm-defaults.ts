/**
 * Default `general.v2` / `device.v1` fields for Ring Alarm devices, keyed by the `deviceType`
 * strings of ring-client-api's RingDeviceType, and the rule for which patch keys live in which
 * half of a document (the library flattens both halves into one object, Ring does not).
 */
import type { AlarmDeviceDoc } from './types.js';
import { deepMerge, isPlainObject, type PlainObject } from './merge.js';

/** Keys Ring reports in `general.v2`; everything else is device state in `device.v1`. */
const generalKeys = new Set([
  'zid',
  'name',
  'deviceType',
  'categoryId',
  'adapterType',
  'batteryLevel',
  'batteryStatus',
  'tamperStatus',
  'commStatus',
  'lastCommTime',
  'lastUpdate',
  'manufacturerName',
  'serialNumber',
  'roomId',
  'tags',
  'fingerprint',
  'catalogId',
  'deviceFoundTime',
  'nextExpectedWakeup',
  'parentZid',
  'rootDevice',
  'relToParentZid',
  'acStatus',
  'batteryBackup',
]);

interface TypeDefaults {
  categoryId: number;
  general: PlainObject;
  device: PlainObject;
}

const batterySensor = { batteryLevel: 94, batteryStatus: 'ok', adapterType: 'zwave' };

const defaultsByType: Record<string, TypeDefaults> = {
  'hub.redsky': {
    categoryId: 31,
    general: { batteryLevel: 100, batteryStatus: 'charged', acStatus: 'ok', batteryBackup: 'charged', adapterType: 'none' },
    device: { volume: 0.6, networks: { ppp0: { type: 'cellular' }, wlan0: { type: 'wifi', ssid: 'DemoNet', rssi: 60 } } },
  },
  'security-panel': {
    categoryId: 22,
    general: { batteryStatus: 'none', adapterType: 'none' },
    device: { mode: 'none', alarmInfo: null, transitionDelayEndTimestamp: null, siren: { state: 'off' } },
  },
  'security-keypad': {
    categoryId: 33,
    general: { batteryLevel: 100, batteryStatus: 'charged', acStatus: 'ok', adapterType: 'zwave' },
    device: { volume: 0.5, brightness: 0.5, powerSave: 'off' },
  },
  'sensor.contact': { categoryId: 5, general: batterySensor, device: { faulted: false, chirps: 'none' } },
  'sensor.motion': { categoryId: 5, general: batterySensor, device: { faulted: false, motionStatus: 'clear', sensitivity: 1 } },
  'sensor.flood-freeze': {
    categoryId: 5,
    general: batterySensor,
    device: { faulted: false, flood: { faulted: false }, freeze: { faulted: false } },
  },
  'sensor.freeze': { categoryId: 5, general: batterySensor, device: { faulted: false, freeze: { faulted: false } } },
  'sensor.water': { categoryId: 5, general: batterySensor, device: { faulted: false, flood: { faulted: false } } },
  'listener.smoke-co': {
    categoryId: 5,
    general: batterySensor,
    device: { smoke: { alarmStatus: 'inactive' }, co: { alarmStatus: 'inactive' }, faulted: false },
  },
  'alarm.smoke': { categoryId: 15, general: batterySensor, device: { alarmStatus: 'inactive', faulted: false } },
  'alarm.co': { categoryId: 15, general: batterySensor, device: { alarmStatus: 'inactive', faulted: false } },
  // Z-Wave switches on the hub: mains powered; `on`, and `level` (0–1) where they dim.
  switch: { categoryId: 1, general: { batteryStatus: 'none', adapterType: 'zwave' }, device: { on: false } },
  'switch.multilevel': { categoryId: 2, general: { batteryStatus: 'none', adapterType: 'zwave' }, device: { on: false, level: 0 } },
  'switch.multilevel.bulb': { categoryId: 2, general: { batteryStatus: 'none', adapterType: 'zwave' }, device: { on: false, level: 0 } },
  // A Z-Wave door lock: battery powered, `locked` is locked / unlocked / jammed / unknown.
  // Smart Lighting (Beams): battery or transformer powered lights with a motion sensor; light groups made in the Ring app.
  'switch.beams': { categoryId: 2, general: { ...batterySensor, adapterType: 'beams' }, device: { on: false, motionStatus: 'clear' } },
  'switch.multilevel.beams': { categoryId: 2, general: { ...batterySensor, adapterType: 'beams' }, device: { on: false, level: 1, motionStatus: 'clear' } },
  'switch.transformer.beams': { categoryId: 2, general: { batteryStatus: 'none', adapterType: 'beams' }, device: { on: false } },
  'group.light-group.beams': { categoryId: 2, general: { batteryStatus: 'none', adapterType: 'beams' }, device: { on: false } },
  // A Z-Wave thermostat: mains powered; its room temperature is a component 'sensor.temperature' (parentZid).
  'temperature-control.thermostat': {
    categoryId: 11,
    general: { batteryStatus: 'none', adapterType: 'zwave' },
    device: { mode: 'off', setPoint: 20, setPointMin: 10, setPointMax: 32 },
  },
  // A Z-Wave water shut-off valve: mains powered, `valveState` open / closed.
  'valve.water': { categoryId: 37, general: { batteryStatus: 'none', adapterType: 'zwave' }, device: { valveState: 'open' } },
  lock: { categoryId: 10, general: { ...batterySensor, adapterType: 'zwave' }, device: { locked: 'locked' } },
};

/** A complete device document from `{general:{v2:{zid,name,deviceType}}, device:{v1:{...}}}` or flat fields. */
export function completeAlarmDevice(spec: AlarmDeviceDoc | PlainObject, index: number): AlarmDeviceDoc {
  const doc = isAlarmDoc(spec) ? spec : splitAlarmFields(spec);
  const type = doc.general.v2.deviceType;
  const typeDefaults = defaultsByType[type] ?? { categoryId: 29, general: batterySensor, device: { faulted: false } };
  const general = deepMerge(
    {
      categoryId: typeDefaults.categoryId,
      tamperStatus: 'ok',
      commStatus: 'ok',
      manufacturerName: 'Ring',
      serialNumber: `DEMO${String(index + 1).padStart(6, '0')}`,
      lastCommTime: Date.now(),
      lastUpdate: Date.now(),
      roomId: null,
      tags: [],
      ...typeDefaults.general,
    },
    doc.general.v2,
  );
  return { general: { v2: general as unknown as AlarmDeviceDoc['general']['v2'] }, device: { v1: deepMerge(typeDefaults.device, doc.device.v1) } };
}

function isAlarmDoc(spec: unknown): spec is AlarmDeviceDoc {
  return isPlainObject(spec) && isPlainObject(spec.general) && isPlainObject(spec.general.v2) && isPlainObject(spec.device);
}

/** Splits a flat patch (as the library sees device data) into the two halves of a Ring document. */
export function splitAlarmFields(flat: PlainObject): AlarmDeviceDoc {
  const general: PlainObject = {};
  const device: PlainObject = {};
  for (const [key, value] of Object.entries(flat)) {
    (generalKeys.has(key) ? general : device)[key] = value;
  }
  return { general: { v2: general as unknown as AlarmDeviceDoc['general']['v2'] }, device: { v1: device } };
}

/**
 * The device state that means "faulted" (open, motion, water, smoke...) for a device type, so one
 * control call covers contact, motion, flood/freeze and smoke/CO devices.
 */
export function faultPatchFor(deviceType: string, faulted: boolean): PlainObject {
  switch (deviceType) {
    case 'sensor.motion':
      return { faulted, motionStatus: faulted ? 'faulted' : 'clear' };
    case 'sensor.flood-freeze':
    case 'sensor.water':
      return { faulted, flood: { faulted } };
    case 'sensor.freeze':
      return { faulted, freeze: { faulted } };
    case 'listener.smoke-co':
      return { faulted, smoke: { alarmStatus: faulted ? 'active' : 'inactive' } };
    case 'alarm.smoke':
    case 'alarm.co':
      return { faulted, alarmStatus: faulted ? 'active' : 'inactive' };
    default:
      return { faulted };
  }
}
