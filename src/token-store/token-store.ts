import { pluginFiles } from '../config/plugin-files.js';
import { PLATFORM_NAME } from '../settings.js';
import { ConfigFileSync } from './config-file-sync.js';
import { FileChangeWatcher, type FileChangeWatcherOptions } from './file-change-watcher.js';
import { SerialSync } from './serial-sync.js';
import { readSidecarFile, type SidecarRead } from './sidecar-file.js';
import { runSidecarPass } from './sidecar-pass.js';
import type { PassPlan, PendingRotation, SignChange } from './sidecar-reconcile.js';
import { DEFAULT_LINEAGE_LENGTH, emptySidecar, serializeSidecar, type SidecarState } from './sidecar-state.js';
import { resolveStartup, type StartupCase } from './startup-resolution.js';
import { describeError, describeFailure, describeToken, OnceLogger, silencedWhenClosed, type TokenStoreLogger } from './store-logging.js';
import { isReadOnlyError, nodeTokenFiles, type TokenFiles } from './token-files.js';
import { fingerprint, isUsableToken } from './token-identity.js';
import type { RefreshTokenSource, RotationStatus, StartupToken, TokenStoreOptions, TokenStoreStats } from './token-store-types.js';

/**
 * Keeps Ring's single-use refresh token safe across rotations, crashes and Homebridge UI saves.
 * The sidecar (<storagePath>/trygr/token.json, mode 0600) is written first and is the source of
 * truth; config.json gets only its `refreshToken` value replaced (see ConfigFileSync).
 *
 * Every pass re-reads the sidecar right before writing it and writes only if it still holds what
 * was read: a sign-in or sign-out saved by another process (the settings panel) in between is seen,
 * and wins (see sidecar-reconcile.ts for the rules).
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
  private loading: Promise<void> | undefined;
  /** The newest state; ahead of the file while a write is pending or when the sidecar cannot be written. */
  private state: SidecarState | undefined;
  /** The sidecar's text at our last read or write (null: absent; undefined: unknown or unusable). */
  private lastSeen: string | null | undefined;
  /** Sign-ins and sign-outs this process made or learnt of; see sidecar-reconcile.ts. */
  private epoch = 0;
  private sidecarWrites = 0;
  private change: SignChange | undefined;
  private rotation: PendingRotation | undefined;
  private configWanted = false;
  private announcedSignIn: string | undefined;
  private closed = false;

  constructor(options: TokenStoreOptions) {
    this.configPath = options.configPath;
    this.sidecarPath = pluginFiles(options.storagePath, options.bridgeUsername).sidecarFile;
    this.files = options.files ?? nodeTokenFiles;
    this.log = silencedWhenClosed(options.log, () => this.closed);
    this.once = new OnceLogger(this.log);
    this.lineageLength = options.lineageLength ?? DEFAULT_LINEAGE_LENGTH;
    this.now = options.now ?? (() => new Date());
    this.watchOptions = options.watch;
    this.config = new ConfigFileSync({
      configPath: options.configPath,
      sidecarPath: this.sidecarPath,
      selector: { platform: options.platform ?? PLATFORM_NAME, bridgeUsername: options.bridgeUsername },
      files: this.files,
      log: this.log,
      onNewSignIn: (token) => this.announceSignIn(token),
      sidecarUnchanged: async () => (await readSidecarFile(this.files, this.sidecarPath)).expect === this.lastSeen,
    });
    this.sync = new SerialSync(
      () => this.syncPass(),
      (error, retryInMs) => this.log.warn(`Could not bring the saved Ring refresh token up to date (${describeFailure(error)}); retrying in ${retryInMs / 1000} s.`),
      options.retryDelaysMs,
    );
  }

  /** Picks the token to sign in with, from config.json's (as Homebridge loaded it) and the sidecar's. */
  async resolveStartupToken(configToken?: string): Promise<StartupToken> {
    await this.sync.flush();
    const loaded = nonEmpty(configToken);
    const decision = resolveStartup(loaded, await this.load());
    if (decision.adoptIntoSidecar && decision.token !== undefined) {
      this.change = { kind: 'sign-in', arrival: { token: decision.token, at: this.now(), fromConfig: true } };
    }
    this.config.noteLoaded(loaded);
    if (decision.repairConfig) this.configWanted = true;
    if (decision.adoptIntoSidecar || decision.repairConfig) await this.sync.request();
    this.logStartup(decision.case, loaded, decision.token);
    return { token: decision.token, source: decision.source, repairedConfig: decision.repairConfig && this.config.inLine };
  }

  /**
   * Persists every token `source` emits; bursts are coalesced, writes serialised, the newest wins.
   * Only while no sign-in or sign-out has happened since: a replaced connection's tokens are dropped.
   */
  watch(source: RefreshTokenSource): { unsubscribe(): void } {
    const epoch = this.epoch;
    const subscription = source.subscribe({ next: (update) => this.accept(update.newRefreshToken, epoch) });
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

  /**
   * Saves a token from a new sign-in (the settings panel): it becomes the newest, starts a new
   * generation, and any connection of an earlier one, in any process, saves nothing more.
   */
  async signIn(token: string): Promise<void> {
    await this.load();
    this.unsubscribeAll();
    this.change = { kind: 'sign-in', arrival: { token, at: this.now(), signIn: true } };
    this.configWanted = true;
    await this.sync.request();
    await this.sync.flush();
  }

  /** Stops persisting rotations and removes the token from the sidecar and config.json. */
  async signOut(): Promise<void> {
    await this.load();
    this.unsubscribeAll();
    this.change = { kind: 'sign-out' };
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
      savedToSidecar: this.lastSeen === serializeSidecar(state),
      savedToConfig: this.config.inLine,
    };
  }

  stats(): TokenStoreStats {
    const { writes: configWrites, staleRepairs: staleConfigRepairs, concurrentSaves: concurrentConfigSaves } = this.config;
    return { sidecarWrites: this.sidecarWrites, configWrites, staleConfigRepairs, concurrentConfigSaves };
  }

  /**
   * Watches config.json and the sidecar and calls back with a sign-in this store did not make: a
   * token saved in config.json that it has never seen, or one the settings panel saved to the
   * sidecar (also when config.json cannot be written). Older tokens saved to config.json by a stale
   * form are replaced with the newest. To switch to the new token: unsubscribe the old `watch`,
   * `await resolveStartupToken(token)`, sign in with it and `watch` the new source.
   */
  onConfigTokenChanged(callback: (token: string) => void): { close(): void } {
    if (this.closed) return { close: () => undefined };
    this.signInListeners.add(callback);
    const watchers = [
      new FileChangeWatcher(this.configPath, () => this.requestConfigSync(), this.watchOptions),
      new FileChangeWatcher(this.sidecarPath, () => void this.sync.request(), this.watchOptions),
    ];
    watchers.forEach((watcher) => this.watchers.add(watcher));
    return {
      close: () => {
        for (const watcher of watchers) {
          watcher.close();
          this.watchers.delete(watcher);
        }
        this.signInListeners.delete(callback);
      },
    };
  }

  /**
   * Calls back when another process (the settings panel) signed out. The store then stops writing
   * the token it held anywhere, including rotations its connection makes before it is closed.
   */
  onSignedOutElsewhere(callback: () => void): { close(): void } {
    this.signOutListeners.add(callback);
    return { close: () => this.signOutListeners.delete(callback) };
  }

  /**
   * Stops watching files and token sources; passes already asked for still finish (see flush), but
   * nothing is retried, no timer is left and nothing more is logged.
   */
  close(): void {
    this.closed = true;
    this.sync.close();
    this.unsubscribeAll();
    this.watchers.forEach((watcher) => watcher.close());
    this.watchers.clear();
    this.signInListeners.clear();
    this.signOutListeners.clear();
  }

  private unsubscribeAll(): void {
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
    this.subscriptions.clear();
  }

  private accept(token: unknown, epoch: number): void {
    if (this.closed) return;
    if (!isUsableToken(token)) {
      this.log.warn('Ring answered a sign-in renewal with a token that cannot be used; the saved sign-in was kept.');
      return;
    }
    // A connection replaced by a sign-in or sign-out must not push a current one's token out of the slot.
    if (epoch !== this.epoch) {
      this.log.debug('A Ring refresh token from a connection older than the latest sign-in or sign-out was not saved.');
      return;
    }
    this.rotation = { arrival: { token, at: this.now() }, epoch };
    void this.sync.request();
  }

  private requestConfigSync(): void {
    this.configWanted = true;
    void this.sync.request();
  }

  private hasPending(): boolean {
    return this.change !== undefined || this.rotation !== undefined;
  }

  /** One serialised pass: the sidecar first (the source of truth), then config.json. */
  private async syncPass(): Promise<void> {
    await this.load();
    const sidecarError = await this.updateSidecar();
    // A newer token arrived during the sidecar write: save it first, config.json can wait a pass.
    // config.json is brought up to date even when the sidecar failed: it may be the only copy left.
    if (this.configWanted && (!this.hasPending() || sidecarError !== undefined)) {
      this.configWanted = false;
      try {
        if (!(await this.config.bringInLine(this.state!, () => this.hasPending() || this.closed))) {
          // Left undone for newer work or a sidecar changed by someone else: another pass sees to both.
          this.configWanted = true;
          void this.sync.request();
        }
      } catch (error) {
        this.configWanted = true;
        throw error;
      }
    }
    if (sidecarError !== undefined) this.sidecarFailed(sidecarError);
  }

  /** The sidecar's half of a pass; returns a write error to report after config.json had its turn. */
  private async updateSidecar(): Promise<unknown> {
    const pass = await runSidecarPass({
      files: this.files,
      path: this.sidecarPath,
      once: this.once,
      memory: this.state,
      lastSeen: this.lastSeen,
      epoch: this.epoch,
      lineageLength: this.lineageLength,
      take: () => {
        const work = { change: this.change, rotation: this.rotation };
        this.change = undefined;
        this.rotation = undefined;
        return work;
      },
      putBack: ({ change, rotation }) => {
        this.change ??= change;
        this.rotation ??= rotation;
      },
    });
    this.commit(pass.plan, pass.read, pass.written);
    return pass.error;
  }

  private commit(plan: PassPlan, read: SidecarRead, written: string | undefined): void {
    const before = this.state;
    this.state = plan.next;
    this.epoch = plan.epoch;
    this.lastSeen = written ?? read.expect;
    if (written !== undefined) {
      this.sidecarWrites += 1;
      this.log.debug(`Saved Ring refresh token ${describeToken(plan.next.refreshToken)} to ${this.sidecarPath}`);
    }
    if (before === undefined || serializeSidecar(before) !== serializeSidecar(plan.next)) this.configWanted = true;
    if (plan.droppedRotation) this.log.debug('A Ring refresh token from a connection older than the latest sign-in or sign-out was not saved.');
    if (plan.elsewhere) this.adoptElsewhere(plan.elsewhere, plan.next);
  }

  /** Another process signed in or out: the running connection's tokens are no longer saved. */
  private adoptElsewhere(kind: 'signed-in' | 'signed-out', state: SidecarState): void {
    this.unsubscribeAll();
    if (kind === 'signed-out') {
      this.log.info('Signed out of Ring in the settings panel; the refresh token is no longer used or saved.');
      this.signOutListeners.forEach((listener) => listener());
      return;
    }
    this.log.debug(`A new Ring sign-in (${describeToken(state.refreshToken)}) was saved to ${this.sidecarPath} by the settings panel.`);
    this.announceSignIn(state.refreshToken!);
  }

  /** Tells the listeners about a sign-in this store did not make, once per token. */
  private announceSignIn(token: string): void {
    const id = fingerprint(token);
    if (this.announcedSignIn === id) return;
    this.announcedSignIn = id;
    this.signInListeners.forEach((listener) => listener(token));
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

  /** The sidecar as it was at this store's first use, with leftovers of killed writers removed. */
  private async load(): Promise<SidecarState> {
    this.loading ??= this.removeLeftovers().then(async () => {
      const read = await readSidecarFile(this.files, this.sidecarPath);
      if (read.problem) this.warnAtLoad(read);
      this.state = read.disk.kind === 'state' ? read.disk.state : emptySidecar();
      this.lastSeen = read.expect;
    });
    await this.loading;
    return this.state ?? emptySidecar();
  }

  private warnAtLoad(read: SidecarRead): void {
    const { key, describe } = read.problem!;
    const said = describe(this.sidecarPath);
    if (key === 'symlink') this.once.warn(key, said, 'error');
    else this.once.warn(key, key === 'damaged' ? `${said}; it will be replaced.` : `${said}; starting from config.json's token.`);
  }

  /** Temp files from writes cut short by a kill; done before this store writes anything. */
  private async removeLeftovers(): Promise<void> {
    for (const [path, noFollow] of [
      [this.configPath, false],
      [this.sidecarPath, true],
    ] as const) {
      const removed = await this.files.removeLeftovers(path, { noFollow }).catch(() => 0);
      if (removed > 0) this.log.debug(`Removed ${removed} temp file(s) left next to ${path} by an interrupted write`);
    }
  }

  private logStartup(startupCase: StartupCase, configToken: string | undefined, chosen: string | undefined): void {
    const name = describeToken(chosen);
    const where = this.sidecarPath;
    const say: Record<StartupCase, () => void> = {
      // The caller says what to do about it (the platform: "Not signed in to Ring", once).
      'no-token': () => this.log.debug(`No Ring refresh token in config.json or in ${where}.`),
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

function nonEmpty(token: string | undefined): string | undefined {
  return typeof token === 'string' && token.trim().length > 0 ? token : undefined;
}
