import type { Categories, PlatformAccessory } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import type { AlarmKind } from '../../config/device-kinds.js';
import type { Device } from '../../privacy/types.js';
import { alarmKind } from '../../ring/classify.js';
import type { AccessoryDeps } from '../base-accessory.js';
import type { AlarmAccessory } from './alarm-accessory.js';
import { sensorLayout, type AlarmData, type SensorLayout } from './alarm-mapping.js';
import { SecurityPanelAccessory } from './security-panel.js';
import { AlarmSensorAccessory } from './sensors.js';
import { SmartSwitchAccessory } from './smart-switch.js';
import { switchLayout, type SwitchLayout } from './switch-mapping.js';

export type AlarmAccessoryPlan =
  | { readonly kind: AlarmKind; readonly type: 'security-panel' }
  | { readonly kind: AlarmKind; readonly type: 'sensor'; readonly layout: SensorLayout }
  | { readonly kind: AlarmKind; readonly type: 'smart-switch'; readonly layout: SwitchLayout };

/**
 * What a Ring Alarm device becomes in HomeKit, or undefined when there is nothing worth showing.
 *
 * - Keypad and base station: nothing yet. A tamper or power loss while armed trips the alarm, which
 *   the security panel shows as triggered. homebridge-ring does offer controls for them (volume,
 *   the keypad's brightness, battery); they are still to come here (issue 14).
 * - Z-Wave switches, outlets, dimmers, bulbs and fans, and Z-Wave devices Ring has no type for
 *   ('smart-switch'): a Switch, Outlet, Lightbulb or Fan (switch-mapping.ts).
 * - Range extenders, access codes, adapters, panic buttons and unknown devices ('other-alarm-device'):
 *   nothing; a panic press reaches HomeKit as the panel's triggered state.
 * - Devices the user disabled in the Ring app: nothing.
 */
export function planAlarmAccessory(deviceType: string, data: AlarmData): AlarmAccessoryPlan | undefined {
  if (data.status === 'disabled') {
    return undefined;
  }
  const kind = alarmKind(deviceType);
  switch (kind) {
    case 'security-panel':
      return { kind, type: 'security-panel' };
    case 'contact-sensor':
    case 'motion-sensor':
    case 'flood-freeze-sensor':
    case 'smoke-co-sensor':
    case 'smoke-sensor':
    case 'co-sensor':
    case 'temperature-sensor': {
      const layout = sensorLayout(kind, { ...data, deviceType });
      return layout.capabilities.length > 0 ? { kind, type: 'sensor', layout } : undefined;
    }
    case 'smart-switch':
      return { kind, type: 'smart-switch', layout: switchLayout(deviceType, data.categoryId) };
    case 'keypad':
    case 'base-station':
    case 'other-alarm-device':
      return undefined;
  }
}

/** Whether `createAlarmAccessory` will show this device: ask before creating a PlatformAccessory. */
export function showsAlarmDevice(device: RingDevice): boolean {
  return planAlarmAccessory(device.deviceType, device.data as AlarmData) !== undefined;
}

/**
 * The accessory for a Ring Alarm device, or undefined when it has nothing to show (see
 * `planAlarmAccessory`). `serial` is what HomeKit shows as the serial number; pass the platform's
 * opaque serial. Without one, a serial derived from the accessory UUID is used, never Ring's ids.
 */
export function createAlarmAccessory(
  deps: AccessoryDeps,
  accessory: PlatformAccessory,
  device: RingDevice,
  location: Location,
  gateDevice: Device,
  serial: string = serialFromUuid(accessory.UUID),
): AlarmAccessory | undefined {
  const plan = planAlarmAccessory(device.deviceType, device.data as AlarmData);
  switch (plan?.type) {
    case 'security-panel':
      return new SecurityPanelAccessory(deps, accessory, gateDevice, device, location, serial);
    case 'sensor':
      return new AlarmSensorAccessory(deps, accessory, gateDevice, device, serial, plan.layout);
    case 'smart-switch':
      return new SmartSwitchAccessory(deps, accessory, gateDevice, device, serial, plan.layout);
    case undefined:
      return undefined;
  }
}

function serialFromUuid(uuid: string): string {
  return uuid.replace(/-/g, '').slice(-12).toUpperCase();
}

// HAP's Categories is a const enum, which isolated modules cannot read; the test checks these values.
const SECURITY_SYSTEM = 11 as Categories;
const SENSOR = 10 as Categories;
const OTHER = 1 as Categories;
const SWITCH = 8 as Categories;

/** The category for `new api.platformAccessory(name, uuid, category)`: it picks the icon while pairing. */
export function alarmCategory(kind: AlarmKind): Categories {
  switch (kind) {
    case 'security-panel':
    case 'keypad':
    case 'base-station':
      return SECURITY_SYSTEM;
    case 'contact-sensor':
    case 'motion-sensor':
    case 'flood-freeze-sensor':
    case 'smoke-co-sensor':
    case 'smoke-sensor':
    case 'co-sensor':
    case 'temperature-sensor':
      return SENSOR;
    case 'smart-switch':
      return SWITCH;
    case 'other-alarm-device':
      return OTHER;
  }
}
