/**
 * Builds the FCM data message Ring sends for a doorbell press or a motion event
 * (PushNotificationDingV2 in ring-types.d.ts). FCM delivers `message.data` as a map of strings:
 * every top-level field is itself a JSON string, which the library parses with json-bigint; the
 * ding id is a 19-digit number that json-bigint turns into a string.
 */
import { randomUUID } from 'node:crypto';
import type { CameraRecord, DetectionType, IntercomRecord } from './types.js';

export const pushCategory = {
  ding: 'com.ring.pn.live-event.ding',
  motion: 'com.ring.pn.live-event.motion',
  /** PushNotificationAction.IntercomDing: the library hands it to the RingIntercom, whose onDing fires. */
  intercomDing: 'com.ring.pn.live-event.intercom',
} as const;

/** Short names accepted by the control API, mapped to the detection types Ring's cv settings use. */
const detectionAliases: Record<string, string> = {
  vehicle: 'moving_vehicle',
  package: 'package_delivery',
  person: 'human',
};

export function normalizeDetectionType(type: DetectionType | undefined): string {
  const value = type ?? 'human';
  return detectionAliases[value] ?? value;
}

function notificationBody(kind: 'ding' | 'motion', detection: string, cameraName: string): string {
  if (kind === 'ding') return `Someone is at your ${cameraName}`;
  switch (detection) {
    case 'human':
      return `There is a person at your ${cameraName}`;
    case 'moving_vehicle':
      return `There is a vehicle at your ${cameraName}`;
    case 'package_delivery':
      return `A package was delivered at your ${cameraName}`;
    case 'package_pickup':
      return `A package was picked up at your ${cameraName}`;
    case 'loitering':
      return `Someone is lingering at your ${cameraName}`;
    default:
      return `There is motion at your ${cameraName}`;
  }
}

let dingSequence = 0;

/** A 19-digit decimal id, unique within the process, like Ring's ding ids. */
export function nextDingId(now = Date.now()): string {
  dingSequence = (dingSequence + 1) % 1000;
  return `7${String(now).padStart(15, '0')}${String(dingSequence).padStart(3, '0')}`;
}

export interface BuiltNotification {
  dingId: string;
  snapshotUuid: string;
  /** `message.data` as FCM delivers it: every value a string. */
  data: Record<string, string>;
}

/** Embeds the ding id as a bare JSON number (not a quoted string), as Ring does. */
function stringifyWithBigId(value: unknown, dingId: string): string {
  return JSON.stringify(value).replace(`"@@ding-id@@"`, dingId);
}

export function buildDingNotification(options: { camera: CameraRecord; kind: 'ding' | 'motion'; detectionType?: DetectionType; now?: number }): BuiltNotification {
  const { camera, kind } = options;
  const detection = kind === 'ding' ? 'ding' : normalizeDetectionType(options.detectionType);
  const snapshotUuid = randomUUID();
  return {
    ...buildEventNotification({
      device: { id: camera.id, kind: camera.kind, name: camera.description, e2ee_enabled: camera.e2ee_enabled === true },
      locationId: camera.location_id,
      category: kind === 'ding' ? pushCategory.ding : pushCategory.motion,
      body: notificationBody(kind, detection, camera.description),
      subtype: kind === 'ding' ? 'ding' : detection,
      detectionType: kind === 'motion' ? detection : undefined,
      img: { snapshot_uuid: snapshotUuid },
      now: options.now,
    }),
    snapshotUuid,
  };
}

/** A press on a Ring Intercom handset: the camera ding's fields, the intercom category, and no snapshot. */
export function buildIntercomDingNotification(options: { intercom: IntercomRecord; now?: number }): Omit<BuiltNotification, 'snapshotUuid'> {
  const { intercom } = options;
  return buildEventNotification({
    device: { id: intercom.id, kind: intercom.kind, name: intercom.description, e2ee_enabled: false },
    locationId: intercom.location_id,
    category: pushCategory.intercomDing,
    body: `Someone is ringing your ${intercom.description}`,
    subtype: 'ding',
    now: options.now,
  });
}

interface EventNotificationParts {
  device: { id: number; kind: string; name: string; e2ee_enabled: boolean };
  locationId: string;
  category: string;
  body: string;
  subtype: string;
  detectionType?: string;
  img?: { snapshot_uuid: string };
  now?: number;
}

function buildEventNotification(parts: EventNotificationParts): Omit<BuiltNotification, 'snapshotUuid'> {
  const now = parts.now ?? Date.now();
  const dingId = nextDingId(now);
  const data = {
    device: parts.device,
    event: {
      ding: {
        id: '@@ding-id@@',
        created_at: new Date(now).toISOString(),
        subtype: parts.subtype,
        ...(parts.detectionType === undefined ? {} : { detection_type: parts.detectionType }),
      },
      eventito: { type: parts.subtype, timestamp: now },
      riid: randomUUID().replace(/-/g, ''),
      is_sidewalk: false,
      live_session: {
        streaming_data_hash: randomUUID().replace(/-/g, ''),
        active_streaming_profile: 'rms',
        default_audio_route: 'speaker',
        max_duration: 600,
      },
    },
    location: { id: parts.locationId },
  };
  return {
    dingId,
    data: {
      version: '2.0.0',
      android_config: JSON.stringify({ category: parts.category, body: parts.body }),
      analytics: stringifyWithBigId(
        {
          server_correlation_id: randomUUID(),
          server_id: 'com.ring.pns',
          subcategory: parts.subtype,
          triggered_at: now,
          sent_at: now,
          referring_item_type: 'ding',
          referring_item_id: '@@ding-id@@',
        },
        dingId,
      ),
      data: stringifyWithBigId(data, dingId),
      ...(parts.img ? { img: JSON.stringify(parts.img) } : {}),
    },
  };
}
