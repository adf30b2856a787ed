import { pathToFileURL } from 'node:url';

/**
 * Deciding whether an unhandled rejection belongs to ring-client-api, and what Node would do with
 * one that does not. Pure: the package folders and Node's options are passed in.
 */

/** The stack's frame lines ("    at fn (location)"), without the message, which anyone can write. */
export function stackFrames(stack: string): string[] {
  return stack.split('\n').filter((line) => /^\s+at /.test(line));
}

/**
 * True when a frame of the reason's stack lies inside one of `packageRoots` (absolute folders).
 * Only frames count: a message that merely names the library, or another plugin's own copy of it in
 * a different folder, does not. Frames appear as paths (CommonJS) or file URLs (ES modules).
 */
export function comesFromPackages(reason: unknown, packageRoots: readonly string[]): boolean {
  const stack = (reason as { stack?: unknown } | null | undefined)?.stack;
  if (typeof stack !== 'string' || packageRoots.length === 0) {
    return false;
  }
  const prefixes = packageRoots.flatMap((root) => {
    const folder = root.replace(/[\\/]+$/, '');
    return [folder + '/', folder + '\\', pathToFileURL(folder).href + '/'];
  });
  return stackFrames(stack).some((frame) => prefixes.some((prefix) => frame.includes(prefix)));
}

export type UnhandledRejectionsMode = 'throw' | 'strict' | 'warn' | 'none' | 'warn-with-error-code';

const MODES: readonly UnhandledRejectionsMode[] = ['throw', 'strict', 'warn', 'none', 'warn-with-error-code'];

/** Node's `--unhandled-rejections` mode from its command line and NODE_OPTIONS (later wins, as in Node). */
export function unhandledRejectionsMode(execArgv: readonly string[], nodeOptions: string | undefined): UnhandledRejectionsMode {
  const args = [...(nodeOptions ?? '').split(/\s+/).filter(Boolean), ...execArgv];
  let mode: UnhandledRejectionsMode = 'throw';
  args.forEach((arg, index) => {
    const value = arg.startsWith('--unhandled-rejections=')
      ? arg.slice('--unhandled-rejections='.length)
      : arg === '--unhandled-rejections'
        ? args[index + 1]
        : undefined;
    if (value !== undefined && (MODES as readonly string[]).includes(value)) {
      mode = value as UnhandledRejectionsMode;
    }
  });
  return mode;
}

/**
 * What the guard does with a rejection that is not ring-client-api's, so that Node behaves as if
 * the guard were not there (lib/internal/process/promises.js, Node 20):
 * - 'reemit': we are the only listener and Node's mode acts only when no listener handled the
 *   rejection: 'throw' (the default: raise it as an uncaught exception) and 'warn-with-error-code'.
 * - 'leave': another listener is registered, so Node would not act anyway; or the mode acts whatever
 *   the listeners do ('warn' always warns, 'none' never acts, 'strict' raised it before any listener).
 */
export function foreignRejectionAction(otherListeners: number, mode: UnhandledRejectionsMode): 'leave' | 'reemit' {
  return otherListeners === 0 && (mode === 'throw' || mode === 'warn-with-error-code') ? 'reemit' : 'leave';
}
