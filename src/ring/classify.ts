import { FAMILY_OF_KIND, type AlarmKind, type CameraKind, type DeviceKind } from '../config/device-kinds.js';
import type { DeviceFamily } from '../config/options.js';

/** Ring camera kinds (ring-types' RingCameraKind) by what they look like to a household. */
const INDOOR = new Set(['stickup_cam_mini']);
const FLOODLIGHT = new Set(['hp_cam_v1', 'floodlight_v1', 'floodlight_v2', 'floodlight_pro', 'cocoa_floodlight']);
const SPOTLIGHT = new Set(['hp_cam_v2', 'spotlightw_v2', 'stickup_cam_v4', 'stickup_cam_longfin', 'cocoa_spotlight']);

export function cameraKind(ringKind: string, isDoorbot: boolean): CameraKind {
  if (isDoorbot || /doorb|^lpd_|^jbox_/.test(ringKind)) {
    return 'doorbell';
  }
  if (INDOOR.has(ringKind)) {
    return 'indoor-camera';
  }
  if (FLOODLIGHT.has(ringKind)) {
    return 'floodlight-camera';
  }
  if (SPOTLIGHT.has(ringKind)) {
    return 'spotlight-camera';
  }
  return 'outdoor-camera';
}

/** Ring Alarm deviceType strings (ring-types' RingDeviceType) to our kinds. */
const ALARM_TYPES: Record<string, AlarmKind> = {
  'security-panel': 'security-panel',
  'sensor.contact': 'contact-sensor',
  'sensor.zone': 'contact-sensor',
  'sensor.tilt': 'contact-sensor',
  'sensor.glassbreak': 'contact-sensor',
  'sensor.motion': 'motion-sensor',
  'motion-sensor.beams': 'motion-sensor',
  'sensor.flood-freeze': 'flood-freeze-sensor',
  'sensor.freeze': 'flood-freeze-sensor',
  'sensor.water': 'flood-freeze-sensor',
  'listener.smoke-co': 'smoke-co-sensor',
  'comp.bluejay.sensor_bluejay_wsc': 'smoke-co-sensor',
  'alarm.smoke': 'smoke-sensor',
  'alarm.co': 'co-sensor',
  'sensor.temperature': 'temperature-sensor',
  switch: 'smart-switch',
  'switch.multilevel': 'smart-switch',
  'switch.multilevel.bulb': 'smart-switch',
  // What homebridge-ring shows as a switch too: a Z-Wave device Ring has no type for.
  'unknown.zwave': 'smart-switch',
  lock: 'lock',
  'valve.water': 'water-valve',
  'switch.beams': 'smart-light',
  'switch.multilevel.beams': 'smart-light',
  'switch.transformer.beams': 'smart-light',
  'group.light-group.beams': 'smart-light',
  'temperature-control.thermostat': 'thermostat',
  'security-keypad': 'keypad',
  'hub.redsky': 'base-station',
  'hub.kili': 'base-station',
};

export function alarmKind(deviceType: string): AlarmKind {
  return ALARM_TYPES[deviceType] ?? 'other-alarm-device';
}

/** The family a user hides with `hideDeviceFamilies`. */
export function familyOf(kind: DeviceKind): DeviceFamily | undefined {
  return FAMILY_OF_KIND[kind];
}
