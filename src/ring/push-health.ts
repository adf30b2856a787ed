import type { PushHealthState, PushHealthStatus } from '../config/plugin-status.js';

/**
 * How Ring's push channel is doing, from what the plugin can see of it: the receiver's connection
 * events (push-connection-watch.ts), its heartbeats, and the pushes themselves.
 *
 * Silence alone is weak evidence: a camera with nothing in front of it sends nothing all night. The
 * FCM receiver, though, exchanges a heartbeat every 5 minutes and reconnects after 10 without one,
 * so a connected channel with no sign of life (connection, heartbeat or push) for 15 minutes has
 * stopped working the way it should.
 *
 *   healthy   connected, and a sign of life within SILENT_AFTER_MS
 *   degraded  still connecting (first STARTUP_GRACE_MS), reconnecting (disconnected less than
 *             DOWN_AFTER_DISCONNECTED_MS), silent longer than SILENT_AFTER_MS, or the connection
 *             cannot be observed at all (only pushes are counted then)
 *   down      disconnected for DOWN_AFTER_DISCONNECTED_MS or more, or never connected after the
 *             startup grace
 */
export const STARTUP_GRACE_MS = 2 * 60_000;
export const DOWN_AFTER_DISCONNECTED_MS = 60_000;
export const SILENT_AFTER_MS = 15 * 60_000;
/** A push missed (push-reconcile.ts) this recently keeps a connected channel degraded. */
export const MISS_DEGRADES_MS = 10 * 60_000;
const DAY_MS = 24 * 3_600_000;

/** The numbers the state is derived from (epoch ms). */
export interface PushHealthCounts {
  startedAt: number;
  /** False when the receiver's connection events cannot be seen (an unexpected library version). */
  observable: boolean;
  /** Undefined until the receiver reported anything. */
  connected?: boolean;
  /** When `connected` last changed. */
  changedAt?: number;
  lastHeartbeatAt?: number;
  lastPushAt?: number;
  receivedByCamera: Record<string, number>;
  duplicatesDropped: number;
  /** When each miss was found (newest last), kept for a day: the panel shows misses in 24 h. */
  missedAt?: number[];
  lastRecovery?: { at: number; kind: 'restart' | 'fresh-registration' };
  recoveries?: number;
}

/** The newest sign that the channel works, if any. */
export function lastSignOfLife(counts: PushHealthCounts): number | undefined {
  const times = [counts.connected ? counts.changedAt : undefined, counts.lastHeartbeatAt, counts.lastPushAt].filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** A pure function of the numbers and the time. */
export function pushHealthState(counts: PushHealthCounts, now: number, downAfterMs = DOWN_AFTER_DISCONNECTED_MS): { state: PushHealthState; reason: string } {
  if (!counts.observable) return { state: 'degraded', reason: 'connection not observable; pushes counted only' };
  if (counts.connected === undefined) {
    return now - counts.startedAt < STARTUP_GRACE_MS ? { state: 'degraded', reason: 'connecting' } : { state: 'down', reason: 'never connected' };
  }
  if (!counts.connected) {
    const since = counts.changedAt ?? counts.startedAt;
    return now - since < downAfterMs ? { state: 'degraded', reason: 'reconnecting' } : { state: 'down', reason: 'disconnected' };
  }
  const lastMiss = counts.missedAt?.at(-1);
  if (lastMiss !== undefined && now - lastMiss < MISS_DEGRADES_MS) return { state: 'degraded', reason: 'pushes missed' };
  const life = lastSignOfLife(counts) ?? counts.startedAt;
  return now - life < SILENT_AFTER_MS ? { state: 'healthy', reason: 'connected' } : { state: 'degraded', reason: 'connected but silent' };
}

const iso = (time: number | undefined): string | undefined => (time === undefined ? undefined : new Date(time).toISOString());

/** What goes into the status file. */
export function pushHealthStatus(counts: PushHealthCounts, now: number, downAfterMs = DOWN_AFTER_DISCONNECTED_MS): PushHealthStatus {
  const { state, reason } = pushHealthState(counts, now, downAfterMs);
  return {
    state,
    reason,
    connected: counts.observable ? (counts.connected ?? false) : undefined,
    lastPushAt: iso(counts.lastPushAt),
    lastSignOfLifeAt: iso(lastSignOfLife(counts)),
    receivedByCamera: { ...counts.receivedByCamera },
    received: Object.values(counts.receivedByCamera).reduce((sum, n) => sum + n, 0),
    duplicatesDropped: counts.duplicatesDropped,
    missed24h: (counts.missedAt ?? []).filter((at) => now - at < DAY_MS).length,
    lastMissAt: iso(counts.missedAt?.at(-1)),
    lastRecoveryAt: iso(counts.lastRecovery?.at),
    lastRecoveryKind: counts.lastRecovery?.kind,
    recoveries: counts.recoveries ?? 0,
  };
}

/** Counts as events come; each change is reported so the status file can follow. */
export class PushHealthTracker {
  private readonly counts: PushHealthCounts;

  constructor(
    startedAt: number,
    private readonly onChange: () => void = () => undefined,
    /** How long a disconnection lasts before the channel is down (shorter only in end-to-end tests). */
    private readonly downAfterMs = DOWN_AFTER_DISCONNECTED_MS,
  ) {
    this.counts = { startedAt, observable: true, receivedByCamera: {}, duplicatesDropped: 0 };
  }

  unobservable(): void {
    this.counts.observable = false;
    this.onChange();
  }

  connection(connected: boolean, now: number): void {
    if (this.counts.connected !== connected) {
      this.counts.connected = connected;
      this.counts.changedAt = now;
    } else if (connected) {
      // A reconnect the library did not announce a drop for (ON_READY after ON_CONNECT): alive.
      this.counts.lastHeartbeatAt = now;
    }
    this.onChange();
  }

  heartbeat(now: number): void {
    this.counts.lastHeartbeatAt = now;
    this.onChange();
  }

  received(cameraId: string, now: number): void {
    this.counts.receivedByCamera[cameraId] = (this.counts.receivedByCamera[cameraId] ?? 0) + 1;
    this.counts.lastPushAt = now;
    this.onChange();
  }

  duplicate(now: number): void {
    this.counts.duplicatesDropped += 1;
    // A duplicate still shows the channel delivers.
    this.counts.lastHeartbeatAt = now;
    this.onChange();
  }

  /** Pushes found missing in Ring's history (push-reconcile.ts). */
  missed(count: number, now: number): void {
    if (count <= 0) return;
    const kept = (this.counts.missedAt ?? []).filter((at) => now - at < DAY_MS);
    for (let i = 0; i < count; i++) kept.push(now);
    this.counts.missedAt = kept;
    this.onChange();
  }

  /** The receiver was restarted (push-recovery.ts). */
  recovered(kind: 'restart' | 'fresh-registration', now: number): void {
    this.counts.lastRecovery = { at: now, kind };
    this.counts.recoveries = (this.counts.recoveries ?? 0) + 1;
    this.onChange();
  }

  status(now: number): PushHealthStatus {
    return pushHealthStatus(this.counts, now, this.downAfterMs);
  }

  get snapshot(): Readonly<PushHealthCounts> {
    return this.counts;
  }
}
