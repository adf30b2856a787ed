/**
 * Writes a new sign-in, and a sign-out, through the plugin's own token store, so the sidecar
 * (the edited block's bridge's, see src/config/plugin-files.ts) and config.json agree with what the panel saves.
 */
import { fingerprint, TokenStore, type TokenStoreLogger } from '../../src/token-store/index.js';
import { readTrygrBlock } from './config-block.js';
import type { SavedToken } from './sign-in.js';
import type { UiPaths } from './ui-paths.js';

/** Log lines for the Homebridge UI's log: the store names tokens by fingerprint only. */
export interface UiLog {
  info(message: string): void;
  warn(message: string): void;
}

function storeLogger(log: UiLog): TokenStoreLogger {
  return {
    // The store's startup and rotation lines are written for the plugin's log; here only problems matter.
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => log.warn(message),
    error: (message) => log.warn(message),
  };
}

async function openStore(paths: UiPaths, log: UiLog): Promise<{ store: TokenStore; configToken?: string }> {
  const block = await readTrygrBlock(paths.configPath);
  const store = new TokenStore({ ...paths, bridgeUsername: block?.bridgeUsername, log: storeLogger(log) });
  return { store, configToken: block?.refreshToken };
}

/** `what` starts the log line: a sign-in, or a sign-in taken over from homebridge-ring (ring-move.ts). */
export async function saveSignIn(paths: UiPaths, token: string, log: UiLog, what = 'Signed in to Ring'): Promise<SavedToken> {
  const { store, configToken } = await openStore(paths, log);
  try {
    // First take in what config.json holds now, so the store knows it as an earlier token and replaces it.
    await store.resolveStartupToken(configToken);
    // A sign-in, not a rotation: a connection still running on the old token saves nothing more.
    await store.signIn(token);
    const rotation = store.lastRotation();
    const saved = { fingerprint: fingerprint(token), savedToSidecar: rotation?.savedToSidecar ?? false, savedToConfig: rotation?.savedToConfig ?? false };
    log.info(
      `${what}; saved the new refresh token ${saved.fingerprint} to ${saved.savedToSidecar ? 'the token file' : 'nowhere yet'}${saved.savedToConfig ? ' and config.json' : ''}.`,
    );
    return saved;
  } finally {
    store.close();
  }
}

export async function signOut(paths: UiPaths, log: UiLog): Promise<void> {
  const { store, configToken } = await openStore(paths, log);
  try {
    // The store takes in config.json's token first, so it is a token it knows when it removes it.
    await store.resolveStartupToken(configToken);
    await store.signOut();
    log.info('Signed out of Ring: the refresh token was removed from the token file and config.json.');
  } finally {
    store.close();
  }
}
