/**
 * Footprint (issue 16): a real Homebridge with the built plugin and the demo home's default config
 * (no privacy rules, no live view) against the Ring cloud emulator, started TRYGR_FOOTPRINT_RUNS
 * times (default 3), each in a fresh storage folder. Reported as medians:
 *
 * - start-up: from the Homebridge process's start (its performance.timeOrigin) until the location
 *   summary is logged and every camera's HAP server announced itself (all accessories published);
 * - RSS and heap at rest TRYGR_FOOTPRINT_SETTLE_MS (default 3000) after that, without a forced
 *   collection (what a user's process monitor shows);
 * - whether sharp and werift-rtp are loaded then (CommonJS cache, footprint-probe.ts).
 *
 * One more start lists every module imported by then (module hooks, which cost a thread of their
 * own, so that run is not measured): werift (ring-client-api's bundle) and how many of our files
 * and which packages. The harness adds its loopback guard and the Ring redirect (which loads ws),
 * so a production process is a little smaller.
 *
 * As of 2026-12-04 (2 loaded cores, Node 20, medians of 9 starts each): sharp, werift-rtp, the
 * live-view stack and the ledger's reader and summariser load on first use; RSS after start-up went
 * from 152 to 139 MB, our own modules' load from 220-330 to 70-90 ms. What is left: about 41 MB is
 * Node itself (mostly its binary's pages); V8's young generation grows to 32 MB while modules load
 * and is given back only when V8's memory reducer runs, 20 s or more later (then RSS drops by about
 * 30 MB); hap-nodejs adds about 30 MB and ring-client-api about 50 MB, of which werift (its live
 * view, imported by its index, with @peculiar/x509 and @noble/curves) about 10 MB and 165 ms. Heap
 * snapshot: module sources are 10.5 MB of the 36 MB heap (undici 1.6, hap-nodejs 1.2, werift 0.9,
 * systeminformation 0.9, ours 0.6).
 *
 * `benchFootprint()` is called by the bench runner; run this file directly to print the numbers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startRingCloud } from '../emulator/index.js';
import { startHomebridge, stopAll, type HomebridgeProcess } from '../harness/index.js';
import { CAMERA_NAMES } from '../e2e/accessories-support.js';

const PROBE = join(process.cwd(), '.build/test/bench/footprint-probe.js');
const RUNS = Math.max(1, Number(process.env.TRYGR_FOOTPRINT_RUNS) || 3);
const SETTLE_MS = Number(process.env.TRYGR_FOOTPRINT_SETTLE_MS) || 3_000;
const MB = 1024 * 1024;

interface ProbeSample {
  sequence: number;
  timeOrigin: number;
  memory: NodeJS.MemoryUsage;
  cjs: string[];
  esm: string[];
}

interface Run {
  startupMs: number;
  sample: ProbeSample;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number) => Number(value.toFixed(1));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The commit the figures were taken at, and whether the work tree differed from it. */
export function commitLabel(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return dirty ? `${commit} (work tree modified)` : commit;
  } catch {
    return 'unknown';
  }
}

async function probe(hb: HomebridgeProcess, file: string): Promise<ProbeSample> {
  const pid = hb.pid;
  if (pid === undefined) throw new Error('Homebridge is not running');
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as ProbeSample;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error('the footprint probe did not answer; is it loaded into Homebridge?');
    await sleep(50);
  }
}

async function startOnce(census: boolean): Promise<Run> {
  const cloud = await startRingCloud({ quiet: true });
  const file = join(tmpdir(), `trygr-footprint-${process.pid}.json`);
  rmSync(file, { force: true });
  try {
    const hb = await startHomebridge({
      platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken() }],
      ringCloudUrl: cloud.url,
      debug: false,
      env: {
        NODE_OPTIONS: `--import=${pathToFileURL(PROBE).href}`,
        TRYGR_FOOTPRINT_PROBE_FILE: file,
        TRYGR_FOOTPRINT_CENSUS: census ? '1' : '',
      },
    });
    let published = 0;
    const note = (promise: Promise<unknown>) => promise.then(() => (published = Math.max(published, performance.timeOrigin + performance.now())));
    await Promise.all([note(hb.waitForLog(/\[Trygr\] Location 1 of 1: /, 60_000)), ...CAMERA_NAMES.map((name) => note(hb.waitForExternalAccessory(name, 60_000)))]);
    await sleep(SETTLE_MS);
    const sample = await probe(hb, file);
    return { startupMs: published - sample.timeOrigin, sample };
  } finally {
    await stopAll();
    await cloud.close();
    rmSync(file, { force: true });
  }
}

const loaded = (paths: string[], pkg: string) => paths.some((path) => path.includes(`/node_modules/${pkg}/`));

/** Package names (scope included) of every module path, each once. */
function packagesOf(paths: string[]): string[] {
  const names = new Set<string>();
  for (const path of paths) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}

export async function benchFootprint(): Promise<Record<string, number | string>> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce(false));
  const census = await startOnce(true);
  const modules = [...census.sample.esm, ...census.sample.cjs.map((path) => pathToFileURL(path).href)];
  const ours = modules.filter((url) => url.includes('/dist/') && !url.includes('/node_modules/'));
  return {
    'footprint.commit': commitLabel(),
    'footprint.runs': String(RUNS),
    'footprint.startup.spawn_to_all_published.median_ms': round(median(runs.map((run) => run.startupMs))),
    'footprint.startup.spawn_to_all_published.max_ms': round(Math.max(...runs.map((run) => run.startupMs))),
    'footprint.rss_after_startup.median_mb': round(median(runs.map((run) => run.sample.memory.rss / MB))),
    'footprint.heap_used_after_startup.median_mb': round(median(runs.map((run) => run.sample.memory.heapUsed / MB))),
    'footprint.external_after_startup.median_mb': round(median(runs.map((run) => run.sample.memory.external / MB))),
    'footprint.loaded_after_startup.sharp': String(runs.some((run) => loaded(run.sample.cjs, 'sharp'))),
    'footprint.loaded_after_startup.werift-rtp': String(runs.some((run) => loaded(run.sample.cjs, 'werift-rtp'))),
    'footprint.loaded_after_startup.werift (ring-client-api)': String(loaded(modules, 'werift')),
    'footprint.census.plugin_files': new Set(ours).size,
    'footprint.census.packages': packagesOf(modules).join(' '),
    'footprint.target': 'RSS after start-up <= 118 MB; start-up <= 760 ms; sharp and werift-rtp not loaded',
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchFootprint().then(
    (results) => console.log(JSON.stringify(results, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
