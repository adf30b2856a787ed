import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PluginLog } from './ring-log.js';
import { comesFromPackages, foreignRejectionAction, unhandledRejectionsMode } from './rejection-origin.js';
import { ringEntry, ringRequire } from './ring-dependency.js';

let installed = false;

/**
 * ring-client-api starts some requests without awaiting them; when Ring fails such a request the
 * rejection is unhandled and Homebridge would shut down. A process-wide listener changes Node's
 * behaviour for every plugin in the process, so this one takes only rejections whose stack runs
 * through our own copy of ring-client-api (or the push receiver it brought) and leaves every other
 * one to Node exactly as if the listener were not there.
 */
export function guardRingRejections(log: PluginLog, packageRoots: readonly string[] = ringPackageRoots()): void {
  if (installed) {
    return;
  }
  installed = true;
  /** Promises we rejected again on behalf of Node; we must not catch them ourselves. */
  const reemitted = new WeakSet<Promise<unknown>>();
  const mode = unhandledRejectionsMode(process.execArgv, process.env.NODE_OPTIONS);

  const listener = (reason: unknown, promise: Promise<unknown>): void => {
    if (reemitted.has(promise)) {
      return;
    }
    if (comesFromPackages(reason, packageRoots)) {
      const status = (reason as { response?: { status?: number } }).response?.status;
      log.debug(`Ring request failed in the background${status ? ` (HTTP ${status})` : ''}; it will be retried.`);
      return;
    }
    if (foreignRejectionAction(process.listenerCount('unhandledRejection') - 1, mode) === 'reemit') {
      reemit(reason);
    }
  };

  /**
   * Node applies its mode (default: raise as an uncaught exception, with origin 'unhandledRejection')
   * only when no listener is registered. So we step aside and reject a fresh promise with the same
   * reason: Node then treats it with whatever mode it runs in. On the next tick, so the rest of the
   * current batch of rejections still finds us; we return once Node has raised it, or on setImmediate.
   */
  let away = false;
  const comeBack = (): void => {
    process.off('uncaughtExceptionMonitor', onMonitor);
    if (away) {
      away = false;
      process.on('unhandledRejection', listener);
    }
  };
  const onMonitor = (_error: unknown, origin: string): void => {
    if (origin === 'unhandledRejection') comeBack();
  };
  const reemit = (reason: unknown): void => {
    process.nextTick(() => {
      if (!away) {
        away = true;
        process.off('unhandledRejection', listener);
        process.on('uncaughtExceptionMonitor', onMonitor);
        setImmediate(comeBack);
      }
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the same reason, unchanged, for the next listener
      const again = Promise.reject(reason);
      reemitted.add(again);
    });
  };

  process.on('unhandledRejection', listener);
}

/** Our ring-client-api's package folder and that of its push receiver, as paths and real paths. */
export function ringPackageRoots(): string[] {
  const roots: string[] = [];
  try {
    roots.push(packageRoot(ringEntry(), 'ring-client-api'));
    try {
      roots.push(packageRoot(ringRequire().resolve('@eneris/push-receiver'), '@eneris/push-receiver'));
    } catch {
      // Not installed beside it: its frames then run through ring-client-api's anyway.
    }
  } catch {
    return [];
  }
  return [...new Set(roots.flatMap((root) => [root, safeRealpath(root)]))];
}

/** The folder of the package.json named `name` above `entry` (a nested one may only set "type"). */
function packageRoot(entry: string, name: string): string {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === name) return dir;
    } catch {
      // no package.json here, or not JSON: keep going up
    }
  }
  return dirname(entry);
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
