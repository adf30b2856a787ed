/**
 * What a broken or hostile Ring could send the plugin: push messages, location WebSocket frames
 * and REST answers, each made from a real one by mutation or from nothing at all.
 */
import type { Fault } from '../emulator/types.js';
import { damageText, mutate, randomJson, randomString } from './json-values.js';
import type { Rng } from './seeded-random.js';

/**
 * A push `message` from a real FCM message (`{data: {field: JSON string}}`). Most keep the
 * device id so they reach a camera's handler; some break the JSON of one field, hand over a
 * non-string, or are not shaped like a message at all.
 */
export function hostilePush(rng: Rng, real: Record<string, string>): unknown {
  const roll = rng.int(10);
  if (roll === 0) return randomJson(rng);
  if (roll === 1) return { data: randomJson(rng) };
  const data: Record<string, unknown> = { ...real };
  const field = rng.pick(Object.keys(real));
  if (roll === 2) {
    data[field] = damageText(real[field]!, rng);
  } else if (roll === 3) {
    data[field] = randomJson(rng);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(real[field]!) as unknown;
    } catch {
      // A plain string field (`version`): any other string.
      parsed = undefined;
    }
    // `data.device.id` routes the push to a camera; keep it on most so the plugin's reader runs.
    const keep = field === 'data' && rng.chance(0.8) ? ['device.id', 'device'] : [];
    data[field] = parsed === undefined ? randomString(rng) : JSON.stringify(mutate(parsed, rng, rng.range(1, 3), keep));
  }
  if (rng.chance(0.1)) data[randomString(rng).slice(0, 16)] = randomString(rng);
  return { data };
}

/** A location socket frame: a mutated real frame as text, damaged text, or raw bytes. */
export function hostileFrame(rng: Rng, real: readonly unknown[]): string | Buffer {
  const roll = rng.int(10);
  if (roll === 0) return rng.bytes(rng.range(1, 512));
  if (roll === 1) return JSON.stringify(randomJson(rng));
  const frame = rng.pick(real);
  if (roll === 2) return damageText(JSON.stringify(frame), rng);
  return JSON.stringify(mutate(frame, rng, rng.range(1, 3)));
}

/** Paths ring-client-api and the plugin call (the emulator matches by substring). */
export const REST_PATHS = [
  '/clients_api/ring_devices',
  '/clients_api/snapshots',
  '/clients_api/session',
  '/clients_api/locations',
  '/clients_api/dings',
  '/clients_api/doorbots',
  '/clients_api/chimes',
  '/api/v1/mode/location',
  '/api/v1/clap/tickets',
  '/oauth/token',
  '/ws',
] as const;

/**
 * A REST answer Ring should never give: garbage bytes, HTML, half a body, a well-formed body of
 * the wrong shape, a 500 or a 429 (with a sane or insane retry-after). Never a 401 on the token
 * endpoint: that is Ring revoking the sign-in, a different test.
 */
export function hostileFault(rng: Rng, answerOf: (path: string) => unknown): { pattern: string; fault: Fault } {
  const pattern = rng.pick(REST_PATHS);
  const made = faultFor(rng, pattern, answerOf(pattern));
  // A 200 from the token endpoint with a plausible new token is Ring rotating it, not garbage: a
  // wrong shape here always has a refresh token the plugin can tell is not one.
  if (pattern === '/oauth/token' && typeof made.fault.body === 'object' && made.fault.body !== null && !Array.isArray(made.fault.body)) {
    const body = made.fault.body as Record<string, unknown>;
    if (typeof body.refresh_token === 'string' && body.refresh_token !== '') {
      if (rng.chance(0.3)) delete body.refresh_token;
      else body.refresh_token = rng.pick([null, 42, '', {}, ['x']]);
    }
  }
  return made;
}

function faultFor(rng: Rng, pattern: string, real: unknown): { pattern: string; fault: Fault } {
  switch (rng.int(7)) {
    case 0:
      return { pattern, fault: { rawBase64: rng.bytes(rng.range(0, 300)).toString('base64') } };
    case 1:
      return { pattern, fault: { rawBase64: Buffer.from(rng.pick(['<html><body>502 Bad Gateway</body></html>', '', 'null', '[]', '"x"', '{"a":'])).toString('base64') } };
    case 2:
      return { pattern, fault: { status: 200, body: real === undefined ? randomJson(rng) : mutate(real, rng, rng.range(1, 4)) } };
    case 3:
      return { pattern, fault: { status: 200, body: randomJson(rng) } };
    case 4:
      return { pattern, fault: { status: rng.pick([500, 502, 503, 504]) } };
    // Small waits only: ring-client-api honours retry-after on session creation (200 s for a non-number).
    case 5:
      return { pattern, fault: { status: 429, headers: { 'retry-after': rng.pick(['0', '1', '-5', '']) } } };
    default:
      // A 4xx from the token endpoint means the sign-in is gone: not garbage, so not here.
      if (pattern === '/oauth/token') return { pattern, fault: { status: 503 } };
      return { pattern, fault: { status: rng.pick([400, 403, 404, 418]), body: randomJson(rng) } };
  }
}
