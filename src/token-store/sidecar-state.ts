import { fingerprint, sameToken } from './token-identity.js';

/**
 * The sidecar file's content and its pure transitions. The sidecar is the source of truth for the
 * newest refresh token; config.json is a copy that the Homebridge UI may overwrite with an old one.
 *
 * It remembers fingerprints (never tokens) of earlier tokens so that an old token seen in
 * config.json later can be told apart from a new sign-in:
 * - `lineage`: tokens this store replaced, newest first, bounded.
 * - `signIns`: tokens that came from config.json (sign-ins). A read-only config.json keeps its
 *   sign-in token for good, long after it has left the bounded lineage, so these are kept apart.
 *
 * `generation` counts sign-ins and sign-outs. Rotations keep it; a sign-in or sign-out, made by
 * any process, raises it. A process that finds a higher generation on disk than the one its
 * connection belongs to knows that connection was signed out of or replaced, and writes none of
 * its tokens again (see sidecar-reconcile.ts).
 */
export interface SidecarState {
  refreshToken?: string;
  /** ISO time the current token was received. */
  issuedAt?: string;
  lineage: string[];
  signIns: string[];
  generation: number;
}

export const SIDECAR_FORMAT_VERSION = 1;
// 100 written tokens: at the usual hourly rotation, a settings form or backup up to ~4 days old is still
// recognised as stale. Fingerprints are 12 hex characters, so the file stays small (~2 KB).
export const DEFAULT_LINEAGE_LENGTH = 100;
const SIGN_IN_MEMORY = 20;

export class SidecarParseError extends Error {
  override readonly name = 'SidecarParseError';
}

export function emptySidecar(): SidecarState {
  return { lineage: [], signIns: [], generation: 0 };
}

export function parseSidecar(text: string): SidecarState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SidecarParseError('token sidecar is not valid JSON');
  }
  if (!raw || typeof raw !== 'object') throw new SidecarParseError('token sidecar is not a JSON object');
  const data = raw as Record<string, unknown>;
  if (data.version !== SIDECAR_FORMAT_VERSION) throw new SidecarParseError(`token sidecar has unknown version ${String(data.version)}`);
  const token = data.refreshToken;
  if (token !== undefined && (typeof token !== 'string' || token.length === 0)) {
    throw new SidecarParseError('token sidecar refreshToken is not a string');
  }
  return {
    refreshToken: token,
    issuedAt: typeof data.issuedAt === 'string' ? data.issuedAt : undefined,
    lineage: fingerprintList(data.lineage),
    signIns: fingerprintList(data.signIns),
    // Files written before generations existed are generation 0.
    generation: Number.isSafeInteger(data.generation) && (data.generation as number) >= 0 ? (data.generation as number) : 0,
  };
}

export function serializeSidecar(state: SidecarState): string {
  const { refreshToken, issuedAt, lineage, signIns, generation } = state;
  return JSON.stringify({ version: SIDECAR_FORMAT_VERSION, refreshToken, issuedAt, lineage, signIns, generation }, null, 2) + '\n';
}

export interface TokenArrival {
  token: string;
  at: Date;
  /** The token came from config.json (a sign-in), not from a rotation. */
  fromConfig?: boolean;
  /** A sign-in made elsewhere (the settings panel), not a rotation: starts a new generation. */
  signIn?: boolean;
}

/** The state after `arrival` becomes the newest token. */
export function withNewestToken(state: SidecarState, arrival: TokenArrival, lineageLength = DEFAULT_LINEAGE_LENGTH): SidecarState {
  const { token, at, fromConfig, signIn } = arrival;
  const id = fingerprint(token);
  const signIns = fromConfig ? pushFront(state.signIns, id, SIGN_IN_MEMORY) : state.signIns;
  const generation = fromConfig || signIn ? state.generation + 1 : state.generation;
  if (sameToken(state.refreshToken, token)) {
    // Same Ring token in another form (push credentials added): keep the newer string, not a rotation.
    return { ...state, refreshToken: token, issuedAt: state.issuedAt ?? at.toISOString(), signIns, generation };
  }
  const earlier = state.refreshToken === undefined ? state.lineage : pushFront(state.lineage, fingerprint(state.refreshToken), lineageLength);
  return { refreshToken: token, issuedAt: at.toISOString(), lineage: earlier.filter((entry) => entry !== id), signIns, generation };
}

/** The state after signing out: no token, the last one remembered as earlier. */
export function withoutToken(state: SidecarState, lineageLength = DEFAULT_LINEAGE_LENGTH): SidecarState {
  if (state.refreshToken === undefined) return state;
  return { lineage: pushFront(state.lineage, fingerprint(state.refreshToken), lineageLength), signIns: state.signIns, generation: state.generation + 1 };
}

/** True when `token` is one this sidecar has already moved past (or signed out of). */
export function isEarlierToken(state: SidecarState, token: string): boolean {
  if (sameToken(state.refreshToken, token)) return false;
  const id = fingerprint(token);
  return state.lineage.includes(id) || state.signIns.includes(id);
}

function pushFront(list: string[], entry: string, limit: number): string[] {
  return [entry, ...list.filter((existing) => existing !== entry)].slice(0, limit);
}

function fingerprintList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}
