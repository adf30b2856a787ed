// @ts-check
/** Device kinds and policy words in the panel's language (the vocabulary is src/config/device-kinds.ts). */
export const CAMERA_KINDS = ['doorbell', 'indoor-camera', 'outdoor-camera', 'floodlight-camera', 'spotlight-camera'];
// Kinds for which the privacy layer refuses restrictive rules (src/privacy/types.ts LIFE_SAFETY_CAPABLE_KINDS).
export const LIFE_SAFETY_CAPABLE = ['smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'flood-freeze-sensor', 'security-panel', 'base-station', 'other-alarm-device'];

export const KIND_LABELS = {
  doorbell: 'Doorbell',
  'indoor-camera': 'Indoor camera',
  'outdoor-camera': 'Outdoor camera',
  'floodlight-camera': 'Floodlight camera',
  'spotlight-camera': 'Spotlight camera',
  chime: 'Chime',
  'security-panel': 'Security panel',
  'contact-sensor': 'Contact sensor',
  'motion-sensor': 'Motion sensor',
  'flood-freeze-sensor': 'Flood and freeze sensor',
  'smoke-co-sensor': 'Smoke and CO listener',
  'smoke-sensor': 'Smoke sensor',
  'co-sensor': 'CO sensor',
  'temperature-sensor': 'Temperature sensor',
  keypad: 'Keypad',
  'base-station': 'Base station',
  'other-alarm-device': 'Other alarm device',
};

export const GROUP_LABELS = { camera: 'All cameras', alarm: 'All Ring Alarm devices', sensor: 'All alarm sensors' };

export const SIGNAL_LABELS = {
  motion: 'Motion',
  detection: 'Person, vehicle and package detections',
  doorbell: 'Doorbell presses',
  'event-snapshot': 'Images sent with events',
  snapshot: 'Home app snapshots',
  'stream-start': 'Live view',
  'alarm-state': 'Alarm states',
};

export const ACTION_LABELS = { forward: 'Forward everything', 'event-only': 'Events only (no images, no live view)', block: 'Block' };
export const MODE_LABELS = { home: 'Home', away: 'Away', disarmed: 'Disarmed' };
export const DETECTION_LABELS = { person: 'Person', vehicle: 'Vehicle', package: 'Package', other: 'Other' };
export const DAY_LABELS = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
export const BASIS_LABELS = {
  default: 'Default action',
  'privacy-switch': 'Privacy switch',
  'life-safety': 'Life safety (always forwarded)',
  'no-policy': 'Invalid policy (blocked)',
};

export const family = (kind) => (CAMERA_KINDS.includes(kind) ? 'camera' : kind === 'chime' ? 'chime' : 'alarm');

/**
 * The quick choices that make sense for a device. None for the kinds that can never be hidden:
 * `lifeSafety` is the server's copy of the plugin's one list (status.lifeSafety).
 */
export function quickChoicesFor(kind, lifeSafety) {
  if (lifeSafety?.kinds.includes(kind)) return [];
  if (CAMERA_KINDS.includes(kind)) return ['private-while-home', 'no-snapshots', 'events-only', 'hide'];
  if (kind === 'chime' || LIFE_SAFETY_CAPABLE.includes(kind)) return ['hide'];
  return ['private-while-home', 'hide'];
}

export const QUICK_LABELS = {
  'private-while-home': 'Private while home',
  'no-snapshots': 'No snapshots',
  'events-only': 'Events only',
  hide: 'Hide from Apple Home',
};

export const QUICK_HELP = {
  'private-while-home': 'Nothing reaches Apple Home while the location is in Home or Disarmed mode.',
  'no-snapshots': 'Snapshots show a placeholder image; events and live view are unchanged.',
  'events-only': 'Motion and rings reach Apple Home, images and live view do not.',
  hide: 'No accessory at all.',
};

/** "Life-safety alarms always reach Apple Home." from the server's reason. */
export const lifeSafetyLine = (lifeSafety) => (lifeSafety ? `${lifeSafety.reason.charAt(0).toUpperCase()}${lifeSafety.reason.slice(1)}.` : '');

export function ruleLabel(entry) {
  if (entry.basis === 'rule') return entry.ruleName ?? `Rule ${(entry.ruleIndex ?? 0) + 1}`;
  return BASIS_LABELS[entry.basis] ?? entry.basis;
}
