import type { DetectionType } from '../config/device-kinds.js';

/** A Ring push notification reduced to what the plugin acts on. */
export interface RingCameraEvent {
  kind: 'ding' | 'motion';
  /** Present for motion with a smart-detection type. */
  detectionType?: DetectionType;
  /** The image Ring captured for this event, if it sent one. */
  snapshotUuid?: string;
  dingId?: string;
}

const DING = 'com.ring.pn.live-event.ding';
const MOTION = 'com.ring.pn.live-event.motion';

/** Ring's detection words (ding.detection_type, ding.subtype, eventito.type, analytics.subcategory). */
export function detectionTypeOf(word: string | undefined): DetectionType | undefined {
  if (!word) {
    return undefined;
  }
  const w = word.toLowerCase();
  if (w === 'human' || w === 'person' || w.includes('loiter')) {
    return 'person';
  }
  if (w.includes('vehicle') || w === 'car') {
    return 'vehicle';
  }
  if (w.includes('package')) {
    return 'package';
  }
  if (w === 'motion' || w === 'ding') {
    return undefined;
  }
  return 'other';
}

interface LooseNotification {
  android_config?: { category?: string };
  analytics?: { subcategory?: string };
  data?: { event?: { ding?: { id?: unknown; detection_type?: string; subtype?: string }; eventito?: { type?: string } } };
  img?: { snapshot_uuid?: string };
}

/** Reads a PushNotificationDingV2; anything else (alarm pushes, unknown categories) is not a camera event. */
export function readCameraEvent(notification: unknown): RingCameraEvent | undefined {
  const n = notification as LooseNotification;
  const category = n?.android_config?.category;
  if (category !== DING && category !== MOTION) {
    return undefined;
  }
  const ding = n.data?.event?.ding;
  const word = ding?.detection_type ?? ding?.subtype ?? n.data?.event?.eventito?.type ?? n.analytics?.subcategory;
  return {
    kind: category === DING ? 'ding' : 'motion',
    detectionType: category === MOTION ? detectionTypeOf(word) : undefined,
    snapshotUuid: n.img?.snapshot_uuid || undefined,
    dingId: ding?.id === undefined ? undefined : String(ding.id),
  };
}
