/** When a running live view must end on its own: the pure check the session's watchdog runs every tick. */

export interface SessionLimits {
  /** The longest a live view may run. */
  maxMs: number;
  /** The longest the Home app may stay silent (no RTCP, no audio) before the stream counts as abandoned. */
  idleMs: number;
  /** The longest Ring may take from answering to the first video packet. */
  firstVideoMs: number;
}

export interface SessionClock {
  startedAt: number;
  /** Last datagram of any kind from the controller. */
  lastHeardAt: number;
  answeredAt?: number;
  firstVideoAt?: number;
}

export function expiredReason(now: number, clock: SessionClock, limits: SessionLimits): string | undefined {
  if (now - clock.startedAt >= limits.maxMs) {
    return `the maximum live view duration (${Math.round(limits.maxMs / 1000)} s) was reached`;
  }
  if (now - clock.lastHeardAt >= limits.idleMs) {
    return `the Home app stopped sending for ${Math.round((now - clock.lastHeardAt) / 1000)} s (viewer gone)`;
  }
  if (clock.answeredAt !== undefined && clock.firstVideoAt === undefined && now - clock.answeredAt >= limits.firstVideoMs) {
    return `Ring answered but sent no video within ${Math.round(limits.firstVideoMs / 1000)} s`;
  }
  return undefined;
}

/** How often sender reports go to HomeKit: its requested RTCP interval, kept between 0.5 and 5 s. */
export function rtcpIntervalMs(requestedSeconds: number): number {
  const ms = Number.isFinite(requestedSeconds) && requestedSeconds > 0 ? requestedSeconds * 1000 : 500;
  return Math.min(5000, Math.max(500, Math.round(ms)));
}
