/**
 * The vocabulary of device kinds shared by the config (hiding), the privacy policy (selectors),
 * the accessories and the settings panel. Ring's own kind strings are mapped onto it in one place
 * (src/ring/classify.ts).
 */
export const CAMERA_KINDS = ['doorbell', 'indoor-camera', 'outdoor-camera', 'floodlight-camera', 'spotlight-camera'] as const;
/** Ring Alarm devices that sense something (the privacy policy's `sensor` group). */
export const SENSOR_KINDS = ['contact-sensor', 'motion-sensor', 'flood-freeze-sensor', 'smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'temperature-sensor'] as const;
/**
 * `smart-switch`: Z-Wave switches, outlets, dimmers, bulbs and fans on the Ring hub; `lock`: Z-Wave
 * door locks on it; `water-valve`: Z-Wave water shut-off valves on it; `thermostat`: Z-Wave thermostats on it;
 * `smart-light`: Ring Smart Lighting (Beams) lights, transformers and light groups.
 */
export const ALARM_KINDS = [
  'security-panel',
  ...SENSOR_KINDS,
  'smart-switch',
  'smart-light',
  'lock',
  'water-valve',
  'thermostat',
  'keypad',
  'base-station',
  'other-alarm-device',
] as const;
/**
 * `location-mode`: a location's Ring mode (Away, Home, Disarmed) as a security system, for homes
 * with cameras and no Ring Alarm; its state says who is home, so the policy governs it too.
 * `intercom`: a Ring Intercom handset (a building's door buzzer); its presses are `doorbell` signals.
 */
export const DEVICE_KINDS = [...CAMERA_KINDS, 'chime', 'intercom', 'location-mode', ...ALARM_KINDS] as const;

export type CameraKind = (typeof CAMERA_KINDS)[number];
export type AlarmKind = (typeof ALARM_KINDS)[number];
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Device families a user can name in `hideDeviceFamilies` (each a set of kinds, see FAMILY_OF_KIND). */
export const DEVICE_FAMILIES = [
  'doorbell',
  'camera',
  'chime',
  'intercom',
  'location-mode',
  'security-panel',
  'contact-sensor',
  'motion-sensor',
  'flood-freeze-sensor',
  'smoke-co-sensor',
  'smart-switch',
  'smart-light',
  'lock',
  'water-valve',
  'thermostat',
  'keypad',
  'base-station',
] as const;
export type DeviceFamily = (typeof DEVICE_FAMILIES)[number];

/** The family each kind is hidden with; kinds without one can only be hidden by id. */
export const FAMILY_OF_KIND: Readonly<Record<DeviceKind, DeviceFamily | undefined>> = {
  doorbell: 'doorbell',
  'indoor-camera': 'camera',
  'outdoor-camera': 'camera',
  'floodlight-camera': 'camera',
  'spotlight-camera': 'camera',
  chime: 'chime',
  intercom: 'intercom',
  'location-mode': 'location-mode',
  'security-panel': 'security-panel',
  'contact-sensor': 'contact-sensor',
  'motion-sensor': 'motion-sensor',
  'flood-freeze-sensor': 'flood-freeze-sensor',
  'smoke-co-sensor': 'smoke-co-sensor',
  'smoke-sensor': 'smoke-co-sensor',
  'co-sensor': 'smoke-co-sensor',
  'temperature-sensor': undefined,
  'smart-switch': 'smart-switch',
  'smart-light': 'smart-light',
  lock: 'lock',
  'water-valve': 'water-valve',
  thermostat: 'thermostat',
  keypad: 'keypad',
  'base-station': 'base-station',
  'other-alarm-device': undefined,
};

/** Kinds whose every state change is life safety (smoke, CO, water, freezing pipes), whatever the policy says. */
export const LIFE_SAFETY_DEVICE_KINDS = ['smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'flood-freeze-sensor'] as const satisfies readonly DeviceKind[];

/**
 * Kinds whose alarms must always reach Apple Home (smoke, CO, flood, freeze, and the security
 * system's own state): neither `hideDeviceIds` nor `hideDeviceFamilies` can hide them. The one list;
 * the unhideable families, the config schema and the settings panel are derived from it.
 */
export const UNHIDEABLE_KINDS = [...LIFE_SAFETY_DEVICE_KINDS, 'security-panel'] as const satisfies readonly DeviceKind[];
export type UnhideableKind = (typeof UNHIDEABLE_KINDS)[number];

/** Why they cannot be hidden, in the words the log and the panel use. */
export const UNHIDEABLE_REASON = 'life-safety alarms always reach Apple Home';

/** Families that contain an unhideable kind. */
export const UNHIDEABLE_FAMILIES: readonly DeviceFamily[] = DEVICE_FAMILIES.filter((family) => UNHIDEABLE_KINDS.some((kind) => FAMILY_OF_KIND[kind] === family));
export const HIDEABLE_FAMILIES: readonly DeviceFamily[] = DEVICE_FAMILIES.filter((family) => !UNHIDEABLE_FAMILIES.includes(family));

export const isUnhideableKind = (kind: string): kind is UnhideableKind => (UNHIDEABLE_KINDS as readonly string[]).includes(kind);

export const isCameraKind = (kind: string): kind is CameraKind => (CAMERA_KINDS as readonly string[]).includes(kind);
export const isAlarmKind = (kind: string): kind is AlarmKind => (ALARM_KINDS as readonly string[]).includes(kind);

/** Ring's smart detections, in our words. */
export const DETECTION_TYPES = ['person', 'vehicle', 'package', 'other'] as const;
export type DetectionType = (typeof DETECTION_TYPES)[number];
