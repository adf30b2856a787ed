import type { DetectionType } from '../config/device-kinds.js';

/** What Ring's detector said: one of our types, or `unknown` (see SeenDetection in the privacy types). */
export type ReadDetection = DetectionType | 'unknown';

/** A Ring push notification reduced to what the plugin acts on. */
export interface RingCameraEvent {
  kind: 'ding' | 'motion';
  /** Present for a motion Ring classified; `unknown` when it used a word we do not know. */
  detectionType?: ReadDetection;
  /** The image Ring captured for this event, if it sent one. */
  snapshotUuid?: string;
  dingId?: string;
}

const DING = 'com.ring.pn.live-event.ding';
const MOTION = 'com.ring.pn.live-event.motion';
const INTERCOM_DING = 'com.ring.pn.live-event.intercom';

/** Ring's words for a plain event, without any classification. */
const PLAIN_WORDS = new Set(['motion', 'ding', 'null', 'stream_broken', '']);
const KNOWN_WORDS: Record<string, DetectionType> = {
  human: 'person',
  person: 'person',
  loitering: 'person',
  vehicle: 'vehicle',
  moving_vehicle: 'vehicle',
  car: 'vehicle',
  package: 'package',
  package_delivery: 'package',
  package_pickup: 'package',
  other_motion: 'other',
};

/**
 * One of Ring's detection words (ding.detection_type, ding.subtype, eventito.type,
 * analytics.subcategory). A word we do not know, or a value that is not a word at all, is
 * `unknown`: Ring may add detections (animals, faces…) and a rule about people must not let them
 * through unseen. Absent, null and the plain words mean "no classification".
 */
export function detectionTypeOf(word: unknown): ReadDetection | undefined {
  if (word === undefined || word === null) return undefined;
  if (typeof word !== 'string') return 'unknown';
  const w = word.trim().toLowerCase();
  if (PLAIN_WORDS.has(w)) return undefined;
  return KNOWN_WORDS[w] ?? 'unknown';
}

/** Reads a PushNotificationDingV2; anything else (alarm pushes, unknown categories) is not a camera event. */
export function readCameraEvent(notification: unknown): RingCameraEvent | undefined {
  const category = field(field(notification, 'android_config'), 'category');
  if (category !== DING && category !== MOTION) {
    return undefined;
  }
  const event = field(field(notification, 'data'), 'event');
  const ding = field(event, 'ding');
  const id = field(ding, 'id');
  const uuid = field(field(notification, 'img'), 'snapshot_uuid');
  return {
    kind: category === DING ? 'ding' : 'motion',
    detectionType:
      category === MOTION
        ? firstClassified([
            field(ding, 'detection_type'),
            field(ding, 'subtype'),
            field(field(event, 'eventito'), 'type'),
            field(field(notification, 'analytics'), 'subcategory'),
          ])
        : undefined,
    snapshotUuid: typeof uuid === 'string' && uuid !== '' ? uuid : undefined,
    dingId: typeof id === 'string' || typeof id === 'number' || typeof id === 'bigint' ? String(id) : undefined,
  };
}

/**
 * Reads an intercom press (PushNotificationDingV2 of the intercom category): its ding id, if it
 * has one. Anything else (an unlock, another category) is not a press.
 */
export function readIntercomDing(notification: unknown): { dingId?: string } | undefined {
  if (field(field(notification, 'android_config'), 'category') !== INTERCOM_DING) return undefined;
  const id = field(field(field(field(notification, 'data'), 'event'), 'ding'), 'id');
  return typeof id === 'string' || typeof id === 'number' || typeof id === 'bigint' ? { dingId: String(id) } : {};
}

/** The first field, in Ring's order of precedence, that classifies the motion at all. */
function firstClassified(words: unknown[]): ReadDetection | undefined {
  for (const word of words) {
    const type = detectionTypeOf(word);
    if (type !== undefined) return type;
  }
  return undefined;
}

/** A property of something that may not be an object at all (pushes come from the network). */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
