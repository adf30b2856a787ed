/**
 * Loaded with `--import` into the Homebridge process of the footprint benchmark only (never in the
 * product): on SIGUSR2 it writes what the process has loaded to TRYGR_FOOTPRINT_PROBE_FILE as one
 * JSON object: `timeOrigin` (when the process started, ms since the epoch), `memory` (process.memoryUsage(), no forced collection: what a user sees), `spaces` (V8's heap spaces: how much of RSS is the young generation), `cjs` (the
 * CommonJS cache, which also holds CommonJS packages that ES modules imported, such as sharp and
 * werift-rtp) and `esm` (every URL an import resolved to, only when TRYGR_FOOTPRINT_CENSUS=1,
 * because listing them needs module hooks and their thread). When the file `<that file>.collect`
 * exists at the signal, it is removed and the sample adds `retainedHeap`: heap used after a full
 * collection, what the process keeps rather than what it has not collected yet. Asked for last,
 * since the collection also shrinks what later samples would read.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
  let collect: (() => void) | undefined;
  process.on('SIGUSR2', () => {
    sequence += 1;
    const memory = process.memoryUsage();
    let retainedHeap: number | undefined;
    if (existsSync(`${file}.collect`)) {
      rmSync(`${file}.collect`, { force: true });
      // Not --expose-gc in NODE_OPTIONS, which would hand every plugin a global gc() from the start: set now, it gives only a new context one.
      if (!collect) {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as () => void;
      }
      collect();
      retainedHeap = process.memoryUsage().heapUsed;
    }
    writeFileSync(
      file,
      JSON.stringify({
        sequence,
        timeOrigin: performance.timeOrigin,
        memory,
        retainedHeap,
        spaces: getHeapSpaceStatistics(),
        cjs: Object.keys(cache),
        esm: [...esm],
      }),
    );
  });
}
