import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentChangeError } from './atomic-write.js';
import { ConfigParseError, PlatformBlockNotFoundError, readRefreshToken, withoutRefreshToken, withRefreshToken, type BlockSelector } from './config-text.js';
import { isEarlierToken, type SidecarState } from './sidecar-state.js';
import { describeError, describeToken, OnceLogger, type TokenStoreLogger } from './store-logging.js';
import { isReadOnlyError, type TokenFiles } from './token-files.js';
import { fingerprint, sameToken } from './token-identity.js';

export interface ConfigFileSyncOptions {
  configPath: string;
  sidecarPath: string;
  selector: BlockSelector;
  files: TokenFiles;
  log: TokenStoreLogger;
  /** config.json holds a token the store never saw: the user signed in again. */
  onNewSignIn: (token: string) => void;
  /**
   * Asked right before each write: false when the sidecar changed since the store last looked (the
   * settings panel signed in or out), so the token about to be written may be one it ended.
   */
  sidecarUnchanged?: () => Promise<boolean>;
}

const PARSE_RETRIES = 10;
const PARSE_RETRY_MS = 50;
const CONCURRENT_RETRIES = 20;

/**
 * Keeps config.json's copy of the token in line with the sidecar. Re-reads the file right before
 * each write so a concurrent save by the Homebridge UI keeps all its other changes; never overwrites
 * a token it does not know (a new sign-in saved through the UI wins).
 */
export class ConfigFileSync {
  /** config.json holds what the sidecar holds (a token, or none after a sign-out). */
  inLine = false;
  writes = 0;
  staleRepairs = 0;
  /** Writes started again because config.json changed between our read and our rename. */
  concurrentSaves = 0;
  /** The token config.json held at our last look or write: an older one there later means a stale save. */
  private seen: string | undefined;
  private reportedSignIn: string | undefined;
  private readonly once: OnceLogger;

  constructor(private readonly options: ConfigFileSyncOptions) {
    this.once = new OnceLogger(options.log);
  }

  /** Records what config.json held when Homebridge loaded it. */
  noteLoaded(token: string | undefined): void {
    this.seen = token;
  }

  /**
   * Brings config.json in line with `state`. Throws only for faults worth retrying. Returns false,
   * leaving the job undone, when `yieldTo()` says a newer token waits (the sidecar comes first, and
   * a busy config.json, a UI saving over and over, must not hold up its write) or when the sidecar
   * changed under it (the store must look at it again first).
   */
  async bringInLine(state: SidecarState, yieldTo: () => boolean = () => false): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.bringInLineOnce(state, yieldTo);
      } catch (error) {
        // Someone saved config.json between our read and our rename: merge into their version instead.
        if (!(error instanceof ConcurrentChangeError) || attempt >= CONCURRENT_RETRIES) throw error;
        this.concurrentSaves += 1;
        if (yieldTo()) return false;
      }
    }
  }

  private async bringInLineOnce(state: SidecarState, yieldTo: () => boolean): Promise<boolean> {
    const target = state.refreshToken;
    const read = await this.read(yieldTo);
    if (read === 'yielded') return false;
    if (read === undefined) return true;
    const { text, token: current } = read;
    if (current === target) {
      this.seen = current;
      this.inLine = true;
      return true;
    }
    const known = current === undefined || sameToken(current, target) || isEarlierToken(state, current);
    // A token we have never seen is a sign-in, also while we hold none (the first sign-in).
    if (!known) {
      this.newSignIn(current);
      return true;
    }
    if (current !== undefined && this.seen !== undefined && current !== this.seen && isEarlierToken(state, current)) {
      this.staleRepairs += 1;
      this.options.log.info(
        `config.json was saved with an older Ring refresh token (${fingerprint(current)}), likely by a settings form ` +
          `opened earlier; restoring the newest (${describeToken(target)}).`,
      );
    }
    const { selector } = this.options;
    const updated = target === undefined ? withoutRefreshToken(text, selector) : withRefreshToken(text, target, selector);
    if (this.options.sidecarUnchanged && !(await this.options.sidecarUnchanged())) return false;
    try {
      await this.options.files.writeAtomic(this.options.configPath, updated, { ifUnchanged: text });
    } catch (error) {
      if (!isReadOnlyError(error)) throw error;
      this.inLine = false;
      this.seen = current;
      this.once.warn(
        'read-only',
        `config.json (${this.options.configPath}) cannot be written (${describeError(error)}). The newest Ring refresh token ` +
          `is kept in ${this.options.sidecarPath} and used from there; the token in config.json is left as it is.`,
      );
      return true;
    }
    this.writes += 1;
    this.seen = target;
    this.inLine = true;
    this.options.log.debug(`config.json now holds Ring refresh token ${describeToken(target)}`);
    return true;
  }

  /** The text and our block's token, retrying briefly while a non-atomic writer (the UI) is mid-write. */
  private async read(yieldTo: () => boolean): Promise<{ text: string; token: string | undefined } | 'yielded' | undefined> {
    const { configPath, sidecarPath } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      let text: string | undefined;
      try {
        text = await this.options.files.readText(configPath);
      } catch (error) {
        if (!isReadOnlyError(error)) throw error;
        this.once.warn('unreadable', `Cannot read ${configPath} (${describeError(error)}); the token is kept in ${sidecarPath}.`);
        return undefined;
      }
      if (text === undefined) {
        this.once.warn('missing', `${configPath} does not exist; the Ring refresh token is kept in ${sidecarPath}.`);
        return undefined;
      }
      try {
        const token = readRefreshToken(text, this.options.selector);
        return { text, token: token?.trim() ? token : undefined };
      } catch (error) {
        if (error instanceof ConfigParseError && attempt < PARSE_RETRIES) {
          if (yieldTo()) return 'yielded';
          await sleep(PARSE_RETRY_MS);
          if (yieldTo()) return 'yielded';
          continue;
        }
        if (error instanceof PlatformBlockNotFoundError) {
          this.once.warn('no-block', `${error.message}; the Ring refresh token is kept in ${sidecarPath}.`);
          return undefined;
        }
        throw error;
      }
    }
  }

  private newSignIn(token: string): void {
    this.inLine = false;
    this.seen = token;
    if (this.reportedSignIn === token) return;
    this.reportedSignIn = token;
    this.options.log.info(`config.json holds a new Ring sign-in (${fingerprint(token)}); it is left in place and replaces the saved token when used.`);
    this.options.onNewSignIn(token);
  }
}
