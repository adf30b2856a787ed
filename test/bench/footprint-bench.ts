/**
 * Footprint (issue 16): a real Homebridge with the built plugin and the demo home's default config
 * (no privacy rules, no live view) against the Ring cloud emulator, started TRYGR_FOOTPRINT_RUNS
 * times (default 3), each in a fresh storage folder, with Homebridge's timestamps on as under
 * hb-service. Reported as medians:
 *
 * - start-up: from the Homebridge process's start (its performance.timeOrigin) until the location
 *   summary is logged and every camera's HAP server announced itself (all accessories published);
 * - RSS and heap TRYGR_FOOTPRINT_SETTLE_MS (default 3000) after that, without a forced collection
 *   (what a user's process monitor shows), and RSS again at rest, TRYGR_FOOTPRINT_REST_MS (default
 *   45000) after publishing, once V8's memory reducer has had its chance;
 * - whether sharp and werift-rtp are loaded then (CommonJS cache, footprint-probe.ts).
 *
 * TRYGR_FOOTPRINT_PEER=<folder of a built homebridge-ring> alternates a start of that plugin (platform
 * "Ring", same home, same measures) with each of ours and adds its figures and the ratios. The peer
 * is built outside the repository. One more start of ours lists every module imported by then
 * (module hooks, which cost a thread of their own, so that run is not measured). The harness adds
 * its loopback guard and the Ring redirect (which loads ws) to both.
 *
 * As of 2026-12-04, 3 alternating starts each, trygr / homebridge-ring 14.3.0:
 * - Node 24, Homebridge 2.4: start-up 567 / 771 ms (0.74), RSS after start-up 154.8 / 183.6 MB
 *   (0.84), heap used 35.1 / 50.9 MB (0.69); werift and camera-utils deferred (src/ring/deferred-imports).
 * - Node 20, Homebridge 1.11.4: start-up 937 / 918 ms (1.02), RSS after start-up 150.7 / 148.5 MB
 *   (1.01), at rest 117.9 / 110.7 MB (1.07). Node 20 has no in-thread module hooks, so
 *   ring-client-api's werift and camera-utils load with it, as for the peer.
 * Where the memory goes (Node 20, /proc smaps and heap snapshots): about 47 MB is the node binary's
 * pages (ICU's data among them, which Homebridge's timestamps load: without them a plugin that uses
 * Intl is charged 6 MB); V8's young generation grows to 32 MB while modules load and is given back
 * by the memory reducer 20 s or more later on Node 20 (not within 45 s on Node 24); the JS heap at
 * rest is 35.7 MB for trygr and 37.4 MB for the peer. Bare Homebridge 1.11.4 is 87 MB 3 s after
 * start-up and 67 MB at rest, so everything both plugins add sits in about 50 MB. What is left to
 * defer: systeminformation (ring-client-api/util imports it for a hardware id we never ask for,
 * since we pass a systemId): about 3 MB and 12 ms on Node 24, but util is imported by our logging at
 * load, before the hook can be registered.
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
import { packagesOf } from '../support/module-packages.js';

const PROBE = join(process.cwd(), '.build/test/bench/footprint-probe.js');
const RUNS = Math.max(1, Number(process.env.TRYGR_FOOTPRINT_RUNS) || 3);
const SETTLE_MS = Number(process.env.TRYGR_FOOTPRINT_SETTLE_MS) || 3_000;
/** After this long V8's memory reducer has given the young generation back: RSS at rest. 0: skip. */
const REST_MS = Number(process.env.TRYGR_FOOTPRINT_REST_MS ?? 45_000);
/** A peer plugin's folder (homebridge-ring, built outside the repository), measured the same way. */
const PEER = process.env.TRYGR_FOOTPRINT_PEER;
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
  rest?: ProbeSample;
}

/** What is started: this plugin, or the peer with its own platform block. */
interface Subject {
  platform: (refreshToken: string) => object;
  extraPlugins: string[];
  product: boolean;
  /** The log line after which everything is published, besides every camera's. */
  summary?: RegExp;
}

const TRYGR: Subject = {
  platform: (refreshToken) => ({ platform: 'Trygr', refreshToken }),
  extraPlugins: [],
  product: true,
  summary: /\[Trygr\] Location 1 of 1: /,
};

// homebridge-ring registers its bridged accessories in the same turn, just before it publishes the cameras.
const peerSubject = (dir: string): Subject => ({ platform: (refreshToken) => ({ platform: 'Ring', refreshToken }), extraPlugins: [dir], product: false });

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

async function probe(hb: HomebridgeProcess, file: string, after = 0): Promise<ProbeSample> {
  const pid = hb.pid;
  if (pid === undefined) throw new Error('Homebridge is not running');
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const sample = JSON.parse(readFileSync(file, 'utf8')) as ProbeSample;
      if (sample.sequence > after) return sample;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error('the footprint probe did not answer; is it loaded into Homebridge?');
    await sleep(50);
  }
}

async function startOnce(subject: Subject, census: boolean): Promise<Run> {
  const cloud = await startRingCloud({ quiet: true });
  const file = join(tmpdir(), `trygr-footprint-${process.pid}.json`);
  rmSync(file, { force: true });
  try {
    const hb = await startHomebridge({
      platforms: [subject.platform(cloud.mintRefreshToken())],
      extraPlugins: subject.extraPlugins,
      product: subject.product,
      ringCloudUrl: cloud.url,
      debug: false,
      // As under hb-service: its timestamps (toLocaleString) load ICU's data, which Intl in a plugin would otherwise be charged for.
      timestamps: true,
      env: {
        NODE_OPTIONS: `--import=${pathToFileURL(PROBE).href}`,
        TRYGR_FOOTPRINT_PROBE_FILE: file,
        TRYGR_FOOTPRINT_CENSUS: census ? '1' : '',
      },
    });
    let published = 0;
    const note = (promise: Promise<unknown>) => promise.then(() => (published = Math.max(published, performance.timeOrigin + performance.now())));
    const summary = subject.summary ? [note(hb.waitForLog(subject.summary, 60_000))] : [];
    await Promise.all([...summary, ...CAMERA_NAMES.map((name) => note(hb.waitForExternalAccessory(name, 60_000)))]);
    await sleep(SETTLE_MS);
    const sample = await probe(hb, file);
    let rest: ProbeSample | undefined;
    if (!census && REST_MS > SETTLE_MS) {
      await sleep(REST_MS - SETTLE_MS);
      rest = await probe(hb, file, sample.sequence);
    }
    return { startupMs: published - sample.timeOrigin, sample, rest };
  } finally {
    await stopAll();
    await cloud.close();
    rmSync(file, { force: true });
  }
}

/** Medians over the runs, as the bench prints them (prefix: "footprint." or "footprint.peer."). */
function figures(prefix: string, runs: Run[]): Record<string, number> {
  const rest = runs.flatMap((run) => (run.rest ? [run.rest.memory.rss / MB] : []));
  return {
    [`${prefix}startup.spawn_to_all_published.median_ms`]: round(median(runs.map((run) => run.startupMs))),
    [`${prefix}startup.spawn_to_all_published.max_ms`]: round(Math.max(...runs.map((run) => run.startupMs))),
    [`${prefix}rss_after_startup.median_mb`]: round(median(runs.map((run) => run.sample.memory.rss / MB))),
    ...(rest.length > 0 ? { [`${prefix}rss_at_rest.median_mb`]: round(median(rest)) } : {}),
    [`${prefix}heap_used_after_startup.median_mb`]: round(median(runs.map((run) => run.sample.memory.heapUsed / MB))),
    [`${prefix}external_after_startup.median_mb`]: round(median(runs.map((run) => run.sample.memory.external / MB))),
  };
}

/** trygr / peer for every figure both have. */
function ratios(ours: Record<string, number>, peer: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(ours)) {
    const other = peer[key.replace(/^footprint\./, 'footprint.peer.')];
    if (other !== undefined && other > 0) out[key.replace(/^footprint\./, 'footprint.ratio_to_peer.').replace(/_(ms|mb)$/, '')] = Number((value / other).toFixed(2));
  }
  return out;
}

const loaded = (paths: string[], pkg: string) => paths.some((path) => path.includes(`/node_modules/${pkg}/`));

export async function benchFootprint(): Promise<Record<string, number | string>> {
  const runs: Run[] = [];
  const peerRuns: Run[] = [];
  // Alternating, so that a machine busier at one moment weighs on both alike.
  for (let i = 0; i < RUNS; i++) {
    runs.push(await startOnce(TRYGR, false));
    if (PEER) peerRuns.push(await startOnce(peerSubject(PEER), false));
  }
  const census = await startOnce(TRYGR, true);
  const modules = [...census.sample.esm, ...census.sample.cjs.map((path) => pathToFileURL(path).href)];
  const ours = modules.filter((url) => url.includes('/dist/') && !url.includes('/node_modules/'));
  const own = figures('footprint.', runs);
  const peer = PEER ? figures('footprint.peer.', peerRuns) : {};
  return {
    'footprint.commit': commitLabel(),
    'footprint.node': process.version,
    'footprint.runs': String(RUNS),
    ...own,
    ...peer,
    ...(PEER ? { 'footprint.peer.plugin': PEER, ...ratios(own, peer) } : {}),
    'footprint.loaded_after_startup.sharp': String(runs.some((run) => loaded(run.sample.cjs, 'sharp'))),
    'footprint.loaded_after_startup.werift-rtp': String(runs.some((run) => loaded(run.sample.cjs, 'werift-rtp'))),
    'footprint.loaded_after_startup.werift (ring-client-api)': String(loaded(modules, 'werift')),
    'footprint.census.plugin_files': new Set(ours).size,
    'footprint.census.packages': [...packagesOf(modules)].sort().join(' '),
    'footprint.target': 'RSS after start-up <= 118 MB; start-up <= 760 ms (0.8x homebridge-ring: set TRYGR_FOOTPRINT_PEER); sharp and werift-rtp not loaded',
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
