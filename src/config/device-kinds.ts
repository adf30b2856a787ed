/**
 * The vocabulary of device kinds shared by the config (hiding), the privacy policy (selectors),
 * the accessories and the settings panel. Ring's own kind strings are mapped onto it in one place
 * (src/ring/classify.ts).
 */
export const CAMERA_KINDS = ['doorbell', 'indoor-camera', 'outdoor-camera', 'floodlight-camera', 'spotlight-camera'] as const;
/** Ring Alarm devices that sense something (the privacy policy's `sensor` group). */
export const SENSOR_KINDS = [
  'contact-sensor',
  'motion-sensor',
  'flood-freeze-sensor',
  'smoke-co-sensor',
  'smoke-sensor',
  'co-sensor',
  'temperature-sensor',
] as const;
export const ALARM_KINDS = ['security-panel', ...SENSOR_KINDS, 'keypad', 'base-station', 'other-alarm-device'] as const;
export const DEVICE_KINDS = [...CAMERA_KINDS, 'chime', ...ALARM_KINDS] as const;

export type CameraKind = (typeof CAMERA_KINDS)[number];
export type AlarmKind = (typeof ALARM_KINDS)[number];
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const isCameraKind = (kind: string): kind is CameraKind => (CAMERA_KINDS as readonly string[]).includes(kind);
export const isAlarmKind = (kind: string): kind is AlarmKind => (ALARM_KINDS as readonly string[]).includes(kind);

/** Ring's smart detections, in our words. */
export const DETECTION_TYPES = ['person', 'vehicle', 'package', 'other'] as const;
export type DetectionType = (typeof DETECTION_TYPES)[number];
