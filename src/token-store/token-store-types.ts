import type { FileChangeWatcherOptions } from './file-change-watcher.js';
import type { TokenStoreLogger } from './store-logging.js';
import type { TokenFiles } from './token-files.js';

/** What ring-client-api's `onRefreshTokenUpdated` (an rxjs ReplaySubject) offers, without depending on rxjs. */
export interface RefreshTokenSource {
  subscribe(observer: { next: (update: { newRefreshToken: string }) => void }): { unsubscribe(): void };
}

export interface TokenStoreOptions {
  configPath: string;
  /** Homebridge's storage path; the sidecar lives in its `trygr/` folder. */
  storagePath: string;
  platform?: string;
  /** `_bridge.username` when running on a child bridge. */
  bridgeUsername?: string;
  log: TokenStoreLogger;
  files?: TokenFiles;
  lineageLength?: number;
  now?: () => Date;
  watch?: FileChangeWatcherOptions;
  /** Delays between retries of a failed write (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

export interface StartupToken {
  token?: string;
  source: 'config' | 'sidecar' | 'none';
  /** config.json was rewritten to hold the chosen token (or, after a sign-out, to hold none). */
  repairedConfig: boolean;
}

export interface RotationStatus {
  fingerprint: string;
  issuedAt: Date;
  /** The sidecar file holds this token (false while its write is pending or failing). */
  savedToSidecar: boolean;
  /** config.json holds this token too (false while read-only, or while a new sign-in waits there). */
  savedToConfig: boolean;
}

export interface TokenStoreStats {
  sidecarWrites: number;
  configWrites: number;
  /** Times config.json was found holding an older token than the one last seen there (a stale UI save) and repaired. */
  staleConfigRepairs: number;
  /** Times config.json changed between our read and our rename, so the edit was redone on the new text. */
  concurrentConfigSaves: number;
}
