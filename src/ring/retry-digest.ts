import type { PluginLog } from './ring-log.js';

/**
 * ring-client-api logs every failed attempt of every request it retries ("Retry #3 failed to reach
 * Ring server at <url>. Error: fetch failed, Cause: ..., Code: ECONNREFUSED. Trying again in 5
 * seconds...", then the error again on its own line), every 5 s per waiting request. While Ring is
 * unreachable that is dozens of lines a minute at debug level. This folds them: the first failure of
 * each kind per window is written, the rest are counted and reported once per window.
 */

export const DIGEST_WINDOW_MS = 5 * 60_000;

const RETRY = /Retry #\d+ failed to reach Ring server/;

/** ECONNREFUSED, ENOTFOUND, ETIMEDOUT...; 'timeout' for the library's own 20 s abort; else the error's first words. */
export function failureKind(line: string): string {
  const code = /Code: ([A-Z][A-Z0-9_]+)/.exec(line)?.[1];
  if (code) return code;
  const error = /Error: ([^,.]+)/.exec(line)?.[1]?.trim() ?? 'unknown';
  return /aborted due to timeout|timed? ?out/i.test(error) ? 'timeout' : error.slice(0, 40);
}

/** The error message the library repeats on the next line (logDebug(e)). */
function echoOf(line: string): string | undefined {
  return /Error: (.+?)(?:, Cause:|\.\s+Trying again)/.exec(line)?.[1]?.trim();
}

interface Window {
  startedAt: number;
  /** Failures since the line that opened the window. */
  more: number;
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

export class RetryDigest {
  private readonly windows = new Map<string, Window>();
  private echo?: string;

  constructor(private readonly windowMs = DIGEST_WINDOW_MS) {}

  /** The lines to write for `line` (none, it, or a summary and it). */
  take(line: string, now: number): string[] {
    const out = this.expired(now);
    const echo = this.echo;
    this.echo = undefined;
    if (RETRY.test(line)) {
      const kind = failureKind(line);
      this.echo = echoOf(line);
      const window = this.windows.get(kind);
      if (window) {
        window.more += 1;
        return out;
      }
      this.windows.set(kind, { startedAt: now, more: 0 });
      out.push(`[ring] Could not reach Ring (${kind}); it is retried every 5 s. Further "${kind}" failures are counted and reported every ${minutes(this.windowMs)}.`);
      return out;
    }
    if (echo && line.endsWith(echo) && line.length <= echo.length + 10) {
      return out;
    }
    out.push(line);
    return out;
  }

  /** Summaries of windows that have run out (a window with nothing more to report just closes). */
  private expired(now: number): string[] {
    const out: string[] = [];
    for (const [kind, window] of this.windows) {
      if (now - window.startedAt < this.windowMs) continue;
      this.windows.delete(kind);
      if (window.more > 0) {
        out.push(`[ring] ${window.more} more "${kind}" failure${window.more === 1 ? '' : 's'} to reach Ring in the last ${minutes(now - window.startedAt)}.`);
      }
    }
    return out;
  }
}

/** A PluginLog for ring-client-api's lines (RingLogSink) whose debug level goes through a RetryDigest. */
export function foldRingRetries(log: PluginLog, now: () => number = Date.now): PluginLog {
  const digest = new RetryDigest();
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message) => log.error(message),
    debug: (message) => {
      for (const line of digest.take(message, now())) log.debug(line);
    },
  };
}
