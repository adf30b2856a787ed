/**
 * Ring Alarm data to HomeKit values, as pure functions over plain data. The accessory classes only
 * bind Ring's data stream to characteristics through these.
 *
 * HAP's numeric values are mirrored here so this module needs no HAP at runtime (homebridge hands
 * HAP to the plugin at startup); the tests check every mirror against hap-nodejs.
 */
import { LIFE_SAFETY_DEVICE_KINDS, type AlarmKind } from '../../config/device-kinds.js';

export const CurrentState = { STAY_ARM: 0, AWAY_ARM: 1, NIGHT_ARM: 2, DISARMED: 3, ALARM_TRIGGERED: 4 } as const;
export type CurrentStateValue = (typeof CurrentState)[keyof typeof CurrentState];
export const TargetState = { STAY_ARM: 0, AWAY_ARM: 1, NIGHT_ARM: 2, DISARM: 3 } as const;
export type TargetStateValue = (typeof TargetState)[keyof typeof TargetState];
/** ContactSensorState: DETECTED means the magnet is near, i.e. the door is closed. */
export const Contact = { DETECTED: 0, NOT_DETECTED: 1 } as const;
/** LeakDetected, OccupancyDetected, SmokeDetected and CarbonMonoxideDetected all use 0 / 1. */
export const Detected = { NO: 0, YES: 1 } as const;
export const Tampered = { NOT_TAMPERED: 0, TAMPERED: 1 } as const;
export const Fault = { NO_FAULT: 0, GENERAL_FAULT: 1 } as const;
export const LowBattery = { NORMAL: 0, LOW: 1 } as const;
export const Charging = { NOT_CHARGING: 0, CHARGING: 1, NOT_CHARGEABLE: 2 } as const;
/** HAPStatus.SERVICE_COMMUNICATION_FAILURE: the Home app shows the accessory as "No Response". */
export const NO_RESPONSE_STATUS = -70402;
/** CurrentTemperature's HAP range. */
export const TEMPERATURE_RANGE = { min: -270, max: 100 } as const;
/** Below this percentage HomeKit is told the battery is low. */
export const LOW_BATTERY_PERCENT = 20;

/**
 * The fields of ring-client-api's flattened RingDeviceData this module reads. Ring sends more, and
 * not every device sends every field; `commStatus` is sent by Ring but missing from the library's type.
 */
export interface AlarmData {
  deviceType?: string;
  status?: string;
  commStatus?: string;
  tamperStatus?: string;
  batteryLevel?: number;
  batteryStatus?: string;
  faulted?: boolean;
  motionStatus?: string;
  mode?: string;
  alarmInfo?: { state?: string } | null;
  transitionDelayEndTimestamp?: number | null;
  siren?: { state?: string } | null;
  alarmStatus?: string;
  smoke?: { alarmStatus?: string } | null;
  co?: { alarmStatus?: string } | null;
  components?: Record<string, unknown> | null;
  flood?: { faulted?: boolean } | null;
  freeze?: { faulted?: boolean } | null;
  celsius?: number;
  /** ring-types' RingDeviceCategory (outlets, lights, fans, ...). */
  categoryId?: number;
}

/** HomeKit values by characteristic key, as one accessory shows them. */
export type View = Readonly<Record<string, number | boolean>>;

// ---------------------------------------------------------------- sensors

export type SensorCapability = 'contact' | 'motion' | 'leak' | 'freeze' | 'smoke' | 'co' | 'temperature';

const LEAK_TYPES = new Set(['sensor.flood-freeze', 'sensor.water']);
const FREEZE_TYPES = new Set(['sensor.flood-freeze', 'sensor.freeze']);
const SMOKE_TYPES = new Set(['alarm.smoke', 'listener.smoke-co', 'comp.bluejay.sensor_bluejay_wsc']);
const CO_TYPES = new Set(['alarm.co', 'listener.smoke-co', 'comp.bluejay.sensor_bluejay_wsc']);

/** The HomeKit sensors a Ring device gets, primary first. Empty: nothing worth showing. */
export function sensorCapabilities(kind: AlarmKind, data: AlarmData): SensorCapability[] {
  const type = data.deviceType ?? '';
  const capabilities: SensorCapability[] = [];
  switch (kind) {
    case 'contact-sensor':
      capabilities.push('contact');
      break;
    case 'motion-sensor':
      capabilities.push('motion');
      break;
    case 'flood-freeze-sensor':
    case 'smoke-co-sensor':
    case 'smoke-sensor':
    case 'co-sensor':
      if (LEAK_TYPES.has(type) || data.flood) capabilities.push('leak');
      if (FREEZE_TYPES.has(type) || data.freeze) capabilities.push('freeze');
      if (SMOKE_TYPES.has(type) || data.smoke || kind === 'smoke-sensor' || kind === 'smoke-co-sensor') capabilities.push('smoke');
      if (CO_TYPES.has(type) || data.co || kind === 'co-sensor' || kind === 'smoke-co-sensor') capabilities.push('co');
      break;
    default:
      break;
  }
  if (kind === 'temperature-sensor' || typeof data.celsius === 'number') {
    capabilities.push('temperature');
  }
  return capabilities;
}

/** Ring calls an open contact "faulted". */
export function contactState(data: AlarmData): number {
  return data.faulted === true ? Contact.NOT_DETECTED : Contact.DETECTED;
}

/** Alarm motion sensors report `faulted`; Smart Lighting ones `motionStatus`. Either one means motion. */
export function motionDetected(data: AlarmData): boolean {
  return data.faulted === true || data.motionStatus === 'faulted';
}

/** The device-wide `faulted` stands in only on single-purpose devices; on a flood/freeze one it could be either. */
export function leakDetected(data: AlarmData): number {
  const wet = data.flood ? data.flood.faulted === true : data.deviceType === 'sensor.water' && data.faulted === true;
  return wet ? Detected.YES : Detected.NO;
}

export function freezeDetected(data: AlarmData): number {
  const cold = data.freeze ? data.freeze.faulted === true : data.deviceType === 'sensor.freeze' && data.faulted === true;
  return cold ? Detected.YES : Detected.NO;
}

/** Nested `components.alarm.smoke` is how some Kidde firmware reports it. */
function componentStatuses(data: AlarmData, name: 'smoke' | 'co'): unknown[] {
  const components = data.components ?? {};
  const flat = components[`alarm.${name}`] as { alarmStatus?: unknown } | null | undefined;
  const nested = (components.alarm as Record<string, { alarmStatus?: unknown } | null | undefined> | null | undefined)?.[name];
  return [flat?.alarmStatus, nested?.alarmStatus];
}

/** Life safety: 'active' in any of the shapes Ring uses wins; a stale 'inactive' elsewhere never masks it. */
function alarmActive(data: AlarmData, name: 'smoke' | 'co'): boolean {
  const single = data.deviceType === `alarm.${name}` ? data.alarmStatus : undefined;
  const statuses = [data[name]?.alarmStatus, single, ...componentStatuses(data, name)];
  return statuses.includes('active');
}

export function smokeDetected(data: AlarmData): number {
  return alarmActive(data, 'smoke') ? Detected.YES : Detected.NO;
}

export function coDetected(data: AlarmData): number {
  return alarmActive(data, 'co') ? Detected.YES : Detected.NO;
}

/** Celsius to HAP's range and 0.1 step; undefined when the device sent no number. */
export function temperature(data: AlarmData): number | undefined {
  if (typeof data.celsius !== 'number' || !Number.isFinite(data.celsius)) {
    return undefined;
  }
  const clamped = Math.min(TEMPERATURE_RANGE.max, Math.max(TEMPERATURE_RANGE.min, data.celsius));
  return Math.round(clamped * 10) / 10;
}

// ---------------------------------------------------------------- status shared by all alarm devices

export function hasTamperStatus(data: AlarmData): boolean {
  return typeof data.tamperStatus === 'string';
}

export function tampered(data: AlarmData): number {
  return data.tamperStatus === 'tamper' ? Tampered.TAMPERED : Tampered.NOT_TAMPERED;
}

/** Ring's hub lost the device (a dead battery, out of radio range). */
export function isOffline(data: AlarmData): boolean {
  return data.commStatus === 'error' || data.commStatus === 'offline';
}

export function fault(data: AlarmData): number {
  return isOffline(data) ? Fault.GENERAL_FAULT : Fault.NO_FAULT;
}

/** Mains-powered devices report `batteryStatus: 'none'`. */
export function hasBattery(data: AlarmData): boolean {
  return typeof data.batteryLevel === 'number' || (typeof data.batteryStatus === 'string' && data.batteryStatus !== 'none');
}

/** The reported level, or a coarse estimate from the status when Ring sends no level. */
export function batteryLevel(data: AlarmData): number {
  if (typeof data.batteryLevel === 'number' && Number.isFinite(data.batteryLevel)) {
    return Math.round(Math.min(100, Math.max(0, data.batteryLevel)));
  }
  switch (data.batteryStatus) {
    case 'full':
    case 'charged':
      return 100;
    case 'low':
      return 10;
    default:
      return 50;
  }
}

export function lowBattery(data: AlarmData): number {
  const low = data.batteryStatus === 'low' || (typeof data.batteryLevel === 'number' && data.batteryLevel < LOW_BATTERY_PERCENT);
  return low ? LowBattery.LOW : LowBattery.NORMAL;
}

/** Alarm sensors run on replaceable cells; only a device that says it charges is chargeable. */
export function chargingState(data: AlarmData): number {
  switch (data.batteryStatus) {
    case 'charging':
      return Charging.CHARGING;
    case 'charged':
      return Charging.NOT_CHARGING;
    default:
      return Charging.NOT_CHARGEABLE;
  }
}

// ---------------------------------------------------------------- what goes through the gate

/** Every change of these devices is life safety (smoke, CO, water, freezing pipes). */
const LIFE_SAFETY_KINDS: ReadonlySet<string> = new Set<string>(LIFE_SAFETY_DEVICE_KINDS);

/** Readings that are alarms: the sensors' (Detected.YES) and the panic buttons' (on). */
const LIFE_SAFETY_KEYS = ['leak', 'freeze', 'smoke', 'co', 'burglarAlarm', 'fireAlarm'] as const;

function alarming(view: View): boolean {
  return view.current === CurrentState.ALARM_TRIGGERED || LIFE_SAFETY_KEYS.some((key) => view[key] === Detected.YES || view[key] === true);
}

/**
 * Whether a change is life safety: a life-safety device, or a view that is alarming before or after
 * (the all-clear after an alarm must reach the Home app as surely as the alarm did).
 */
export function isLifeSafetyChange(kind: string, before: View, after: View): boolean {
  return LIFE_SAFETY_KINDS.has(kind) || alarming(before) || alarming(after);
}

/** The keys whose values differ, in `after`'s order. */
export function changedKeys(before: View, after: View): string[] {
  return Object.keys(after).filter((key) => before[key] !== after[key]);
}

// ---------------------------------------------------------------- whole views

/** What one sensor accessory shows, fixed at setup from the device's first report. */
export interface SensorLayout {
  readonly capabilities: readonly SensorCapability[];
  readonly battery: boolean;
  readonly tamper: boolean;
}

export function sensorLayout(kind: AlarmKind, data: AlarmData): SensorLayout {
  return { capabilities: sensorCapabilities(kind, data), battery: hasBattery(data), tamper: hasTamperStatus(data) };
}

const SENSOR_READINGS: Record<Exclude<SensorCapability, 'temperature'>, (data: AlarmData) => number | boolean> = {
  contact: contactState,
  motion: motionDetected,
  leak: leakDetected,
  freeze: freezeDetected,
  smoke: smokeDetected,
  co: coDetected,
};

/** A sensor's HomeKit values. A temperature Ring did not send is left out, so the last one shown stays. */
export function sensorView(layout: SensorLayout, data: AlarmData): View {
  const view: Record<string, number | boolean> = {};
  for (const capability of layout.capabilities) {
    if (capability === 'temperature') {
      const celsius = temperature(data);
      if (celsius !== undefined) view.temperature = celsius;
    } else {
      view[capability] = SENSOR_READINGS[capability](data);
    }
  }
  return { ...view, ...statusView(layout, data) };
}

/** Shown until the gate has let a real value through: nothing detected, nothing wrong. */
export function neutralSensorView(layout: SensorLayout): View {
  const neutral: AlarmData = { tamperStatus: 'ok', batteryStatus: 'full', celsius: 0 };
  return sensorView(layout, neutral);
}

/** Fault, tamper and battery: the same on every alarm device that reports them. */
export function statusView(layout: { battery?: boolean; tamper: boolean }, data: AlarmData): View {
  return {
    fault: fault(data),
    ...(layout.tamper ? { tampered: tampered(data) } : {}),
    ...(layout.battery ? { batteryLevel: batteryLevel(data), lowBattery: lowBattery(data), charging: chargingState(data) } : {}),
  };
}
