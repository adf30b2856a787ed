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
  intercom: 'Intercom',
  'location-mode': 'Location mode',
  'security-panel': 'Security panel',
  'contact-sensor': 'Contact sensor',
  'motion-sensor': 'Motion sensor',
  'flood-freeze-sensor': 'Flood and freeze sensor',
  'smoke-co-sensor': 'Smoke and CO listener',
  'smoke-sensor': 'Smoke sensor',
  'co-sensor': 'CO sensor',
  'temperature-sensor': 'Temperature sensor',
  'smart-switch': 'Switch, outlet or dimmer',
  'smart-light': 'Smart Lighting light',
  lock: 'Lock',
  'water-valve': 'Water valve',
  thermostat: 'Thermostat',
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
  'alarm-state': 'Every device state change (sensors, alarm, locks, lights, switches, modes)',
  'lock-state': 'Locking and unlocking',
  'light-state': 'Lights on, off or dimmed',
  'switch-state': 'Switches, outlets and valves on or off',
  'mode-change': 'Alarm and Ring mode changes',
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

/** @param {string} kind */
export const family = (kind) => (CAMERA_KINDS.includes(kind) ? 'camera' : kind === 'chime' ? 'chime' : 'alarm');

/**
 * The quick choices that make sense for a device. None for the kinds that can never be hidden:
 * `lifeSafety` is the server's copy of the plugin's one list (status.lifeSafety).
 */
/**
 * @param {string} kind
 * @param {{ kinds: string[] } | undefined} lifeSafety
 */
export function quickChoicesFor(kind, lifeSafety) {
  if (lifeSafety?.kinds.includes(kind)) return [];
  if (CAMERA_KINDS.includes(kind)) return ['private-while-home', 'no-snapshots', 'events-only', 'blur-faces', 'hide'];
  // "Private while home" on a location's mode, a light, a switch or a lock would freeze what Apple Home shows
  // while someone is there to see it: a rule of the policy says better what is meant.
  if (
    kind === 'chime' ||
    kind === 'location-mode' ||
    kind === 'smart-switch' ||
    kind === 'smart-light' ||
    kind === 'lock' ||
    kind === 'water-valve' ||
    kind === 'thermostat' ||
    LIFE_SAFETY_CAPABLE.includes(kind)
  )
    return ['hide'];
  return ['private-while-home', 'hide'];
}

export const QUICK_LABELS = {
  'private-while-home': 'Private while home',
  'no-snapshots': 'No snapshots',
  'events-only': 'Events only',
  'blur-faces': 'Blur faces',
  hide: 'Hide from Apple Home',
};

export const QUICK_HELP = {
  'private-while-home': 'Nothing reaches Apple Home while the location is in Home or Disarmed mode.',
  'no-snapshots': 'Snapshots show a placeholder image; events and live view are unchanged.',
  'events-only': 'Motion and rings reach Apple Home, images and live view do not.',
  'blur-faces': 'Snapshots reach Apple Home with every face found in them blurred, on this machine; live view is refused.',
  hide: 'No accessory at all. Takes effect when Homebridge (or its child bridge) restarts.',
};

/**
 * What an `alarm-state` change is, in words for that device. Locking, lights, switches and modes
 * have signals of their own since issue 14; older ledger lines recorded them here.
 */
const ALARM_STATE_LABELS = {
  'contact-sensor': 'Opened or closed',
  'motion-sensor': 'Motion (Ring Alarm)',
  'flood-freeze-sensor': 'Flood or freeze alarm',
  'smoke-co-sensor': 'Smoke or CO alarm',
  'smoke-sensor': 'Smoke alarm',
  'co-sensor': 'CO alarm',
  'security-panel': 'Alarm, siren or mode',
  'base-station': 'Alarm mode',
  'location-mode': 'Ring mode',
  keypad: 'Keypad',
  'temperature-sensor': 'Temperature',
  'smart-switch': 'Switch, battery or fault',
  'smart-light': 'Light, its motion, battery or fault',
  lock: 'Lock, battery or fault',
  'water-valve': 'Valve, battery or fault',
  thermostat: 'Mode, set point and temperature',
};

/**
 * A signal in words; an alarm state says what kind of state for the device's kind.
 * @param {string} signal
 * @param {string} kind
 * @returns {string}
 */
export const signalLabel = (signal, kind) =>
  (signal === 'alarm-state' && /** @type {Record<string, string>} */ (ALARM_STATE_LABELS)[kind]) ||
  /** @type {Record<string, string>} */ (SIGNAL_LABELS)[signal] ||
  signal;

/**
 * "HH:MM" as this browser shows times, so summaries read like the time pickers beside them
 * (12-hour where the pickers are 12-hour).
 */
/** @param {string | undefined} text */
export function clockTime(text) {
  const match = /^(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!match) return text ?? '';
  return new Date(2000, 0, 1, Number(match[1]), Number(match[2])).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}

/** "Life-safety alarms always reach Apple Home." from the server's reason. */
/** @param {{ reason: string } | undefined} lifeSafety */
export const lifeSafetyLine = (lifeSafety) => (lifeSafety ? `${lifeSafety.reason.charAt(0).toUpperCase()}${lifeSafety.reason.slice(1)}.` : '');

/** @param {{ basis: string, ruleName?: string, ruleIndex?: number }} entry */
export function ruleLabel(entry) {
  if (entry.basis === 'rule') return entry.ruleName ?? `Rule ${(entry.ruleIndex ?? 0) + 1}`;
  return /** @type {Record<string, string>} */ (BASIS_LABELS)[entry.basis] ?? entry.basis;
}
