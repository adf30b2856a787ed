/**
 * State changes of cameras and chimes, so the next `ring_devices` poll shows what a command or a
 * control call did (light on, siren on, offline, settings, snooze).
 */
import type { CameraRecord, ChimeRecord } from './types.js';
import { deepMerge, type PlainObject } from './merge.js';

/** Ring sounds a camera siren for 30 s unless it is switched off earlier. */
export const sirenSeconds = 30;

export function setLight(camera: CameraRecord, on: boolean): void {
  camera.led_status = on ? 'on' : 'off';
  camera.health = { ...camera.health, floodlight_on: on, white_led_on: on };
}

export function setSiren(camera: CameraRecord, on: boolean, now = Date.now()): void {
  camera.siren_status = on
    ? {
        started_at: new Date(now).toISOString(),
        duration: String(sirenSeconds),
        ends_at: new Date(now + sirenSeconds * 1000).toISOString(),
        seconds_remaining: sirenSeconds,
      }
    : { seconds_remaining: 0 };
  camera.health = { ...camera.health, siren_on: on };
}

/** `siren_status.seconds_remaining` counts down on Ring; recompute it for each answer. */
export function cameraView(camera: CameraRecord, now = Date.now()): CameraRecord {
  const endsAt = camera.siren_status?.ends_at;
  if (typeof endsAt !== 'string') return camera;
  const remaining = Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 1000));
  return { ...camera, siren_status: remaining > 0 ? { ...camera.siren_status, seconds_remaining: remaining } : { seconds_remaining: 0 } };
}

export function setCameraOffline(camera: CameraRecord, offline: boolean): void {
  camera.alerts = { ...camera.alerts, connection: offline ? 'offline' : 'online' };
  camera.health = { ...camera.health, connected: !offline };
}

export function setChimeOffline(chime: ChimeRecord, offline: boolean): void {
  chime.alerts = { ...chime.alerts, connection: offline ? 'offline' : 'online' };
}

/** `PUT /clients_api/doorbots/{id}` with `{doorbot:{settings}}`. */
export function mergeCameraSettings(camera: CameraRecord, settings: unknown): void {
  camera.settings = deepMerge(camera.settings, settings);
}

/** `PUT /clients_api/chimes/{id}` with `{chime: update}`. */
export function applyChimeUpdate(chime: ChimeRecord, update: unknown): void {
  const merged = deepMerge(chime as unknown as PlainObject, update);
  Object.assign(chime, merged);
}

/** `POST /clients_api/chimes/{id}/do_not_disturb` with `{time}` in minutes; no time clears it. */
export function snoozeChime(chime: ChimeRecord, minutes: number | undefined): void {
  chime.do_not_disturb = { seconds_left: minutes ? Math.round(minutes * 60) : 0 };
}

/** The `/devices/v1/devices/{id}/settings` document of a camera, derived from its record. */
export function cameraDeviceSettings(camera: CameraRecord): PlainObject {
  const chime = camera.settings.chime_settings;
  return {
    motion_settings: {
      motion_detection_enabled: camera.settings.motion_detection_enabled !== false,
      enable_audio: false,
      enable_ir_led: true,
      advanced_motion_detection_enabled: true,
      advanced_motion_detection_mode: 'human',
      advanced_motion_detection_human_only_mode: false,
      enable_indoor_mode: camera.camera_location_indoor === true,
    },
    chime_settings: chime ? { ...chime, enable_ext: false } : undefined,
    general_settings: { power_mode: camera.settings.power_mode ?? 'wired', enable_audio_recording: true },
    volume_settings: { doorbell_volume: 5, mic_volume: 8, voice_volume: 8 },
    vod_settings: { enable: true, toggled_at: '2024-03-01T10:00:00Z', use_cached_vod_domain: true },
  };
}

/** Settings PATCHes that the camera record also shows (what `ring_devices` readers look at). */
export function applyCameraDeviceSettings(camera: CameraRecord, patch: PlainObject): void {
  const motion = patch.motion_settings as PlainObject | undefined;
  if (motion && typeof motion.motion_detection_enabled === 'boolean') {
    camera.settings.motion_detection_enabled = motion.motion_detection_enabled;
  }
}

export function chimeDeviceSettings(chime: ChimeRecord): PlainObject {
  return { night_light_settings: chime.settings.night_light_settings ?? { light_sensor_enabled: false } };
}

export function applyChimeDeviceSettings(chime: ChimeRecord, patch: PlainObject): void {
  if (patch.night_light_settings) {
    chime.settings.night_light_settings = deepMerge(chime.settings.night_light_settings ?? { light_sensor_enabled: false }, patch.night_light_settings);
  }
}
