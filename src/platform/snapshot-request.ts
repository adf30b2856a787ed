import { timingSafeEqual } from 'node:crypto';

/**
 * Reading a request to the loopback snapshot server, as pure functions. Everything here takes what
 * came off the socket and never throws: a throw in an HTTP handler ends the whole Homebridge
 * process, so each malformed input must become an answer (400/403/404/405) instead.
 */

export const MAX_SIDE = 1920;
const MIN_SIDE = 16;
const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 360;

export type SnapshotRequest = { ok: true; deviceId: string; width: number; height: number } | { ok: false; status: 400 | 404 | 405 };

/** Whether the key header matches, in constant time. Checked before anything else of the request is read. */
export function keyMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** decodeURIComponent that says "no" instead of throwing on a broken escape like `%E0%A4%A`. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A side from the query: a number clamped to what Ring and sharp handle, or the fallback. */
export function sideOf(raw: string | null, fallback: number): number {
  const value = raw === null ? NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.round(value))) : fallback;
}

/**
 * What a request asks for. Only origin-form targets (`/snapshot/<id>?width=&height=`) are read;
 * the target is split by hand rather than given to `new URL`, which throws on inputs such as
 * `http://[zz/`.
 */
export function readSnapshotRequest(method: string | undefined, target: string | undefined): SnapshotRequest {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  if (typeof target !== 'string' || !target.startsWith('/')) return { ok: false, status: 400 };
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const match = /^\/snapshot\/([^/]+)$/.exec(path);
  if (!match) return { ok: false, status: 404 };
  const deviceId = safeDecode(match[1]!);
  if (deviceId === undefined) return { ok: false, status: 400 };
  // URLSearchParams does not throw: a broken escape in the query stays as text and falls back.
  const query = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  return { ok: true, deviceId, width: sideOf(query.get('width'), DEFAULT_WIDTH), height: sideOf(query.get('height'), DEFAULT_HEIGHT) };
}
