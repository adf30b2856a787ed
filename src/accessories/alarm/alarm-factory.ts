import type { Categories, PlatformAccessory } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import type { AlarmKind } from '../../config/device-kinds.js';
import type { Device } from '../../privacy/types.js';
import { alarmKind } from '../../ring/classify.js';
import type { AccessoryDeps } from '../base-accessory.js';
import type { AlarmAccessory } from './alarm-accessory.js';
import { hasBattery, sensorLayout, type AlarmData, type SensorLayout } from './alarm-mapping.js';
import { LockAccessory } from './lock.js';
import { ThermostatAccessory } from './thermostat.js';
import { SmartLightAccessory } from './smart-light.js';
import { lightLayout, type LightData, type LightLayout } from './light-mapping.js';
import { WaterValveAccessory } from './water-valve.js';
import type { LockLayout } from './lock-mapping.js';
import { SecurityPanelAccessory } from './security-panel.js';
import { AlarmSensorAccessory } from './sensors.js';
import { SmartSwitchAccessory } from './smart-switch.js';
import { StationAccessory } from './station.js';
import { showsStation, stationLayout, type StationData, type StationLayout } from './station-mapping.js';
import { switchLayout, type SwitchLayout } from './switch-mapping.js';

export type AlarmAccessoryPlan =
  | { readonly kind: AlarmKind; readonly type: 'security-panel' }
  | { readonly kind: AlarmKind; readonly type: 'sensor'; readonly layout: SensorLayout }
  | { readonly kind: AlarmKind; readonly type: 'smart-switch'; readonly layout: SwitchLayout }
  | { readonly kind: AlarmKind; readonly type: 'lock'; readonly layout: LockLayout }
  | { readonly kind: AlarmKind; readonly type: 'water-valve' }
  | { readonly kind: AlarmKind; readonly type: 'thermostat' }
  | { readonly kind: AlarmKind; readonly type: 'smart-light'; readonly layout: LightLayout }
  | { readonly kind: AlarmKind; readonly type: 'station'; readonly layout: StationLayout };

/**
 * What a Ring Alarm device becomes in HomeKit, or undefined when there is nothing worth showing.
 *
 * - Keypads and base stations ('station'): the controls homebridge-ring offers for them, a Speaker
 *   for the volume, a Lightbulb for the brightness of their lights where they report one, and the
 *   backup battery (station-mapping.ts). A tamper or power loss while armed trips the alarm, which
 *   the security panel shows as triggered.
 * - Z-Wave switches, outlets, dimmers, bulbs and fans, and Z-Wave devices Ring has no type for
 *   ('smart-switch'): a Switch, Outlet, Lightbulb or Fan (switch-mapping.ts).
 * - Z-Wave locks ('lock'): a Lock Mechanism with battery (lock-mapping.ts).
 * - Z-Wave water valves ('water-valve'): a Valve (valve-mapping.ts).
 * - Smart Lighting lights, transformers and light groups ('smart-light'): a Lightbulb, with the
 *   light's own motion sensor where it has one (light-mapping.ts).
 * - Z-Wave thermostats ('thermostat'): a Thermostat (thermostat-mapping.ts); the temperature sensor
 *   inside one is a Ring device of its own and also shows as a Temperature sensor.
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
    case 'lock':
      return { kind, type: 'lock', layout: { battery: hasBattery(data) } };
    case 'water-valve':
      return { kind, type: 'water-valve' };
    case 'thermostat':
      return { kind, type: 'thermostat' };
    case 'smart-light':
      return { kind, type: 'smart-light', layout: lightLayout(deviceType, data as LightData) };
    case 'keypad':
    case 'base-station': {
      const layout = stationLayout(data as StationData);
      return showsStation(layout) ? { kind, type: 'station', layout } : undefined;
    }
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
    case 'lock':
      return new LockAccessory(deps, accessory, gateDevice, device, serial, plan.layout);
    case 'water-valve':
      return new WaterValveAccessory(deps, accessory, gateDevice, device, serial);
    case 'thermostat':
      return new ThermostatAccessory(deps, accessory, gateDevice, device, serial);
    case 'smart-light':
      return new SmartLightAccessory(deps, accessory, gateDevice, device, location, serial, plan.layout);
    case 'station':
      return new StationAccessory(deps, accessory, gateDevice, device, serial, plan.layout);
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
const DOOR_LOCK = 6 as Categories;
const FAUCET = 29 as Categories;
const THERMOSTAT = 9 as Categories;
const LIGHTBULB = 5 as Categories;

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
    case 'lock':
      return DOOR_LOCK;
    case 'water-valve':
      return FAUCET;
    case 'thermostat':
      return THERMOSTAT;
    case 'smart-light':
      return LIGHTBULB;
    case 'other-alarm-device':
      return OTHER;
  }
}
