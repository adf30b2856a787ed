import { fileURLToPath } from 'node:url';
import { config } from 'rxjs';
import { PLUGIN_CODE_URL } from '../settings.js';
import type { PluginLog } from './ring-log.js';
import { comesFromPackages } from './rejection-origin.js';
import { scrub } from './log-scrub.js';
import { ringPackageRoots } from './rejection-guard.js';

/** What to do with an error thrown inside an rxjs subscriber (pure). */
export function routeStreamError(error: unknown, ringRoots: readonly string[], ownRoots: readonly string[]): 'ring' | 'ours' | 'foreign' {
  if (comesFromPackages(error, ringRoots)) return 'ring';
  if (comesFromPackages(error, ownRoots)) return 'ours';
  return 'foreign';
}

let installed = false;
const RING_LINE_EVERY_MS = 60_000;
const STACK_FRAMES = 40;

/**
 * ring-client-api handles Ring's WebSocket frames and answers inside rxjs subscribers; one it does
 * not expect (a frame without a body, an answer of the wrong shape) throws there, rxjs re-throws it
 * on a timer, and Homebridge exits. rxjs lets one handler take such errors instead. The rxjs copy
 * this affects is the one in this plugin's own node_modules, shared only with ring-client-api: an
 * error from either is logged, anything else is thrown exactly as rxjs would have thrown it.
 */
export function guardStreamErrors(log: PluginLog, ringRoots: readonly string[] = ringPackageRoots(), ownRoots: readonly string[] = [pluginRoot()]): void {
  if (installed) return;
  installed = true;
  // rxjs reaches a subscriber through a dozen of its own frames, more than Node's default ten, which
  // would cut off the frames that say whose subscriber it was. Deeper stacks cost little.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, STACK_FRAMES);
  const previous = config.onUnhandledError;
  // A stream of bad frames would otherwise be a line per frame.
  let lastLineAt = -Infinity;
  let skipped = 0;
  config.onUnhandledError = (error: unknown) => {
    const route = routeStreamError(error, ringRoots, ownRoots);
    // What Ring sent can hold anything; the line gets the same scrubbing as the library's own lines.
    const message = scrub(error instanceof Error ? error.message : String(error));
    if (route === 'ring') {
      const now = Date.now();
      if (now - lastLineAt < RING_LINE_EVERY_MS) {
        skipped++;
        return;
      }
      const more = skipped > 0 ? `; ${skipped} more since the last line` : '';
      lastLineAt = now;
      skipped = 0;
      log.warn(`Ring sent something the Ring library could not handle; it was skipped (${message}${more}).`);
    } else if (route === 'ours') {
      log.error(`An internal error was contained instead of stopping Homebridge: ${error instanceof Error && error.stack ? scrub(error.stack) : message}`);
    } else if (previous) {
      previous(error);
    } else {
      throw error;
    }
  };
}

/** The plugin's own code (dist/, or src/ under ts-jest): not node_modules, whose packages are not ours. */
function pluginRoot(): string {
  return fileURLToPath(PLUGIN_CODE_URL);
}
