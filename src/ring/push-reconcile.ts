import { detectionTypeOf, type ReadDetection } from './notifications.js';

/**
 * Reconciliation with Ring's history: Ring lists every doorbell press and motion event of a
 * location (GET clients_api/locations/<id>/events), whether or not its push ever reached us. An
 * event in that list whose ding id never arrived by push is a missed push. Everything here is a
 * pure function of the history, what arrived, and the time; the reading and the timers are in
 * push-reconciler.ts.
 */

/** One event of Ring's history, reduced to what reconciliation needs. */
export interface HistoryEvent {
  dingId: string;
  cameraId: string;
  kind: 'ding' | 'motion';
  /** Epoch ms, from Ring's clock. */
  createdAt: number;
  detectionType?: ReadDetection;
}

/**
 * A push arrives within seconds of its event; after this long without it, it is missed. Ring's
 * history can list an event a moment before its push goes out, so this is generous.
 */
export const MISS_GRACE_MS = 20_000;
/**
 * Only events this recent are looked at: older ones could have arrived before the intake's memory
 * of ding ids begins (push-dedupe.ts keeps them ten minutes), and would be reported as missed.
 */
export const LOOKBACK_MS = 5 * 60_000;
/** Events asked for per read: a location rarely has more in LOOKBACK_MS. */
export const HISTORY_LIMIT = 20;

const PUSHED_KINDS = new Set(['ding', 'motion']);

/**
 * The response of `location.getCameraEvents()` as history events. Anything malformed is skipped:
 * a missing id cannot be matched, and other kinds (live views, `on_demand`) never come by push.
 * `ding_id_str` is preferred: `ding_id` is a 19-digit number that JSON.parse rounds.
 */
export function readHistoryEvents(response: unknown): HistoryEvent[] {
  const events = isObject(response) && Array.isArray(response.events) ? (response.events as unknown[]) : [];
  const read: HistoryEvent[] = [];
  for (const raw of events) {
    if (!isObject(raw) || typeof raw.kind !== 'string' || !PUSHED_KINDS.has(raw.kind)) continue;
    const dingId = typeof raw.ding_id_str === 'string' && raw.ding_id_str !== '' ? raw.ding_id_str : typeof raw.ding_id === 'string' ? raw.ding_id : undefined;
    const cameraId = typeof raw.doorbot_id === 'number' || typeof raw.doorbot_id === 'string' ? String(raw.doorbot_id) : undefined;
    const createdAt = typeof raw.created_at === 'string' ? Date.parse(raw.created_at) : NaN;
    if (!dingId || !cameraId || !Number.isFinite(createdAt)) continue;
    const kind = raw.kind as HistoryEvent['kind'];
    const cv = isObject(raw.cv_properties) ? raw.cv_properties : undefined;
    const detectionType = kind === 'motion' ? detectionTypeOf(cv?.detection_type) : undefined;
    read.push({ dingId, cameraId, kind, createdAt, ...(detectionType !== undefined && { detectionType }) });
  }
  return read;
}

export interface MissQuery {
  events: readonly HistoryEvent[];
  /** Whether a ding id arrived by push (or was already handled another way). */
  arrived: (dingId: string) => boolean;
  /** Whether a ding id was already reported as missed. */
  reported: (dingId: string) => boolean;
  /** Cameras whose pushes the plugin handles; the others' pushes are not counted and cannot be missed. */
  cameras: ReadonlySet<string>;
  /** When the plugin began listening: an event before it was never ours to receive. */
  since: number;
  now: number;
  graceMs?: number;
  lookbackMs?: number;
}

/**
 * The events that should have arrived by push and did not, oldest first, each once. An event is
 * missed when it is of a watched camera, happened after `since`, is past the grace window but
 * within the lookback, and its ding id neither arrived nor was reported before. An event in the
 * future (Ring's clock ahead of ours) is simply not past its grace yet.
 */
export function findMissed(query: MissQuery): HistoryEvent[] {
  const grace = query.graceMs ?? MISS_GRACE_MS;
  const lookback = query.lookbackMs ?? LOOKBACK_MS;
  const seen = new Set<string>();
  return query.events
    .filter((event) => {
      if (seen.has(event.dingId)) return false;
      seen.add(event.dingId);
      const age = query.now - event.createdAt;
      return (
        query.cameras.has(event.cameraId) &&
        event.createdAt >= query.since &&
        age >= grace &&
        age <= lookback &&
        !query.arrived(event.dingId) &&
        !query.reported(event.dingId)
      );
    })
    .sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Whether a missed event is still worth showing: only a doorbell press (a motion seen a minute late
 * only misleads), and only within `lateDingSeconds` of the press (0: never).
 */
export function deliversLate(event: HistoryEvent, now: number, lateDingSeconds: number): boolean {
  return event.kind === 'ding' && lateDingSeconds > 0 && now - event.createdAt <= lateDingSeconds * 1000;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
