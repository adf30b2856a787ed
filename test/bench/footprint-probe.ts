/**
 * Loaded with `--import` into the Homebridge process of the footprint benchmark only (never in the
 * product): on SIGUSR2 it writes what the process has loaded to TRYGR_FOOTPRINT_PROBE_FILE as one
 * JSON object: `timeOrigin` (when the process started, ms since the epoch), `memory` (process.memoryUsage(), no forced collection: what a user sees), `spaces` (V8's heap spaces: how much of RSS is the young generation), `cjs` (the
 * CommonJS cache, which also holds CommonJS packages that ES modules imported, such as sharp and
 * werift-rtp) and `esm` (every URL an import resolved to, only when TRYGR_FOOTPRINT_CENSUS=1,
 * because listing them needs module hooks and their thread).
 */
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { getHeapSpaceStatistics } from 'node:v8';
import { MessageChannel } from 'node:worker_threads';

const file = process.env.TRYGR_FOOTPRINT_PROBE_FILE;

if (file) {
  const esm = new Set<string>();
  if (process.env.TRYGR_FOOTPRINT_CENSUS === '1') {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (url: string) => esm.add(url));
    port1.unref();
    register('./footprint-hooks.js', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
  }
  const cache = createRequire(import.meta.url).cache;
  let sequence = 0;
  process.on('SIGUSR2', () => {
    sequence += 1;
    writeFileSync(
      file,
      JSON.stringify({
        sequence,
        timeOrigin: performance.timeOrigin,
        memory: process.memoryUsage(),
        spaces: getHeapSpaceStatistics(),
        cjs: Object.keys(cache),
        esm: [...esm],
      }),
    );
  });
}
