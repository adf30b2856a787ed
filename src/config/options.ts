/**
 * The one catalogue of this plugin's options. The config parser, config.schema.json (through
 * `npm run schema`) and the README's option table are all generated from it, so an option exists in
 * exactly one place.
 */
import { DEVICE_FAMILIES, HIDEABLE_FAMILIES, UNHIDEABLE_FAMILIES, UNHIDEABLE_REASON, type DeviceFamily } from './device-kinds.js';

export { DEVICE_FAMILIES, type DeviceFamily };

export type OptionType = 'string' | 'boolean' | 'integer' | 'string-list' | 'enum-list';

export interface OptionSpec {
  readonly key: string;
  readonly type: OptionType;
  readonly title: string;
  readonly description: string;
  readonly default?: string | number | boolean | readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** An integer below `minimum` that is accepted too, and means "off". */
  readonly off?: number;
  /** Allowed values of an enum-list. */
  readonly values?: readonly string[];
  /** The section of the settings form it is shown in. */
  readonly section: 'account' | 'devices' | 'cameras' | 'chimes' | 'alarm' | 'advanced';
  /** Secret values are never logged, and the generic form shows them as a password field (schema.ts). */
  readonly secret?: boolean;
  /** Values of an enum-list that are refused one by one, with why; the rest of the list still applies. */
  readonly refused?: { readonly values: readonly string[]; readonly reason: string };
}

export const OPTIONS: readonly OptionSpec[] = [
  {
    key: 'refreshToken',
    type: 'string',
    title: 'Refresh token',
    description: "Filled in by signing in through this plugin's settings panel. It rotates on every use and is saved back automatically.",
    section: 'account',
    secret: true,
  },
  {
    key: 'locationIds',
    type: 'string-list',
    title: 'Only these locations',
    description: 'Ring location ids to use. Leave empty to use every location of the account.',
    default: [],
    section: 'devices',
  },
  {
    key: 'hideDeviceIds',
    type: 'string-list',
    title: 'Hidden devices',
    description:
      "Ring device ids (cameras, chimes), alarm device zids or location ids (a location's mode) that get no accessory; homebridge-ring's HomeKit UUIDs work too. Their events are dropped where they enter the plugin. Smoke and CO, flood and freeze sensors and the security panel are shown anyway: life-safety alarms always reach Apple Home.",
    default: [],
    section: 'devices',
  },
  {
    key: 'hideDeviceFamilies',
    type: 'enum-list',
    title: 'Hidden device families',
    description:
      'Whole families of devices that get no accessory. Smoke and CO, flood and freeze sensors and the security panel cannot be hidden: life-safety alarms always reach Apple Home.',
    default: [],
    values: HIDEABLE_FAMILIES,
    refused: { values: UNHIDEABLE_FAMILIES, reason: UNHIDEABLE_REASON },
    section: 'devices',
  },
  {
    key: 'cameraStatusPollingSeconds',
    type: 'integer',
    title: 'Camera and chime status polling (seconds)',
    description: 'How often camera and chime state (light, siren, battery, online) is read from Ring. Alarm devices update live.',
    default: 20,
    minimum: 10,
    maximum: 3600,
    section: 'devices',
  },
  {
    key: 'locationModePollingSeconds',
    type: 'integer',
    title: 'Location mode polling (seconds)',
    description:
      'Where there is no Ring Alarm, the location\'s Ring mode (Away, Home, Disarmed) is a Security System in Apple Home, read this often. 0: no Security System (the mode is still read once a minute for "private while home" rules).',
    default: 20,
    minimum: 10,
    off: 0,
    maximum: 3600,
    section: 'devices',
  },
  {
    key: 'motionResetSeconds',
    type: 'integer',
    title: 'Motion reset (seconds)',
    description: 'Motion is cleared after this long if Ring has not ended it sooner.',
    default: 30,
    minimum: 5,
    maximum: 600,
    section: 'cameras',
  },
  {
    key: 'motionSensor',
    type: 'boolean',
    title: 'Motion sensor',
    description: "Each camera's motion sensor. Off: motion never reaches Apple Home as a sensor (to keep motion private only at times, use a privacy rule instead).",
    default: true,
    section: 'cameras',
  },
  {
    key: 'personSensor',
    type: 'boolean',
    title: 'Person sensor',
    description: 'A separate motion sensor on each camera that reacts only to people, for automations.',
    default: true,
    section: 'cameras',
  },
  {
    key: 'vehicleSensor',
    type: 'boolean',
    title: 'Vehicle sensor',
    description: 'A separate motion sensor on each camera that reacts only to vehicles.',
    default: false,
    section: 'cameras',
  },
  {
    key: 'packageSensor',
    type: 'boolean',
    title: 'Package sensor',
    description: 'A separate motion sensor on each camera that reacts only to package deliveries.',
    default: false,
    section: 'cameras',
  },
  {
    key: 'doorbellRepeatSeconds',
    type: 'integer',
    title: 'Doorbell repeat window (seconds)',
    description: 'Presses within this window after a press are collapsed into one.',
    default: 5,
    minimum: 0,
    maximum: 60,
    section: 'cameras',
  },
  {
    key: 'lateDingSeconds',
    type: 'integer',
    title: 'Late doorbell presses (seconds)',
    description:
      "A press whose notification Ring never delivered is found in Ring's history within about a minute; if it is at most this old then, it still rings in Apple Home (through the privacy rules). 0: never.",
    default: 30,
    minimum: 0,
    maximum: 300,
    section: 'cameras',
  },
  {
    key: 'pushFaultStatus',
    type: 'boolean',
    title: 'Status Fault while notifications are down',
    description:
      "While Ring's push connection is down (disconnected for a minute or more), each camera's motion sensors show a Status Fault in Apple Home, so a dead notification channel is noticed before a missed event.",
    default: true,
    section: 'cameras',
  },
  {
    key: 'doorbellSwitch',
    type: 'boolean',
    title: 'Doorbell button for automations',
    description: 'Adds a programmable switch to doorbells and intercoms, so automations can react to a press.',
    default: false,
    section: 'cameras',
  },
  {
    key: 'cameraLight',
    type: 'boolean',
    title: 'Camera lights',
    description: 'A Light on cameras that have one (floodlights, spotlights).',
    default: true,
    section: 'cameras',
  },
  {
    key: 'cameraSirenSwitch',
    type: 'boolean',
    title: 'Camera siren switches',
    description: 'A Siren switch on cameras that have a siren.',
    default: true,
    section: 'cameras',
  },
  {
    key: 'inHomeChimeSwitch',
    type: 'boolean',
    title: 'In-Home Chime switches',
    description: 'A switch on doorbells wired to a mechanical or digital chime, to turn that chime on or off.',
    default: true,
    section: 'cameras',
  },
  {
    key: 'snapshotCacheSeconds',
    type: 'integer',
    title: 'Snapshot cache (seconds)',
    description: "How long a snapshot answers the Home app's requests before a fresh one is fetched.",
    default: 10,
    minimum: 1,
    maximum: 600,
    section: 'cameras',
  },
  {
    key: 'batterySnapshotSeconds',
    type: 'integer',
    title: 'Battery camera snapshot interval (seconds)',
    description: 'Battery cameras are not woken for a snapshot more often than this. Event snapshots are not limited.',
    default: 600,
    minimum: 30,
    maximum: 86400,
    section: 'cameras',
  },
  {
    key: 'eventSnapshotWaitMs',
    type: 'integer',
    title: 'Event snapshot wait (ms)',
    description: "How long a snapshot request right after an event waits for that event's image.",
    default: 3000,
    minimum: 0,
    maximum: 15000,
    section: 'cameras',
  },
  {
    key: 'liveViewMaxSeconds',
    type: 'integer',
    title: 'Live view limit (seconds)',
    description: 'A live view ends after this long, so a forgotten stream does not keep the camera (and its battery) busy.',
    default: 600,
    minimum: 30,
    maximum: 3600,
    section: 'cameras',
  },
  {
    key: 'liveViewIdleSeconds',
    type: 'integer',
    title: 'Abandoned live view (seconds)',
    description: 'A live view ends when the Home app has sent nothing for this long (app closed, phone asleep).',
    default: 30,
    minimum: 3,
    maximum: 300,
    section: 'cameras',
  },
  {
    key: 'chimeSnoozeMinutes',
    type: 'integer',
    title: 'Chime snooze (minutes)',
    description: 'How long the Snooze switch silences a chime.',
    default: 60,
    minimum: 1,
    maximum: 1440,
    section: 'chimes',
  },
  {
    key: 'alarmNightMode',
    type: 'boolean',
    title: 'Offer Night mode',
    description: "Show Night in the Home app's security system. Ring has no night mode: Night arms Home.",
    default: false,
    section: 'alarm',
  },
  {
    key: 'alarmNightBypass',
    type: 'boolean',
    title: 'Night bypasses open sensors',
    description:
      'With Night mode offered: arming Night bypasses every contact sensor that is open at that moment (a window left open for the night), as the Ring app offers when arming. Home and Away never bypass: with a sensor open, Ring refuses them and the Home app says so.',
    default: false,
    section: 'alarm',
  },
  {
    key: 'alarmOnEntryDelay',
    type: 'boolean',
    title: 'Entry delay shows as triggered',
    description:
      'Show the security system as Triggered as soon as the entry delay starts (someone opened a door while armed), not only once the siren sounds, so an automation can react during the delay.',
    default: false,
    section: 'alarm',
  },
  {
    key: 'showPanicButtons',
    type: 'boolean',
    title: 'Panic buttons',
    description:
      'A "Panic Buttons" accessory per Ring Alarm with a Burglar Alarm and a Fire Alarm switch. On raises that alarm through Ring, which alerts professional monitoring where you have it; off disarms. Off by default: a mistaken tap, or a Siri request, can call for help.',
    default: false,
    section: 'alarm',
  },
  {
    key: 'alarmSirenSwitch',
    type: 'boolean',
    title: 'Alarm siren switch',
    description: 'A switch on the security panel that sounds the Ring Alarm siren.',
    default: false,
    section: 'alarm',
  },
  {
    key: 'hideLightGroups',
    type: 'boolean',
    title: 'Hide Smart Lighting light groups',
    description: 'Leave the light groups you made in the Ring app out of Apple Home (their lights still show on their own).',
    default: false,
    section: 'alarm',
  },
  {
    key: 'beamDurationSeconds',
    type: 'integer',
    title: 'Smart Lighting on-duration (seconds)',
    description: "How long a Smart Lighting light switched on in Apple Home stays on. 0 leaves each light's own duration from the Ring app.",
    default: 0,
    minimum: 0,
    maximum: 32767,
    section: 'alarm',
  },
  {
    key: 'opaqueSerialNumbers',
    type: 'boolean',
    title: 'Opaque serial numbers',
    description: 'Send HomeKit a stable opaque serial number instead of Ring device ids and MAC addresses.',
    default: true,
    section: 'advanced',
  },
  {
    key: 'ffmpegPath',
    type: 'string',
    title: 'ffmpeg path',
    description: 'The ffmpeg used for audio in live view. Defaults to the one on the system path.',
    section: 'advanced',
  },
  {
    key: 'debug',
    type: 'boolean',
    title: 'Debug logging',
    description:
      'Logs each Ring event with its privacy decision, one line each, at info level so it shows without -D; Ring traffic summaries stay at debug level. Secrets are never logged.',
    default: false,
    section: 'advanced',
  },
];
