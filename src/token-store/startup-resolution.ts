import { isEarlierToken, type SidecarState } from './sidecar-state.js';
import { sameToken } from './token-identity.js';

/** Why a token was picked at startup; one case per row of the truth table. */
export type StartupCase =
  | 'no-token' // neither config.json nor the sidecar has one
  | 'sidecar-only' // config.json has none (a form saved without it): the sidecar's, written back
  | 'config-only' // first start with this store: config.json's, recorded in the sidecar
  | 'same' // both agree (raw or wrapped form of one token): the sidecar's string, the newest form
  | 'config-stale' // config.json holds a token we already moved past (stale UI save, backup restore)
  | 'new-sign-in'; // config.json holds a token we never saw: the user signed in again

export interface StartupDecision {
  case: StartupCase;
  token?: string;
  source: 'config' | 'sidecar' | 'none';
  /** config.json must be rewritten to hold `token` (or to hold none, after a sign-out). */
  repairConfig: boolean;
  /** The sidecar must take `token` as its newest, config.json-born token. */
  adoptIntoSidecar: boolean;
}

/** Picks the refresh token to start with from config.json's token and the sidecar (absent: undefined). */
export function resolveStartup(configToken: string | undefined, sidecar: SidecarState | undefined): StartupDecision {
  const sidecarToken = sidecar?.refreshToken;
  if (configToken === undefined) {
    return sidecarToken === undefined
      ? { case: 'no-token', source: 'none', repairConfig: false, adoptIntoSidecar: false }
      : { case: 'sidecar-only', token: sidecarToken, source: 'sidecar', repairConfig: true, adoptIntoSidecar: false };
  }
  if (sidecarToken !== undefined && sameToken(configToken, sidecarToken)) {
    const identical = configToken === sidecarToken;
    return { case: 'same', token: sidecarToken, source: identical ? 'config' : 'sidecar', repairConfig: !identical, adoptIntoSidecar: false };
  }
  if (sidecar && isEarlierToken(sidecar, configToken)) {
    return {
      case: 'config-stale',
      token: sidecarToken,
      source: sidecarToken === undefined ? 'none' : 'sidecar',
      repairConfig: true,
      adoptIntoSidecar: false,
    };
  }
  return {
    case: sidecarToken === undefined && !sidecar?.lineage.length ? 'config-only' : 'new-sign-in',
    token: configToken,
    source: 'config',
    repairConfig: false,
    adoptIntoSidecar: true,
  };
}
