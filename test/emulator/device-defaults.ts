/**
 * Fills in the many fields Ring sends for cameras and chimes, so scenario files only need to say
 * what makes a device different (name, kind, battery, light, siren...). Field names and value
 * shapes follow ring-client-api's `ring-types.d.ts` (BaseCameraData, CameraData, ChimeData).
 */
import type { AccountScenario, CameraRecord, ChimeRecord } from './types.js';
import { deepMerge, type PlainObject } from './merge.js';

const demoAddress = { address: '1 Demo Street', latitude: 52.52, longitude: 13.405, time_zone: 'Europe/Berlin' };

/** Ring's device ids are MAC-like hex strings; derive a stable one from the numeric id. */
export function deviceIdFor(id: number): string {
  return (0x5c475e000000 + id).toString(16).padStart(12, '0');
}

function owner(account: AccountScenario): PlainObject {
  return { id: account.profileId, email: account.email, first_name: account.firstName, last_name: account.lastName };
}

function batteryPercent(camera: Partial<CameraRecord>): number | undefined {
  const raw = camera.battery_life;
  if (raw === null || raw === undefined) return undefined;
  const level = typeof raw === 'number' ? raw : Number.parseFloat(raw);
  return Number.isNaN(level) ? undefined : level;
}

/** Health fields the library and plugins read (`getHealth`, battery presence checks). */
export function cameraHealth(camera: CameraRecord): PlainObject {
  const battery = batteryPercent(camera);
  const online = camera.alerts.connection !== 'offline';
  return {
    device_type: camera.kind,
    last_update_time: Math.floor(Date.now() / 1000),
    connected: online,
    rss_connected: false,
    vod_enabled: true,
    sidewalk_connection: false,
    floodlight_on: camera.led_status === 'on',
    siren_on: (camera.siren_status?.seconds_remaining ?? 0) > 0,
    white_led_on: camera.led_status === 'on',
    night_mode_on: false,
    hatch_open: false,
    packet_loss: 0,
    packet_loss_category: 'good',
    rssi: -52,
    rssi_category: 'good',
    wifi_is_ring_network: false,
    supported_rpc_commands: [],
    ota_status: 'successful',
    network_connection_value: 'wifi',
    ac_power: battery === undefined ? 1 : 0,
    battery_present: battery !== undefined,
    external_connection: camera.external_connection ?? battery === undefined,
    ...(battery === undefined ? {} : { battery_percentage: battery, battery_voltage: 3900 }),
    battery_percentage_category: battery === undefined ? 'unknown' : battery > 20 ? 'very_good' : 'poor',
    battery_voltage_category: battery === undefined ? 'unknown' : 'very_good',
    second_battery_voltage_category: 'unknown',
    second_battery_percentage_category: 'unknown',
    battery_save: false,
    firmware_version: camera.firmware_version,
    firmware_version_status: 'Up to Date',
    tx_rate: 0,
  };
}

/** A complete camera record from the few fields a scenario gives. */
export function completeCamera(
  spec: Partial<CameraRecord> & Pick<CameraRecord, 'id' | 'description' | 'kind'>,
  locationId: string,
  account: AccountScenario,
): CameraRecord {
  const battery = batteryPercent(spec);
  const isDoorbell = spec.kind.startsWith('doorbell') || spec.kind.startsWith('lpd') || spec.kind.includes('doorbell');
  const defaults: PlainObject = {
    ...demoAddress,
    location_id: locationId,
    device_id: deviceIdFor(spec.id),
    firmware_version: 'Up to Date',
    created_at: '2024-03-01T10:00:00.000Z',
    deactivated_at: null,
    owned: true,
    owner: owner(account),
    ring_id: null,
    ring_net_id: null,
    stolen: false,
    is_sidewalk_gateway: false,
    subscribed: true,
    subscribed_motions: true,
    motion_snooze: null,
    night_mode_status: 'false',
    battery_life: null,
    external_connection: battery === undefined,
    alerts: { connection: 'online' },
    features: {
      motions_enabled: true,
      show_recordings: true,
      advanced_motion_enabled: true,
      people_only_enabled: true,
      shadow_correction_enabled: false,
      motion_message_enabled: false,
      night_vision_enabled: true,
    },
    settings: {
      enable_vod: true,
      motion_detection_enabled: true,
      live_view_disabled: false,
      power_mode: battery === undefined ? 'wired' : 'battery',
      doorbell_volume: isDoorbell ? 5 : 0,
      motion_announcement: false,
      stream_setting: 0,
      advanced_motion_detection_enabled: true,
      advanced_motion_detection_human_only_mode: false,
      luma_night_threshold: 3,
      enable_audio_recording: true,
      people_detection_eligible: false,
      motion_snooze_preset_profile: 'low',
      live_view_preset_profile: 'highest',
      live_view_presets: ['low', 'middle', 'high', 'highest'],
      motion_snooze_presets: ['null', 'low', 'medium', 'high'],
      motion_zones: { enable_audio: false, active_motion_filter: 1, sensitivity: 5, advanced_object_settings: {}, zone1: {}, zone2: {}, zone3: {} },
      video_settings: {},
      sheila_settings: { cv_processing_enabled: false, local_storage_enabled: false },
      server_settings: { ring_media_server_enabled: false },
      ...(spec.led_status === undefined
        ? {}
        : {
            floodlight_settings: { priority: 0, duration: 30, brightness: 10, always_on: false, always_on_duration: null },
          }),
    },
  };
  const camera = deepMerge(defaults, spec) as unknown as CameraRecord;
  camera.health = deepMerge(cameraHealth(camera), spec.health ?? {});
  return camera;
}

/** A complete chime record from the few fields a scenario gives. */
export function completeChime(spec: Partial<ChimeRecord> & Pick<ChimeRecord, 'id' | 'description' | 'kind'>, locationId: string, account: AccountScenario): ChimeRecord {
  const hasNightlight = spec.kind === 'chime_pro_v2';
  const defaults: PlainObject = {
    ...demoAddress,
    location_id: locationId,
    device_id: deviceIdFor(spec.id),
    firmware_version: 'Up to Date',
    owned: true,
    owner: owner(account),
    ring_id: null,
    stolen: false,
    features: { ringtones_enabled: true },
    alerts: { connection: 'online', rssi: 'good' },
    do_not_disturb: { seconds_left: 0 },
    settings: {
      volume: 5,
      ding_audio_user_id: 'ring_user_ding',
      ding_audio_id: null,
      motion_audio_user_id: 'ring_user_motion',
      motion_audio_id: null,
      ...(hasNightlight ? { night_light_settings: { light_sensor_enabled: true } } : {}),
    },
    ...(hasNightlight ? { night_light_state: 'off' } : {}),
  };
  return deepMerge(defaults, spec) as unknown as ChimeRecord;
}

/** `/clients_api/chimes/{id}/health` body. */
export function chimeHealth(chime: ChimeRecord): PlainObject {
  return {
    id: chime.id,
    wifi_name: 'DemoNet',
    battery_percentage: 'NA',
    battery_percentage_category: 'NA',
    battery_voltage: null,
    battery_voltage_category: 'NA',
    latest_signal_strength: -48,
    latest_signal_category: 'good',
    average_signal_strength: -50,
    average_signal_category: 'good',
    firmware: chime.firmware_version,
    updated_at: new Date().toISOString(),
    wifi_is_ring_network: false,
    packet_loss_category: 'good',
    packet_loss_strength: 0,
    connected: chime.alerts.connection !== 'offline',
  };
}

/** `/clients_api/doorbots/{id}/health` body (`device_health`). */
export function cameraDeviceHealth(camera: CameraRecord): PlainObject {
  const battery = batteryPercent(camera);
  return {
    id: camera.id,
    wifi_name: 'DemoNet',
    battery_percentage: battery ?? 'NA',
    battery_percentage_category: battery === undefined ? 'NA' : battery > 20 ? 'very_good' : 'poor',
    battery_voltage: battery === undefined ? null : 3900,
    battery_voltage_category: battery === undefined ? 'NA' : 'very_good',
    latest_signal_strength: -52,
    latest_signal_category: 'good',
    average_signal_strength: -55,
    average_signal_category: 'good',
    firmware: camera.firmware_version,
    updated_at: new Date().toISOString(),
    wifi_is_ring_network: false,
    packet_loss_category: 'good',
    packet_loss_strength: 0,
    transformer_voltage: battery === undefined ? 24 : 0,
    transformer_voltage_category: 'good',
    ext_power_state: battery === undefined ? 1 : 0,
    connected: camera.alerts.connection !== 'offline',
  };
}
