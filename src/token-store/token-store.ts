import { dirname, join } from 'node:path';
import { PLATFORM_NAME } from '../settings.js';
import { ConfigFileSync } from './config-file-sync.js';
import { FileChangeWatcher, type FileChangeWatcherOptions } from './file-change-watcher.js';
import { SerialSync } from './serial-sync.js';
import {
  DEFAULT_LINEAGE_LENGTH,
  emptySidecar,
  parseSidecar,
  serializeSidecar,
  withNewestToken,
  withoutToken,
  signedOutAfter,
  type SidecarState,
  type TokenArrival,
} from './sidecar-state.js';
import { resolveStartup, type StartupCase } from './startup-resolution.js';
import { describeError, describeFailure, describeToken, OnceLogger, type TokenStoreLogger } from './store-logging.js';
import { isReadOnlyError, nodeTokenFiles, type TokenFiles } from './token-files.js';
import { fingerprint } from './token-identity.js';

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

type Wanted = { kind: 'token'; arrival: TokenArrival } | { kind: 'signed-out' };

/**
 * Keeps Ring's single-use refresh token safe across rotations, crashes and Homebridge UI saves.
 * The sidecar (<storagePath>/trygr/token.json, mode 0600) is written first and is the source of
 * truth; config.json gets only its `refreshToken` value replaced (see ConfigFileSync).
 */
export class TokenStore {
  readonly sidecarPath: string;
  readonly configPath: string;
  private readonly files: TokenFiles;
  private readonly log: TokenStoreLogger;
  private readonly once: OnceLogger;
  private readonly lineageLength: number;
  private readonly now: () => Date;
  private readonly watchOptions: FileChangeWatcherOptions | undefined;
  private readonly sync: SerialSync;
  private readonly config: ConfigFileSync;
  private readonly subscriptions = new Set<{ unsubscribe(): void }>();
  private readonly watchers = new Set<FileChangeWatcher>();
  private readonly signInListeners = new Set<(token: string) => void>();
  private readonly signOutListeners = new Set<() => void>();
  private loading: Promise<SidecarState> | undefined;
  /** The newest state; ahead of the file while a write is pending or when the sidecar cannot be written. */
  private state: SidecarState | undefined;
  private written: string | undefined;
  private sidecarWrites = 0;
  private wanted: Wanted | undefined;
  private configWanted = false;

  constructor(options: TokenStoreOptions) {
    this.configPath = options.configPath;
    this.sidecarPath = join(options.storagePath, 'trygr', sidecarFileName(options.bridgeUsername));
    this.files = options.files ?? nodeTokenFiles;
    this.log = options.log;
    this.once = new OnceLogger(options.log);
    this.lineageLength = options.lineageLength ?? DEFAULT_LINEAGE_LENGTH;
    this.now = options.now ?? (() => new Date());
    this.watchOptions = options.watch;
    this.config = new ConfigFileSync({
      configPath: options.configPath,
      sidecarPath: this.sidecarPath,
      selector: { platform: options.platform ?? PLATFORM_NAME, bridgeUsername: options.bridgeUsername },
      files: this.files,
      log: options.log,
      onNewSignIn: (token) => this.signInListeners.forEach((listener) => listener(token)),
    });
    this.sync = new SerialSync(
      () => this.syncPass(),
      (error, retryInMs) => this.log.warn(`Could not bring the saved Ring refresh token up to date (${describeFailure(error)}); retrying in ${retryInMs / 1000} s.`),
    );
  }

  /** Picks the token to sign in with, from config.json's (as Homebridge loaded it) and the sidecar's. */
  async resolveStartupToken(configToken?: string): Promise<StartupToken> {
    await this.sync.flush();
    const loaded = nonEmpty(configToken);
    const decision = resolveStartup(loaded, await this.load());
    if (decision.adoptIntoSidecar && decision.token !== undefined) {
      this.wanted = { kind: 'token', arrival: { token: decision.token, at: this.now(), fromConfig: true } };
    }
    this.config.noteLoaded(loaded);
    if (decision.repairConfig) this.configWanted = true;
    if (decision.adoptIntoSidecar || decision.repairConfig) await this.sync.request();
    this.logStartup(decision.case, loaded, decision.token);
    return { token: decision.token, source: decision.source, repairedConfig: decision.repairConfig && this.config.inLine };
  }

  /** Persists every token `source` emits; bursts are coalesced, writes serialised, the newest wins. */
  watch(source: RefreshTokenSource): { unsubscribe(): void } {
    const subscription = source.subscribe({ next: (update) => this.accept(update.newRefreshToken) });
    this.subscriptions.add(subscription);
    return {
      unsubscribe: () => {
        subscription.unsubscribe();
        this.subscriptions.delete(subscription);
      },
    };
  }

  /** Resolves once every token received so far is on disk (as far as it can be). */
  flush(): Promise<void> {
    return this.sync.flush();
  }

  /** Stops persisting rotations and removes the token from the sidecar and config.json. */
  async signOut(): Promise<void> {
    this.unsubscribeAll();
    this.wanted = { kind: 'signed-out' };
    this.configWanted = true;
    await this.sync.request();
    await this.sync.flush();
    const fromConfig = this.config.inLine ? ' and config.json' : ' (config.json could not be changed)';
    this.log.info(`Signed out of Ring: the refresh token was removed from ${this.sidecarPath}${fromConfig}.`);
  }

  /** The newest token received, for status displays (fingerprint only) and whether it is on disk yet. */
  lastRotation(): RotationStatus | undefined {
    const token = this.state?.refreshToken;
    if (token === undefined) return undefined;
    const state = this.state!;
    return {
      fingerprint: fingerprint(token),
      issuedAt: new Date(state.issuedAt ?? Number.NaN),
      savedToSidecar: this.written === serializeSidecar(state),
      savedToConfig: this.config.inLine,
    };
  }

  stats(): TokenStoreStats {
    const { writes: configWrites, staleRepairs: staleConfigRepairs, concurrentSaves: concurrentConfigSaves } = this.config;
    return { sidecarWrites: this.sidecarWrites, configWrites, staleConfigRepairs, concurrentConfigSaves };
  }

  /**
   * Watches config.json and calls back with a token saved there that this store has never seen
   * (the user signed in again, e.g. after Ring rejected the old token). Older tokens saved there by
   * a stale form are replaced with the newest. To switch to the new token: unsubscribe the old
   * `watch`, `await resolveStartupToken(token)`, sign in with it and `watch` the new source.
   */
  onConfigTokenChanged(callback: (token: string) => void): { close(): void } {
    this.signInListeners.add(callback);
    const watcher = new FileChangeWatcher(this.configPath, () => this.requestConfigSync(), this.watchOptions);
    this.watchers.add(watcher);
    return {
      close: () => {
        watcher.close();
        this.watchers.delete(watcher);
        this.signInListeners.delete(callback);
      },
    };
  }

  /** Stops watching files and token sources; writes already queued still finish (see flush). */
  close(): void {
    this.unsubscribeAll();
    this.watchers.forEach((watcher) => watcher.close());
    this.watchers.clear();
    this.signInListeners.clear();
  }

  private unsubscribeAll(): void {
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
    this.subscriptions.clear();
  }

  private accept(token: unknown): void {
    if (typeof token !== 'string' || token.length === 0) return;
    this.wanted = { kind: 'token', arrival: { token, at: this.now() } };
    void this.sync.request();
  }

  private requestConfigSync(): void {
    this.configWanted = true;
    void this.sync.request();
  }

  /**
   * Calls back when another process (the settings panel) signed out: the sidecar on disk dropped
   * the token this store holds. The store then stops writing that token anywhere.
   */
  onSignedOutElsewhere(callback: () => void): { close(): void } {
    this.signOutListeners.add(callback);
    return { close: () => this.signOutListeners.delete(callback) };
  }

  /** One serialised pass: the sidecar first (the source of truth), then config.json. */
  private async syncPass(): Promise<void> {
    const previous = await this.load();
    if (this.wanted === undefined && previous.refreshToken !== undefined && (await this.adoptSignOutElsewhere(previous.refreshToken))) {
      return;
    }
    const wanted = this.wanted;
    this.wanted = undefined;
    const next = applyWanted(previous, wanted, this.lineageLength);
    this.state = next;
    const serialized = serializeSidecar(next);
    if (serialized !== serializeSidecar(previous)) this.configWanted = true;
    let sidecarError: unknown;
    if (serialized !== this.written) {
      try {
        await this.files.ensureDirectory(dirname(this.sidecarPath), 0o700);
        await this.files.writeAtomic(this.sidecarPath, serialized, { mode: 0o600 });
        this.written = serialized;
        this.sidecarWrites += 1;
        this.log.debug(`Saved Ring refresh token ${describeToken(next.refreshToken)} to ${this.sidecarPath}`);
      } catch (error) {
        sidecarError = error;
      }
    }
    // A newer token arrived during the sidecar write: save it first, config.json can wait a pass.
    // config.json is brought up to date even when the sidecar failed: it may be the only copy left.
    if (this.configWanted && (this.wanted === undefined || sidecarError !== undefined)) {
      this.configWanted = false;
      try {
        if (!(await this.config.bringInLine(next, () => this.wanted !== undefined))) this.configWanted = true;
      } catch (error) {
        this.configWanted = true;
        throw error;
      }
    }
    if (sidecarError !== undefined) this.sidecarFailed(sidecarError);
  }

  private async adoptSignOutElsewhere(token: string): Promise<boolean> {
    const text = await this.files.readText(this.sidecarPath).catch(() => undefined);
    let onDisk: SidecarState;
    try {
      if (text === undefined) return false;
      onDisk = parseSidecar(text);
    } catch {
      return false;
    }
    if (!signedOutAfter(onDisk, token)) return false;
    this.state = onDisk;
    this.written = serializeSidecar(onDisk);
    this.configWanted = false;
    this.unsubscribeAll();
    this.log.info('Signed out of Ring in the settings panel; the refresh token is no longer used or saved.');
    this.signOutListeners.forEach((listener) => listener());
    return true;
  }

  private sidecarFailed(error: unknown): void {
    if (!isReadOnlyError(error)) throw error;
    // Not retried on a timer: every later rotation tries again, and the state is kept in memory.
    this.once.warn(
      'sidecar-read-only',
      `Cannot write ${this.sidecarPath} (${describeError(error)}); the Ring refresh token is kept only in config.json` +
        (this.config.inLine ? '.' : ', which cannot be written either: after a restart you will have to sign in again.'),
      'error',
    );
  }

  private load(): Promise<SidecarState> {
    this.loading ??= this.removeLeftovers()
      .then(() => this.readSidecar())
      .then((loaded) => {
        this.state = loaded;
        return loaded;
      });
    return this.loading.then(() => this.state ?? emptySidecar());
  }

  /** Temp files from writes cut short by a kill; done before this store writes anything. */
  private async removeLeftovers(): Promise<void> {
    for (const path of [this.configPath, this.sidecarPath]) {
      const removed = await this.files.removeLeftovers(path).catch(() => 0);
      if (removed > 0) this.log.debug(`Removed ${removed} temp file(s) left next to ${path} by an interrupted write`);
    }
  }

  private async readSidecar(): Promise<SidecarState> {
    let text: string | undefined;
    try {
      text = await this.files.readText(this.sidecarPath);
    } catch (error) {
      this.log.warn(`Cannot read ${this.sidecarPath} (${describeError(error)}); starting from config.json's token.`);
      return emptySidecar();
    }
    if (text === undefined) {
      // Nothing on disk yet: remember that, so an idle store never writes "empty" over a sidecar
      // another process (the settings panel's sign-in) wrote since.
      const empty = emptySidecar();
      this.written = serializeSidecar(empty);
      return empty;
    }
    try {
      const parsed = parseSidecar(text);
      this.written = serializeSidecar(parsed);
      return parsed;
    } catch (error) {
      this.log.warn(`${this.sidecarPath} is damaged (${describeError(error)}); it will be replaced.`);
      return emptySidecar();
    }
  }

  private logStartup(startupCase: StartupCase, configToken: string | undefined, chosen: string | undefined): void {
    const name = describeToken(chosen);
    const where = this.sidecarPath;
    const say: Record<StartupCase, () => void> = {
      'no-token': () => this.log.warn('No Ring refresh token in config.json or in the saved token file: sign in through the plugin settings.'),
      'sidecar-only': () => this.log.info(`config.json has no Ring refresh token; using the newest saved one (${name}) from ${where}.`),
      'config-only': () => this.log.info(`Using the Ring refresh token from config.json (${name}); its successors are saved in ${where}.`),
      same: () => this.log.debug(`Ring refresh token ${name} from config.json matches ${where}.`),
      'config-stale': () =>
        this.log.info(
          `config.json holds an older Ring refresh token (${describeToken(configToken)}), from a settings form saved late or a ` +
            `restored backup; using the newest (${name}) from ${where}.`,
        ),
      'new-sign-in': () => this.log.info(`config.json holds a new Ring sign-in (${name}); it replaces the saved token.`),
    };
    say[startupCase]();
  }
}

function applyWanted(state: SidecarState, wanted: Wanted | undefined, lineageLength: number): SidecarState {
  if (wanted === undefined) return state;
  return wanted.kind === 'token' ? withNewestToken(state, wanted.arrival, lineageLength) : withoutToken(state, lineageLength);
}

/** One sidecar per child bridge: two Trygr platforms (two Ring accounts) share a storage path. */
export function sidecarFileName(bridgeUsername?: string): string {
  if (bridgeUsername === undefined) return 'token.json';
  return `token-${bridgeUsername.toUpperCase().replace(/[^0-9A-Z]/g, '')}.json`;
}

function nonEmpty(token: string | undefined): string | undefined {
  return typeof token === 'string' && token.trim().length > 0 ? token : undefined;
}
