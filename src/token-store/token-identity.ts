import { createHash } from 'node:crypto';

/**
 * How tokens are recognised without ever being logged or stored twice.
 *
 * ring-client-api wraps Ring's raw refresh token as base64 JSON `{rt, hid, pnc?}`, and accepts the raw
 * form as well. The wrapped form changes when push credentials are added while `rt` stays the same,
 * so identity is the inner `rt`: the raw and wrapped forms of one token are the same token.
 */

/** Characters of the sha256 hex digest kept: 48 bits, enough to tell apart the handful of tokens we track. */
const FINGERPRINT_HEX_LENGTH = 12;

/** Ring's raw refresh token inside a (possibly) wrapped token string; the string itself when it is raw. */
export function innerRefreshToken(token: string): string {
  // Mirrors ring-client-api's parseAuthConfig: base64 JSON with a truthy `rt`, else the raw token.
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('ascii'));
    if (decoded && typeof decoded === 'object' && 'rt' in decoded) {
      const rt = (decoded as { rt: unknown }).rt;
      if (typeof rt === 'string' && rt.length > 0) return rt;
    }
  } catch {
    // not wrapped
  }
  return token;
}

/** A short, non-reversible name for a token, safe for logs and for the sidecar's lineage. */
export function fingerprint(token: string): string {
  return createHash('sha256').update(innerRefreshToken(token), 'utf8').digest('hex').slice(0, FINGERPRINT_HEX_LENGTH);
}

/** True when both strings carry the same Ring refresh token (raw or wrapped, with or without push credentials). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a === b || innerRefreshToken(a) === innerRefreshToken(b);
}

/** Longer than any token Ring or ring-client-api makes (a wrapped token with push credentials is ~2 kB). */
const MAX_TOKEN_LENGTH = 16_384;
/** Whitespace and control characters: never part of a token. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNSAFE_CHARACTERS = /[\s\u0000-\u001f\u007f]/;

/**
 * Whether a string can be a refresh token worth saving. ring-client-api takes any 200 from Ring's
 * oauth endpoint and wraps whatever `refresh_token` it held: a garbage answer becomes a wrapped
 * token without a usable `rt`, which Ring refuses at the next start. Saving it over a good token
 * would lose the sign-in, so such a token is never saved.
 */
export function isUsableToken(token: unknown): token is string {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH || UNSAFE_CHARACTERS.test(token)) return false;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return true; // a raw token
  }
  if (typeof decoded !== 'object' || decoded === null) return true; // base64 of a JSON scalar: still a raw token
  const rt = (decoded as { rt?: unknown }).rt;
  return typeof rt === 'string' && rt.length > 0 && !UNSAFE_CHARACTERS.test(rt);
}
