/** What the camera can do right now, as plain facts. */
export interface CameraSnapshotFacts {
  offline: boolean;
  /** Ring refuses snapshots: motion detection off (often a Ring Mode), or end-to-end encryption. */
  blocked: boolean;
  onBattery: boolean;
}

export interface SnapshotCacheState {
  /** When the cached image was taken (ms), if there is one. */
  cachedAt?: number;
  /** When the camera was last asked for a fresh image (ms). */
  lastFetchAt?: number;
  /** An event fetch is in flight or finished within the event window. */
  eventPending: boolean;
}

export interface SnapshotTimings {
  cacheMs: number;
  batteryIntervalMs: number;
}

export type SnapshotPlan = { kind: 'unavailable'; reason: 'offline' | 'blocked' } | { kind: 'await-event' } | { kind: 'cache' } | { kind: 'fetch' };

/**
 * Decides how to answer a snapshot request. An unavailable camera never shows its last image as
 * if it were current; a battery camera is not woken more often than its interval.
 */
export function planSnapshot(facts: CameraSnapshotFacts, state: SnapshotCacheState, timings: SnapshotTimings, now: number): SnapshotPlan {
  if (facts.offline) {
    return { kind: 'unavailable', reason: 'offline' };
  }
  if (facts.blocked) {
    return { kind: 'unavailable', reason: 'blocked' };
  }
  if (state.eventPending) {
    return { kind: 'await-event' };
  }
  const hasCache = state.cachedAt !== undefined;
  if (hasCache && now - state.cachedAt! < timings.cacheMs) {
    return { kind: 'cache' };
  }
  if (facts.onBattery && hasCache && state.lastFetchAt !== undefined && now - state.lastFetchAt < timings.batteryIntervalMs) {
    return { kind: 'cache' };
  }
  return { kind: 'fetch' };
}
