/**
 * Loaded with `--import` into the Homebridge process of the soak benchmark only (never in the
 * product): on SIGUSR2 it collects garbage and writes what the process holds to the file named by
 * TRYGR_SOAK_PROBE_FILE, one JSON object with a sequence number, so the benchmark can sample the
 * same process at the start, middle and end of a long run.
 *
 * - `resources`: process.getActiveResourcesInfo() by type (handles, requests, ref'd timers).
 * - `timers`: every live timer, ref'd or not: setTimeout/setInterval are counted from creation until
 *   they fire (timeouts) or are cleared. An unref'd timer never shows in `resources`, and a timer
 *   leak is the typical leak of a long-running plugin.
 * - `memory`: process.memoryUsage() after a full collection.
 *
 * TRYGR_SOAK_SHARP_CACHE=off turns libvips' operation cache off (sharp.cache(false)) before the
 * plugin loads, to tell native memory that cache holds from memory that grows.
 * TRYGR_SOAK_HEAP_DIR=<dir> also writes a V8 heap snapshot at each sample (<dir>/soak-<sequence>.heapsnapshot),
 * to compare what the heap holds at the start and at the end when it grows.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

const file = process.env.TRYGR_SOAK_PROBE_FILE;

/** Live timers and intervals: added when made, deleted when a timeout fires or either is cleared. */
const live = new Set<object>();

function track(): void {
  const originalSetTimeout = globalThis.setTimeout;
  const originalSetInterval = globalThis.setInterval;
  const originalClearTimeout = globalThis.clearTimeout;
  const originalClearInterval = globalThis.clearInterval;
  globalThis.setTimeout = function setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) {
    const timer: NodeJS.Timeout = originalSetTimeout(
      (...inner: unknown[]) => {
        live.delete(timer);
        callback(...inner);
      },
      ms,
      ...args,
    );
    live.add(timer);
    return timer;
  } as typeof globalThis.setTimeout;
  globalThis.setInterval = function setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) {
    const timer = originalSetInterval(callback, ms, ...args);
    live.add(timer);
    return timer;
  } as typeof globalThis.setInterval;
  const clear = (original: (timer?: NodeJS.Timeout | string | number) => void) => (timer?: NodeJS.Timeout | string | number) => {
    if (timer !== undefined && timer !== null && typeof timer === 'object') live.delete(timer);
    original(timer);
  };
  globalThis.clearTimeout = clear(originalClearTimeout as (timer?: NodeJS.Timeout | string | number) => void) as typeof globalThis.clearTimeout;
  globalThis.clearInterval = clear(originalClearInterval as (timer?: NodeJS.Timeout | string | number) => void) as typeof globalThis.clearInterval;
}

function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

if (file) {
  if (process.env.TRYGR_SOAK_SHARP_CACHE === 'off') {
    // The plugin's copy: the probe and the plugin resolve sharp from the same node_modules.
    (createRequire(import.meta.url)('sharp') as { cache(options: boolean): unknown }).cache(false);
  }
  track();
  const gc = collector();
  let sequence = 0;
  process.on('SIGUSR2', () => {
    gc();
    gc();
    const resources: Record<string, number> = {};
    for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
    sequence += 1;
    const heapDir = process.env.TRYGR_SOAK_HEAP_DIR;
    if (heapDir) writeHeapSnapshot(join(heapDir, `soak-${sequence}.heapsnapshot`));
    // Ids the push receivers keep (see push-redirect.ts); the library's, so counted apart.
    let pushIds = 0;
    const receivers = (globalThis as unknown as Record<symbol, Set<WeakRef<{ persistentIds: string[] }>> | undefined>)[Symbol.for('trygr.ringRedirect.receivers')];
    for (const ref of receivers ?? []) pushIds += ref.deref()?.persistentIds.length ?? 0;
    writeFileSync(file, JSON.stringify({ sequence, at: Date.now(), memory: process.memoryUsage(), resources, timers: live.size, pushIds }));
  });
}
