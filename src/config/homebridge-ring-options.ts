/**
 * homebridge-ring's options (its `Ring` platform block, homebridge-ring 14.x) and what each becomes
 * here. One list: the log's hint for such an option left in a Trygr block, the README's table, and
 * how the settings panel's "Move from homebridge-ring" carries each value over (homebridge-ring-move.ts).
 */

/**
 * How a value is carried over by the panel's move. Rows without one are not carried: their `here`
 * says why. Every target is an option of options.ts (checked by homebridge-ring-move.test.ts).
 */
export type Carry =
  /** Never by the option mapping: the panel moves it on its own, once homebridge-ring is stopped. */
  | { readonly kind: 'token' }
  /** The same key, taken as the plugin reads it (parse-config.ts), so limits and types are Trygr's. */
  | { readonly kind: 'same' }
  /** A `hide…` boolean that becomes a `…` switch turned on. */
  | { readonly kind: 'inverse'; readonly to: string }
  /** Device types to show become device families to hide. */
  | { readonly kind: 'device-types'; readonly to: 'hideDeviceFamilies' }
  /** `"some"` (Night bypasses and arms Home) becomes Night mode, which arms Home here. */
  | { readonly kind: 'night-mode'; readonly to: 'alarmNightMode' }
  /** The block's `name` (a Homebridge key, not one of options.ts). */
  | { readonly kind: 'name' };

export interface HomebridgeRingOption {
  readonly key: string;
  /** What to use here instead, in a sentence (Markdown code spans allowed). */
  readonly here: string;
  readonly carry?: Carry;
  /** Said when homebridge-ring's block leaves the option out and homebridge-ring's default differs from Trygr's. */
  readonly unset?: string;
}

export const HOMEBRIDGE_RING_OPTIONS: readonly HomebridgeRingOption[] = [
  {
    key: 'refreshToken',
    here: "`refreshToken`: the panel's **Move from homebridge-ring** moves it once you confirm homebridge-ring is stopped (a refresh token works for one client only). Never copy it by hand.",
    carry: { kind: 'token' },
  },
  { key: 'locationIds', here: '`locationIds`: the same Ring location ids.', carry: { kind: 'same' } },
  {
    key: 'hideDeviceIds',
    here: "`hideDeviceIds`: homebridge-ring's values (the HomeKit UUIDs from its log) hide the same devices here. The Devices tab's **Hide** writes Ring's device ids and alarm zids instead, and takes the old UUID out when you show a device again.",
    carry: { kind: 'same' },
  },
  {
    key: 'onlyDeviceTypes',
    here: '`hideDeviceFamilies` (families to leave out): the inverse.',
    carry: { kind: 'device-types', to: 'hideDeviceFamilies' },
  },
  {
    key: 'hideDoorbellSwitch',
    here: '`doorbellSwitch` (the button is hidden unless set).',
    carry: { kind: 'inverse', to: 'doorbellSwitch' },
    unset: "Not set, so homebridge-ring showed the doorbell's programmable switch; Trygr shows it only with `doorbellSwitch` on (Options tab).",
  },
  {
    key: 'hideAlarmSirenSwitch',
    here: '`alarmSirenSwitch` (the siren switch is hidden unless set).',
    carry: { kind: 'inverse', to: 'alarmSirenSwitch' },
    unset: 'Not set, so homebridge-ring showed the alarm siren switch; Trygr shows it only with `alarmSirenSwitch` on (Options tab).',
  },
  {
    key: 'nightModeBypassFor',
    here: '`alarmNightMode`: Night arms Home. To bypass open contact sensors when arming Night, as homebridge-ring did, also turn on `alarmNightBypass`.',
    carry: { kind: 'night-mode', to: 'alarmNightMode' },
  },
  { key: 'avoidSnapshotBatteryDrain', here: 'Always on: `batterySnapshotSeconds` (default 600 s, the same 10 minutes).' },
  { key: 'cameraStatusPollingSeconds', here: 'The same name; 10–3600 s, default 20.', carry: { kind: 'same' } },
  {
    key: 'locationModePollingSeconds',
    here: "The same name: 10–3600 s, default 20, and 0 leaves the location's mode out of Apple Home, as there. The mode still feeds privacy rules (read once a minute with 0).",
    carry: { kind: 'same' },
  },
  { key: 'ffmpegPath', here: "The same name. Trygr uses the system's ffmpeg by default and bundles none.", carry: { kind: 'same' } },
  { key: 'debug', here: 'The same name.', carry: { kind: 'same' } },
  { key: 'name', here: 'The same name.', carry: { kind: 'name' } },
  {
    key: 'hideCameraMotionSensor',
    here: '`motionSensor` (on by default). To keep motion out of Apple Home only at times, use a privacy rule.',
    carry: { kind: 'inverse', to: 'motionSensor' },
  },
  { key: 'hideCameraLight', here: '`cameraLight` (on by default).', carry: { kind: 'inverse', to: 'cameraLight' } },
  { key: 'hideCameraSirenSwitch', here: '`cameraSirenSwitch` (on by default).', carry: { kind: 'inverse', to: 'cameraSirenSwitch' } },
  { key: 'hideInHomeDoorbellSwitch', here: '`inHomeChimeSwitch` (on by default).', carry: { kind: 'inverse', to: 'inHomeChimeSwitch' } },
  { key: 'alarmOnEntryDelay', here: 'The same name: the entry delay shows as Triggered.', carry: { kind: 'same' } },
  { key: 'blockDisarm', here: 'None: disarming from Apple Home is allowed.' },
  { key: 'showPanicButtons', here: 'The same name (off by default).', carry: { kind: 'same' } },
  { key: 'hideLightGroups', here: 'The same name.', carry: { kind: 'same' } },
  { key: 'beamDurationSeconds', here: "The same name: 0–32767 s; 0 (the default) leaves each light's own duration.", carry: { kind: 'same' } },
  { key: 'enableIntercomAudio', here: 'None: intercom audio is not offered; the intercom is a Lock, a Doorbell and (with `doorbellSwitch`) a Button.' },
  { key: 'intercomSpeakerGainDb', here: 'None: intercom audio is not offered.' },
  { key: 'intercomMicGainDb', here: 'None: intercom audio is not offered.' },
  { key: 'disableLogs', here: 'None: Trygr logs little, and never secrets.' },
];

const BY_KEY = new Map(HOMEBRIDGE_RING_OPTIONS.map((option) => [option.key, option]));

/** What to use here for a homebridge-ring option, or undefined when `key` is not one. */
export function homebridgeRingOption(key: string): HomebridgeRingOption | undefined {
  return BY_KEY.get(key);
}

export const MIGRATION_START = '<!-- homebridge-ring-options:start (generated from src/config/homebridge-ring-options.ts by `npm run schema`) -->';
export const MIGRATION_END = '<!-- homebridge-ring-options:end -->';

/** What the README says the panel's move does with an option. */
function movedBy(option: HomebridgeRingOption): string {
  if (!option.carry) return 'No';
  return option.carry.kind === 'token' ? 'After you confirm homebridge-ring is stopped' : 'Yes';
}

/** The README's table of homebridge-ring's options. */
export function migrationTable(): string {
  return [
    '| homebridge-ring | Trygr | moved by the panel |',
    '| --- | --- | --- |',
    ...HOMEBRIDGE_RING_OPTIONS.map((option) => `| \`${option.key}\` | ${option.here} | ${movedBy(option)} |`),
  ].join('\n');
}
