/**
 * Footprint (issue 16): a real Homebridge with the built plugin and the demo home's default config
 * (no privacy rules, no live view) against the Ring cloud emulator, started TRYGR_FOOTPRINT_RUNS
 * times (default 3), each in a fresh storage folder, with Homebridge's timestamps on as under
 * hb-service. Reported as medians:
 *
 * - start-up: from the Homebridge process's start (its performance.timeOrigin) until the location
 *   summary is logged and every camera's HAP server announced itself (all accessories published).
 *   timeOrigin is the wall clock when that process started, so this side reads the wall clock too:
 *   on 2026-12-05 the machine's clock was set back 8 s during a bench, and this process's own
 *   timeOrigin + now() made every later start-up negative;
 * - RSS and heap TRYGR_FOOTPRINT_SETTLE_MS (default 3000) after that, without a forced collection
 *   (what a user's process monitor shows), and RSS again at rest, TRYGR_FOOTPRINT_REST_MS (default
 *   45000) after publishing, once V8's memory reducer has had its chance;
 * - whether sharp and werift-rtp are loaded then (CommonJS cache, footprint-probe.ts);
 * - at the end, start-up again after a restart on the same storage (`restart.*`): cached bridged
 *   accessories come back with the bridge, and we publish the cameras from the last connection's
 *   list before Ring answers, where the peer waits for Ring;
 * - after an event run, the issue's "400 dings, 400 contact changes, 240 snapshots, 16 motions"
 *   (footprint-plan.ts; dings and motions as pushes, the contact sensor over the location socket,
 *   snapshots asked by real paired controllers, footprint-events.ts): RSS and heap the same way,
 *   SETTLE_MS and REST_MS after its end. It comes after the start-up samples, so those stay a bare
 *   start-up's; its own include the five controllers that stay paired and subscribed, as a home hub
 *   does. A second run after the rest, sampled SETTLE_MS after its end, tells what a run leaves
 *   behind (`rss_growth_second_run`) from what the first one sets up once (part of
 *   `rss_growth_over_startup_at_rest`). RETAINED_MS after each run (TRYGR_FOOTPRINT_RETAINED_MS,
 *   default 70 s: past the 65 s for which ring-client-api keeps each ding) the heap is read after a
 *   full collection: `heap_retained_after_run`, and what the second run added to it,
 *   `heap_retained_growth_second_run`, which is the issue's "no growth over a long event run". RSS
 *   growth mixes that with the young generation's sizing and the allocator's free pages. Each
 *   subject must show it handled the run (every push acknowledged, HomeKit events of each kind,
 *   JPEG snapshots) or the bench fails: a plugin that dropped the events would look lean.
 *   TRYGR_FOOTPRINT_EVENTS=off leaves the run out, which halves the bench's time.
 *
 * TRYGR_FOOTPRINT_PEER=<folder of a built homebridge-ring> alternates a start of that plugin (platform
 * "Ring", same home, same measures) with each of ours and adds its figures and the ratios. The peer
 * is built outside the repository. One more start of ours lists every module imported by then
 * (module hooks, which cost a thread of their own, so that run is not measured). The harness adds
 * its loopback guard and the Ring redirect (which loads ws) to both. The peer's own copy of
 * ring-client-api brings its own push receiver, which that redirect does not reach:
 * footprint-peer-push.ts redirects it as well. Without it (the 2026-12-04 figures below) the peer's
 * push registration was refused by the loopback guard and it ran with no push connection at all.
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
 * start-up and 67 MB at rest, so everything both plugins add sits in about 50 MB. Since 2026-12-05
 * systeminformation (ring-client-api/util imports it for a hardware id we never ask for, since we
 * pass a systemId) is deferred too: about 3 MB and 12 ms on Node 24.
 *
 * As of 2026-12-05, 3 alternating starts each, with the event run and the peer's pushes redirected,
 * trygr / homebridge-ring 14.3.0 (every push acknowledged by both, contact 200 open + 200 closed
 * events, motion on all 4 cameras, a doorbell event; snapshots 240 / 237 of 240 a JPEG, the peer
 * answering "No Snapshot Cached" until its cache is filled):
 * - Node 20, Homebridge 1.11.4: RSS 3 s after the run 178.5 / 183.1 MB (0.97), at rest 178.7 /
 *   183.1 MB (0.98); heap used at rest 39.1 / 41.4 MB; a second run adds 3.7 / -10.6 MB. Start-up
 *   with the peer's push connection: RSS 138.9 / 146.1 MB (0.95), at rest 107.0 / 110.3 MB.
 * - Node 24, Homebridge 2.4: RSS 3 s after the run 238.5 / 352.9 MB (0.68), at rest 238.6 / 353.0 MB;
 *   heap used 40.0 / 68.3 MB (0.59); young generation 64 / 128 MB. A second run adds 47.6 / 24.0 MB:
 *   V8 doubles our young generation to the peer's 128 MB (one start: +89.8 MB, 25.8 MB of it besides
 *   the young generation, against 1.0 for the peer; not looked into yet). Start-up: RSS 152.0 /
 *   182.7 MB (0.83).
 * After a run V8 keeps the young generation at the size it grew to, and within REST_MS (2 minutes
 * tried on Node 20) the memory reducer that gives it back after start-up does not, so "at rest"
 * reads as "after the run". Of the ~70 MB over start-up at rest on Node 20 (both plugins alike), one
 * start of ours: 30 MB that young generation, 36 MB outside the JS heap, the rest old space and code.
 *
 * At 5755770 (systeminformation deferred, cameras published from the last connection's list), 3
 * alternating starts each while CI ran on the same machine, trygr / homebridge-ring:
 * - Node 20: start-up 832 / 901 ms (0.92), after a restart 575 / 901 ms (0.64); RSS after start-up
 *   141.6 / 143.4 MB (0.99), after the run 175.7 / 177.3 MB (0.99).
 * - Node 24: start-up 596 / 865 ms (0.69), after a restart 419 / 771 ms (0.54); RSS after start-up
 *   152.4 / 184.1 MB (0.83), after the run 217.8 / 348.1 MB (0.63); young generation after the run
 *   56 / 128 MB.
 *
 * At 80b6258, 3 alternating starts each on an idle machine (Node 24 start-up at 4d08798, a second
 * bench without the event run: the clock step above spoilt the first one's), trygr / homebridge-ring:
 * - Node 20: start-up 971 / 977 ms (0.99), after a restart 524 / 1074 ms (0.49); RSS after start-up
 *   138.4 / 142.3 MB (0.97), after the run 180.8 / 182.9 MB (0.99); heap kept after the run 35.8 /
 *   37.1 MB, and the second run adds 0.4 / 0.3 MB to it.
 * - Node 24: start-up 579 / 727 ms (0.80), after a restart 485 / 669 ms (0.73); RSS after start-up
 *   152.2 / 185.8 MB (0.82), after the run 256.4 / 353.8 MB (0.72); heap kept after the run 30.3 /
 *   44.2 MB (0.69), and the second run adds -0.1 / -4.6 MB to it. So the RSS a second run adds
 *   (20.3 MB for us besides the young generation) is not kept objects: it is the allocator's.
 * Where start-up RSS goes on Node 24 (one start, /proc smaps, 3 s after publishing): bare Homebridge
 * is 118 MB, trygr 151 MB. Of our 33 MB: 14 MB more V8 heap pages (the old space grows 4.5 MB; the
 * rest is young-generation pages that start-up garbage touched: of the 60 MB a first start
 * allocates, sampled, 12 MB is tweetnacl making HAP's key pairs for the 4 new cameras), a 9.5 MB
 * malloc arena that V8's background tier-up of undici's llhttp WebAssembly leaves behind after the
 * first few requests (undici alone, 3 fetches: the same 9.4 MB; gone with --liftoff-only), 1.5 MB
 * of OpenSSL's root certificates, 2.3 MB of compiler zones, and 3.3 MB more of the main malloc
 * heap. All but the old space are the same for the peer; ring-client-api's own import of undici's
 * index rather than the two classes it uses costs 1.9 MB of heap, and answering it with those two
 * files (tried) saved no RSS.
 *
 *
 * At dd41951 (rxjs from its single-file build where Node has in-thread hooks), 5 alternating starts
 * each without the event run, idle machine, trygr / homebridge-ring:
 * - Node 24: start-up 572 / 765 ms (0.75), after a restart 414 / 720 ms (0.57); RSS after start-up
 *   148.8 / 185.1 MB (0.804), heap used 37.8 / 51.0 MB; a second such bench at 5279ecf: 149.5 /
 *   185.1 MB (0.81), start-up 0.72. Before it, the same bench at 9665d4b: RSS 151.2 / 184.9 MB
 *   (0.82). In a bare Node 24, rxjs's CommonJS build (226 files) takes about 55 ms
 *   and 17 MB of RSS to load, its single file 6 ms and 5.4 MB; in Homebridge, where much of that is
 *   shared with what else loads, one start of ours gains about 2.5 MB and 15-20 ms.
 * - Node 20 (no in-thread hooks, so unchanged): start-up 997 / 1022 ms (0.98), after a restart
 *   513 / 1026 ms (0.50); RSS after start-up 139.2 / 142.3 MB (0.98).
 * Tried and left out: ring-client-api's `import { Agent | WebSocket } from 'undici'` answered with
 * those two of undici's files rather than its index (110 files; 50 with the two) gained about
 * 20 ms and no RSS on Node 24, and leans on undici's internal paths.
 *
 * `benchFootprint()` is called by the bench runner; run this file directly to print the numbers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { startHomebridge, stopAll, type HomebridgeProcess } from '../harness/index.js';
import { CAMERA_NAMES } from '../e2e/accessories-support.js';
import { packagesOf } from '../support/module-packages.js';
import { driveEventRun, handledOrThrow, pairHome, type EventRun } from './footprint-events.js';
import { EVENT_RUN } from './footprint-plan.js';
import { median } from './bench-stats.js';

const PROBE = join(process.cwd(), '.build/test/bench/footprint-probe.js');
const PEER_PUSH = join(process.cwd(), '.build/test/bench/footprint-peer-push.js');
const RUNS = Math.max(1, Number(process.env.TRYGR_FOOTPRINT_RUNS) || 3);
const SETTLE_MS = Number(process.env.TRYGR_FOOTPRINT_SETTLE_MS) || 3_000;
/** After this long V8's memory reducer has given the young generation back: RSS at rest. 0: skip. */
const REST_MS = Number(process.env.TRYGR_FOOTPRINT_REST_MS ?? 45_000);
/**
 * ring-client-api keeps every ding a camera was pushed for 65 s (RingCamera.processPushNotification),
 * for both plugins: only after that does the heap show what a run leaves behind.
 */
const DING_WINDOW_MS = 65_000;
/** After each event run, how long until the heap is sampled after a full collection. 0: skip. */
const RETAINED_MS = Number(process.env.TRYGR_FOOTPRINT_RETAINED_MS ?? DING_WINDOW_MS + 5_000);
/** A peer plugin's folder (homebridge-ring, built outside the repository), measured the same way. */
const PEER = process.env.TRYGR_FOOTPRINT_PEER;
/** The event run after the start-up samples (footprint-events.ts); "off" leaves it out. */
const EVENTS = process.env.TRYGR_FOOTPRINT_EVENTS !== 'off';
const MB = 1024 * 1024;

interface ProbeSample {
  sequence: number;
  timeOrigin: number;
  memory: NodeJS.MemoryUsage;
  /** Heap used after a full collection, when asked for (`probe(..., collect)`). */
  retainedHeap?: number;
  spaces: Array<{ space_name: string; space_size: number }>;
  cjs: string[];
  esm: string[];
}

interface Run {
  startupMs: number;
  sample: ProbeSample;
  rest?: ProbeSample;
  events?: {
    run: EventRun;
    handled: string;
    sample: ProbeSample;
    rest?: ProbeSample;
    again: ProbeSample;
    /** Heap after a full collection, RETAINED_MS after the first and after the second run. */
    retained?: { first: number; second: number };
  };
  /** From spawn to every accessory published again, restarted on the same storage. */
  restartMs?: number;
}

/** What is started: this plugin, or the peer with its own platform block. */
interface Subject {
  platform: (refreshToken: string) => object;
  extraPlugins: string[];
  product: boolean;
  /** The log line after which everything is published, besides every camera's. */
  summary?: RegExp;
  /**
   * Its config block gets a newly minted token before the restart: after the event run the peer's
   * rotated token was not always in config.json (Ring refused the one there), and a restart that
   * cannot sign in measures nothing.
   */
  freshTokenOnRestart?: boolean;
  /** Modules loaded after the harness's, and their environment. */
  imports?: string[];
  env?: Record<string, string>;
}

const TRYGR: Subject = {
  platform: (refreshToken) => ({ platform: 'Trygr', refreshToken }),
  extraPlugins: [],
  product: true,
  summary: /\[Trygr\] Location 1 of 1: /,
};

// homebridge-ring registers its bridged accessories in the same turn, just before it publishes the cameras.
// Its pushes need their own redirect (footprint-peer-push.ts).
const peerSubject = (dir: string): Subject => ({
  platform: (refreshToken) => ({ platform: 'Ring', refreshToken }),
  extraPlugins: [dir],
  product: false,
  imports: [PEER_PUSH],
  env: { TRYGR_FOOTPRINT_PEER_DIR: dir },
  freshTokenOnRestart: true,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number) => Number(value.toFixed(1));

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

async function probe(hb: HomebridgeProcess, file: string, after = 0, collect = false): Promise<ProbeSample> {
  const pid = hb.pid;
  if (pid === undefined) throw new Error('Homebridge is not running');
  if (collect) writeFileSync(`${file}.collect`, '');
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
        NODE_OPTIONS: [PROBE, ...(subject.imports ?? [])].map((file) => `--import=${pathToFileURL(file).href}`).join(' '),
        ...subject.env,
        TRYGR_FOOTPRINT_PROBE_FILE: file,
        TRYGR_FOOTPRINT_CENSUS: census ? '1' : '',
      },
    });
    let published = 0;
    const note = (promise: Promise<unknown>) => promise.then(() => (published = Math.max(published, Date.now())));
    const summary = subject.summary ? [note(hb.waitForLog(subject.summary, 60_000))] : [];
    await Promise.all([...summary, ...CAMERA_NAMES.map((name) => note(hb.waitForExternalAccessory(name, 60_000)))]);
    await sleep(SETTLE_MS);
    const sample = await probe(hb, file);
    let rest: ProbeSample | undefined;
    if (!census && REST_MS > SETTLE_MS) {
      await sleep(REST_MS - SETTLE_MS);
      rest = await probe(hb, file, sample.sequence);
    }
    const events = !census && EVENTS ? await eventsOnce(hb, cloud, file, (rest ?? sample).sequence, subject) : undefined;
    const restartMs = census ? undefined : await restartOnce(hb, file, subject.freshTokenOnRestart ? cloud.mintRefreshToken() : undefined);
    const startupMs = published - sample.timeOrigin;
    if (!(startupMs > 0)) throw new Error(`start-up measured as ${startupMs} ms: the machine's clock moved during it`);
    return { startupMs, sample, rest, events, restartMs };
  } finally {
    await stopAll();
    await cloud.close();
    rmSync(file, { force: true });
    rmSync(`${file}.collect`, { force: true });
  }
}

/**
 * A restart on the same storage, as after an update or a settings change: from spawn until the
 * bridge (with the accessories Homebridge restored from its cache) and every camera are published
 * again. A plugin that waits for Ring before publishing its cameras pays for Ring's answer here.
 */
async function restartOnce(hb: HomebridgeProcess, file: string, freshToken?: string): Promise<number> {
  rmSync(file, { force: true });
  await hb.stop();
  if (freshToken) {
    const config = JSON.parse(readFileSync(hb.configPath, 'utf8')) as { platforms: Array<{ refreshToken?: string }> };
    for (const block of config.platforms) if (block.refreshToken !== undefined) block.refreshToken = freshToken;
    writeFileSync(hb.configPath, JSON.stringify(config, null, 2));
  }
  // Resolves once the bridge is published (the harness waits for its line).
  await hb.restart();
  let published = Date.now();
  await Promise.all(CAMERA_NAMES.map((name) => hb.waitForExternalAccessory(name, 60_000).then(() => (published = Math.max(published, Date.now())))));
  // The new process's probe starts its count afresh; the file was removed, so this sample is its own.
  const restartMs = published - (await probe(hb, file)).timeOrigin;
  if (!(restartMs > 0)) throw new Error(`restart measured as ${restartMs} ms: the machine's clock moved during it`);
  return restartMs;
}

/**
 * The event run, then the same samples as after start-up: SETTLE_MS after its end and at rest; then
 * the run again and a sample SETTLE_MS after it, to tell what a run leaves behind from what the
 * first run sets up once.
 */
async function eventsOnce(hb: HomebridgeProcess, cloud: RingCloud, file: string, sequence: number, subject: Subject): Promise<Run['events']> {
  const label = subject.product ? 'trygr' : 'the peer';
  const home = await pairHome(hb, cloud);
  const run = await driveEventRun(hb, cloud, home);
  await sleep(SETTLE_MS);
  const sample = await probe(hb, file, sequence);
  const handled = handledOrThrow(run, label);
  let rest: ProbeSample | undefined;
  if (REST_MS > SETTLE_MS) {
    await sleep(REST_MS - SETTLE_MS);
    rest = await probe(hb, file, sample.sequence);
  }
  let last = rest ?? sample;
  // Last before the second run: the collection also gives back pages that the RSS samples would count.
  let first: ProbeSample | undefined;
  if (RETAINED_MS > Math.max(REST_MS, SETTLE_MS)) {
    await sleep(RETAINED_MS - Math.max(REST_MS, SETTLE_MS));
    last = first = await probe(hb, file, last.sequence, true);
  }
  const second = await driveEventRun(hb, cloud, home);
  await sleep(SETTLE_MS);
  const again = await probe(hb, file, last.sequence);
  handledOrThrow(second, `${label} (second run)`);
  let retained: { first: number; second: number } | undefined;
  if (first?.retainedHeap !== undefined) {
    await sleep(RETAINED_MS - SETTLE_MS);
    const after = await probe(hb, file, again.sequence, true);
    if (after.retainedHeap !== undefined) retained = { first: first.retainedHeap, second: after.retainedHeap };
  }
  return { run, handled, sample, rest, again, retained };
}

/** Medians over the runs, as the bench prints them (prefix: "footprint." or "footprint.peer."). */
function figures(prefix: string, runs: Run[]): Record<string, number> {
  const rest = runs.flatMap((run) => (run.rest ? [run.rest.memory.rss / MB] : []));
  const restarts = runs.flatMap((run) => (run.restartMs === undefined ? [] : [run.restartMs]));
  return {
    [`${prefix}startup.spawn_to_all_published.median_ms`]: round(median(runs.map((run) => run.startupMs))),
    [`${prefix}startup.spawn_to_all_published.max_ms`]: round(Math.max(...runs.map((run) => run.startupMs))),
    [`${prefix}rss_after_startup.median_mb`]: round(median(runs.map((run) => run.sample.memory.rss / MB))),
    ...(rest.length > 0 ? { [`${prefix}rss_at_rest.median_mb`]: round(median(rest)) } : {}),
    [`${prefix}heap_used_after_startup.median_mb`]: round(median(runs.map((run) => run.sample.memory.heapUsed / MB))),
    [`${prefix}external_after_startup.median_mb`]: round(median(runs.map((run) => run.sample.memory.external / MB))),
    ...(restarts.length > 0 ? { [`${prefix}restart.spawn_to_all_published.median_ms`]: round(median(restarts)) } : {}),
    ...eventFigures(prefix, runs),
  };
}

function eventFigures(prefix: string, runs: Run[]): Record<string, number> {
  const events = runs.flatMap((run) => (run.events ? [{ ...run.events, startupRest: run.rest }] : []));
  if (events.length === 0) return {};
  const rested = events.flatMap((e) => (e.rest ? [e.rest] : []));
  const growth = events.flatMap((e) => (e.rest && e.startupRest ? [(e.rest.memory.rss - e.startupRest.memory.rss) / MB] : []));
  const retained = events.flatMap((e) => (e.retained ? [e.retained] : []));
  const young = (sample: ProbeSample) => (sample.spaces.find((space) => space.space_name === 'new_space')?.space_size ?? NaN) / MB;
  return {
    [`${prefix}events.run_duration.median_ms`]: round(median(events.map((e) => e.run.durationMs))),
    [`${prefix}events.rss_after_run.median_mb`]: round(median(events.map((e) => e.sample.memory.rss / MB))),
    [`${prefix}events.heap_used_after_run.median_mb`]: round(median(events.map((e) => e.sample.memory.heapUsed / MB))),
    ...(rested.length > 0
      ? {
          [`${prefix}events.rss_at_rest.median_mb`]: round(median(rested.map((s) => s.memory.rss / MB))),
          [`${prefix}events.heap_used_at_rest.median_mb`]: round(median(rested.map((s) => s.memory.heapUsed / MB))),
          [`${prefix}events.young_generation_at_rest.median_mb`]: round(median(rested.map(young))),
        }
      : {}),
    ...(growth.length > 0 ? { [`${prefix}events.rss_growth_over_startup_at_rest.median_mb`]: round(median(growth)) } : {}),
    ...(retained.length > 0
      ? {
          [`${prefix}events.heap_retained_after_run.median_mb`]: round(median(retained.map((r) => r.first / MB))),
          [`${prefix}events.heap_retained_growth_second_run.median_mb`]: round(median(retained.map((r) => (r.second - r.first) / MB))),
        }
      : {}),
    [`${prefix}events.rss_growth_second_run.median_mb`]: round(median(events.map((e) => (e.again.memory.rss - e.sample.memory.rss) / MB))),
    // V8 may still be growing the young generation between runs (Node 24): sizing, not what a run leaves.
    [`${prefix}events.rss_growth_second_run_besides_young_generation.median_mb`]: round(
      median(events.map((e) => (e.again.memory.rss - e.sample.memory.rss) / MB - (young(e.again) - young(e.sample)))),
    ),
  };
}

/** trygr / peer for every figure both have. */
function ratios(ours: Record<string, number>, peer: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(ours)) {
    // A difference near zero makes a ratio of noise; V8 sizes the young generation alike for both.
    if (/growth|young_generation/.test(key)) continue;
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
  const handled = (list: Run[]) => list.flatMap((run) => (run.events ? [run.events.handled] : [])).join(' | ');
  return {
    'footprint.commit': commitLabel(),
    'footprint.node': process.version,
    'footprint.runs': String(RUNS),
    ...own,
    ...peer,
    ...(PEER ? { 'footprint.peer.plugin': PEER, ...ratios(own, peer) } : {}),
    ...(EVENTS
      ? {
          'footprint.events.run': `${EVENT_RUN.dings} dings, ${EVENT_RUN.contactChanges} contact changes, ${EVENT_RUN.snapshots} snapshots, ${EVENT_RUN.motions} motions`,
          'footprint.events.handled': handled(runs),
          ...(PEER ? { 'footprint.peer.events.handled': handled(peerRuns) } : {}),
        }
      : {}),
    'footprint.loaded_after_startup.sharp': String(runs.some((run) => loaded(run.sample.cjs, 'sharp'))),
    'footprint.loaded_after_startup.werift-rtp': String(runs.some((run) => loaded(run.sample.cjs, 'werift-rtp'))),
    'footprint.loaded_after_startup.werift (ring-client-api)': String(loaded(modules, 'werift')),
    'footprint.census.plugin_files': new Set(ours).size,
    'footprint.census.packages': [...packagesOf(modules)].sort().join(' '),
    'footprint.target':
      'RSS after start-up <= 118 MB, after the event run <= 98 MB; start-up <= 760 ms (0.8x homebridge-ring: set TRYGR_FOOTPRINT_PEER); sharp and werift-rtp not loaded',
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
