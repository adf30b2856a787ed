/**
 * Shapes of the emulated Ring cloud's state. Cameras, chimes and alarm device documents are kept in
 * the same JSON shape Ring sends, so `ring_devices` and `DeviceInfoDocGetList` can return them as
 * they are and a scenario file reads like a capture of the real cloud.
 */

/** A camera as `/clients_api/ring_devices` returns it (doorbots / stickup_cams). */
export interface CameraRecord {
  id: number;
  description: string;
  kind: string;
  location_id: string;
  device_id: string;
  firmware_version: string;
  alerts: { connection: 'online' | 'offline' | string; battery?: string; [key: string]: unknown };
  settings: {
    motion_detection_enabled?: boolean;
    power_mode?: 'battery' | 'wired';
    chime_settings?: { type: number; enable: boolean; duration: number };
    [key: string]: unknown;
  };
  health: { connected?: boolean; [key: string]: unknown };
  battery_life?: number | string | null;
  led_status?: 'on' | 'off';
  siren_status?: { seconds_remaining: number; [key: string]: unknown };
  external_connection?: boolean;
  [key: string]: unknown;
}

/** A chime as `/clients_api/ring_devices` returns it. */
export interface ChimeRecord {
  id: number;
  description: string;
  kind: string;
  location_id: string;
  device_id: string;
  settings: { volume: number; night_light_settings?: { light_sensor_enabled: boolean }; [key: string]: unknown };
  do_not_disturb: { seconds_left: number };
  alerts: { connection: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * A Ring Intercom handset as `/clients_api/ring_devices` lists it in `other` (IntercomHandsetData in
 * ring-types.d.ts). Not a camera: no health, no snapshots; `battery_life` is a string percentage.
 */
export interface IntercomRecord {
  id: number;
  description: string;
  kind: 'intercom_handset_audio' | 'intercom_handset_video' | (string & {});
  location_id: string;
  device_id: string;
  subscribed: boolean;
  battery_life: string;
  alerts: { connection: 'online' | 'offline' | string; ota_status?: string; [key: string]: unknown };
  settings: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * How the emulated intercom answers `unlock_door`: `ok` → result code 0 (the door buzzes), `refuse`
 * → result code 1 (Ring reached the handset, which did not open). Stays until changed.
 */
export type IntercomUnlockAnswer = 'ok' | 'refuse';

/** Fields Ring keeps in `general.v2` of a device document (the rest goes to `device.v1`). */
export interface AlarmGeneralFields {
  zid: string;
  name: string;
  deviceType: string;
  categoryId: number;
  [key: string]: unknown;
}

/** One Ring Alarm device document as sent over the location WebSocket. */
export interface AlarmDeviceDoc {
  general: { v2: AlarmGeneralFields };
  device: { v1: Record<string, unknown> };
}

/** The hub that owns the alarm devices of a location (`clap/tickets` asset + `base_stations` entry). */
export interface BaseStationRecord {
  id: number;
  /** Asset uuid, the `dst`/`src` of WebSocket messages. */
  uuid: string;
  kind: string;
  description: string;
  device_id: string;
  firmware_version: string;
  /** `online` or `offline`; mirrored into SessionInfo frames. */
  status: 'online' | 'offline';
}

export type LocationMode = 'home' | 'away' | 'disarmed' | 'disabled' | 'unset';

export interface LocationScenario {
  location_id: string;
  name: string;
  /** Location mode (`/api/v1/mode/location/{id}`). */
  mode: LocationMode;
  address?: Record<string, string>;
  baseStation?: BaseStationRecord;
  /** Cameras listed under `doorbots` (doorbells) and `stickup_cams` (everything else). */
  cameras: CameraRecord[];
  chimes: ChimeRecord[];
  /** Ring Intercom handsets, listed under `other` in ring_devices. */
  intercoms: IntercomRecord[];
  alarmDevices: AlarmDeviceDoc[];
}

export interface AccountScenario {
  email: string;
  password: string;
  twoFactorCode: string;
  /** Masked phone number shown in the 412 "code sent" answer. */
  phone: string;
  profileId: number;
  firstName: string;
  lastName: string;
}

export interface Scenario {
  account: AccountScenario;
  locations: LocationScenario[];
}

/** One REST request the emulator received (control calls excluded; secrets redacted). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/clients_api/doorbots/1/floodlight_light_on`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or raw text), with passwords, tokens and hardware ids redacted. */
  body: unknown;
  /** The Ring host the library addressed (from the redirect's header), when known. */
  host?: string;
  /** Epoch milliseconds. */
  time: number;
  /** Status the emulator answered with. */
  status?: number;
}

/** What `failNext` makes the next matching requests do. */
export interface Fault {
  /** Only requests with this method (GET, POST, ...) get the fault; default any. */
  method?: string;
  /** Answer with this status (default 500 unless only `delayMs` is given). */
  status?: number;
  /** Wait this long before answering (normally or with the fault status). */
  delayMs?: number;
  /** Answer 200 with a truncated, unparsable body. */
  malformed?: boolean;
  /** Answer with exactly these bytes (base64), with `status` (default 200) and `headers`: garbage, HTML, half a body. */
  rawBase64?: string;
  /** JSON body to send with `status` (default `{error: "emulated fault"}`). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type DetectionType =
  'human' | 'vehicle' | 'package' | 'other_motion' | 'motion' | 'loitering' | 'moving_vehicle' | 'package_delivery' | 'package_pickup' | (string & {});

export interface PushDelivery {
  /** Ding id as the library sees it (a string: json-bigint keeps big ids as strings). */
  dingId: string;
  snapshotUuid: string;
  /** How many connected push clients received and acknowledged the notification. */
  delivered: number;
}

/** An intercom ding has no snapshot (the handsets have no camera Ring snapshots). */
export interface IntercomDingDelivery {
  /** Ding id as the library sees it (a string: json-bigint keeps big ids as strings). */
  dingId: string;
  /** How many connected push clients received and acknowledged the notification. */
  delivered: number;
}
