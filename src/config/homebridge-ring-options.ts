/**
 * homebridge-ring's options (its `Ring` platform block, homebridge-ring 14.x) and what each becomes
 * here. One list: the log's hint for such an option left in a Trygr block, and the README's table.
 */
export interface HomebridgeRingOption {
  readonly key: string;
  /** What to use here instead, in a sentence (Markdown code spans allowed). */
  readonly here: string;
}

export const HOMEBRIDGE_RING_OPTIONS: readonly HomebridgeRingOption[] = [
  { key: 'refreshToken', here: '`refreshToken`, but sign in anew in the panel; never copy it.' },
  { key: 'locationIds', here: '`locationIds`: the same Ring location ids.' },
  {
    key: 'hideDeviceIds',
    here: "`hideDeviceIds`: homebridge-ring's values (the HomeKit UUIDs from its log) hide the same devices here. The Devices tab's **Hide** writes Ring's device ids and alarm zids instead, and takes the old UUID out when you show a device again.",
  },
  { key: 'onlyDeviceTypes', here: '`hideDeviceFamilies` (families to leave out): the inverse.' },
  { key: 'hideDoorbellSwitch', here: '`doorbellSwitch` (the button is hidden unless set).' },
  { key: 'hideAlarmSirenSwitch', here: '`alarmSirenSwitch` (the siren switch is hidden unless set).' },
  { key: 'nightModeBypassFor', here: '`alarmNightMode`: Night arms Home. Open sensors are not bypassed.' },
  { key: 'avoidSnapshotBatteryDrain', here: 'Always on: `batterySnapshotSeconds` (default 600 s, the same 10 minutes).' },
  { key: 'cameraStatusPollingSeconds', here: 'The same name; 10–3600 s, default 20.' },
  {
    key: 'locationModePollingSeconds',
    here: "The same name: 10–3600 s, default 20, and 0 leaves the location's mode out of Apple Home, as there. The mode still feeds privacy rules (read once a minute with 0).",
  },
  { key: 'ffmpegPath', here: "The same name. Trygr uses the system's ffmpeg by default and bundles none." },
  { key: 'debug', here: 'The same name.' },
  { key: 'name', here: 'The same name.' },
  { key: 'hideCameraMotionSensor', here: 'None: the motion sensor is shown. To keep motion out of Apple Home, use a privacy rule.' },
  { key: 'hideCameraLight', here: 'None yet: the light is shown where the camera has one.' },
  { key: 'hideCameraSirenSwitch', here: 'None yet: the siren switch is shown where the camera has one.' },
  { key: 'hideInHomeDoorbellSwitch', here: 'None yet: the In-Home Chime switch is shown where the doorbell has one.' },
  { key: 'alarmOnEntryDelay', here: 'None: during the entry delay the system stays armed; it shows Triggered once the alarm sounds.' },
  { key: 'blockDisarm', here: 'None: disarming from Apple Home is allowed.' },
  { key: 'showPanicButtons', here: 'None: panic buttons are not supported yet.' },
  { key: 'hideLightGroups', here: 'None: Smart Lighting is not supported yet.' },
  { key: 'beamDurationSeconds', here: 'None: Smart Lighting is not supported yet.' },
  { key: 'enableIntercomAudio', here: 'None: Ring Intercom is not supported yet.' },
  { key: 'intercomSpeakerGainDb', here: 'None: Ring Intercom is not supported yet.' },
  { key: 'intercomMicGainDb', here: 'None: Ring Intercom is not supported yet.' },
  { key: 'disableLogs', here: 'None: Trygr logs little, and never secrets.' },
];

const BY_KEY = new Map(HOMEBRIDGE_RING_OPTIONS.map((option) => [option.key, option]));

/** What to use here for a homebridge-ring option, or undefined when `key` is not one. */
export function homebridgeRingOption(key: string): HomebridgeRingOption | undefined {
  return BY_KEY.get(key);
}

export const MIGRATION_START = '<!-- homebridge-ring-options:start (generated from src/config/homebridge-ring-options.ts by `npm run schema`) -->';
export const MIGRATION_END = '<!-- homebridge-ring-options:end -->';

/** The README's table of homebridge-ring's options. */
export function migrationTable(): string {
  return ['| homebridge-ring | Trygr |', '| --- | --- |', ...HOMEBRIDGE_RING_OPTIONS.map((option) => `| \`${option.key}\` | ${option.here} |`)].join('\n');
}
