/**
 * Soak: a real Homebridge with the built plugin against the Ring cloud emulator's demo home, fed a
 * long mix of events on every device (camera motion with and without detections, doorbell presses,
 * contact sensors, the alarm motion sensor, HomeKit snapshot requests), with location-socket drops,
 * token rotations (short access tokens) and policy saves (config.json's `privacy` rewritten as the
 * settings panel saves it) mixed in, while HomeKit controllers stay subscribed.
 *
 * Reported: the Homebridge process's RSS (/proc/<pid>/status VmRSS) and heap after warm-up, in the
 * middle and at the end (each at rest, after a full collection), its active handles by type and its live
 * timers (soak-probe.ts, loaded into that process only), and the audit ledger's size.
 * Target: RSS growth under 10 MB after warm-up, and no growth in handles or timers.
 *
 * TRYGR_SOAK_EVENTS sets the number of events (default 200 000); e.g. 5000 for a quick run. TRYGR_SOAK_REST_MS
 * sets the rest before each sample; TRYGR_SOAK_HEAP_DIR makes the probe write heap snapshots there;
 * TRYGR_SOAK_SNAPSHOTS=off leaves out the HomeKit snapshot requests (to tell image work from the rest).
 * As of 2026-12-03 (200,000 events): handles and timers hold flat at rest. Forwarded snapshots are no
 * longer decoded, which took RSS growth at 30,000 events from 22.7 to 7.9 MB; what libvips still
 * decodes (masked snapshots) fragments glibc's arenas a little. The JS heap grows by one push id per
 * push: ring-client-api's push receiver keeps them until its next FCM login (heap snapshots: all of
 * the heap's growth), reported as `push_receiver_ids`.
 * `benchSoak()` is called by the bench runner; run this file directly to print the numbers.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { demoHome, startRingCloud, type PushDelivery, type RingCloud } from '../emulator/index.js';
import { findChar, startHomebridge, stopAll, type HapClient, type HomebridgeProcess } from '../harness/index.js';
import { pluginFiles } from '../../src/config/plugin-files.js';
import { soakPlan, type SoakStep } from './soak-plan.js';

const EVENTS = Number(process.env.TRYGR_SOAK_EVENTS ?? 200_000);
/**
 * Events before the first sample, and at least this long: caches, JIT and the ledger's first file
 * settle, and ring-client-api keeps every push for 65 s (a timer and the notification each), so
 * only after that window is the process in its steady state for the event rate.
 */
const WARMUP_SHARE = 0.1;
const WARMUP_MIN_MS = 100_000;
/**
 * Each sample is taken at rest: no event for this long before it. ring-client-api holds each push for
 * 65 s (a timer and the notification), so a sample taken mid-stream counts the last minute's pushes,
 * and two samples at different event rates differ by that alone. At rest, only what stays is counted.
 */
const REST_MS = Number(process.env.TRYGR_SOAK_REST_MS ?? 70_000);
/** Pushes in flight at once (the emulator waits for each acknowledgement). */
const CONCURRENCY = 8;
const PROBE = join(process.cwd(), '.build/test/bench/soak-probe.js');

const { cameras, alarm } = demoHome;

/** Two policies the "panel" saves in turn: everything forwarded except people; and masks and private rules on top. */
const POLICIES = [
  { defaultAction: 'forward', rules: [{ name: 'No people', when: { detectionTypes: ['person'] }, action: 'block' }] },
  {
    defaultAction: 'forward',
    rules: [
      { name: 'No people', when: { detectionTypes: ['person'] }, action: 'block' },
      { name: 'Indoor private at home', devices: { kinds: ['indoor-camera'] }, when: { modes: ['home'] }, action: 'block' },
      {
        name: 'Mask the neighbour',
        devices: { names: ['Driveway'] },
        signals: ['snapshot', 'event-snapshot'],
        action: 'event-only',
        snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }] },
      },
    ],
  },
];

interface ProbeSample {
  sequence: number;
  memory: NodeJS.MemoryUsage;
  resources: Record<string, number>;
  timers: number;
  /** Persistent ids held by ring-client-api's push receiver (one per push since its FCM login). */
  pushIds: number;
}

interface Sample extends ProbeSample {
  events: number;
  rssKb: number;
}

/** Handles, requests and immediates: every active resource but timers (counted on their own). */
function handleCount(s: ProbeSample): number {
  return Object.entries(s.resources)
    .filter(([type]) => type !== 'Timeout')
    .reduce((sum, [, n]) => sum + n, 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function vmRssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? NaN);
}

async function sample(hb: HomebridgeProcess, probeFile: string, events: number, previous: number): Promise<Sample> {
  const pid = hb.pid;
  if (pid === undefined) throw new Error('Homebridge is not running');
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as ProbeSample;
      if (probe.sequence > previous) return { ...probe, events, rssKb: vmRssKb(pid) };
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error('the soak probe did not answer; is it loaded into Homebridge?');
    await sleep(100);
  }
}

/** The settings panel's save: the whole config.json rewritten with a new `privacy` in our block. */
function savePolicy(configPath: string, policy: unknown): void {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { platforms: Array<Record<string, unknown>> };
  const block = config.platforms.find((platform) => platform.platform === 'Trygr');
  if (!block) throw new Error('no Trygr block in config.json');
  block.privacy = policy;
  writeFileSync(configPath, JSON.stringify(config, null, 4));
}

async function ledgerSize(dir: string): Promise<{ bytes: number; records: number; files: number }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let bytes = 0;
  let records = 0;
  for (const name of names) {
    bytes += (await stat(join(dir, name))).size;
    const text = await readFile(join(dir, name), 'utf8').catch(() => '');
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) records++;
  }
  return { bytes, records, files: names.length };
}

/**
 * One step of the plan against the running home (the footprint bench plays its event run with it
 * too); resolves with a push's delivery or a snapshot's image (undefined when refused), for a caller
 * that checks the events were handled.
 */
export async function play(
  step: SoakStep,
  cloud: RingCloud,
  clients: Map<string, HapClient>,
  configPath: string,
  policyIndex: { next: number },
): Promise<PushDelivery | Buffer | undefined> {
  switch (step.kind) {
    case 'motion':
      return cloud.injectMotion(step.camera, step.detection, { waitForClientMs: 60_000 });
    case 'ding':
      return cloud.injectDing(step.camera, { waitForClientMs: 60_000 });
    case 'sensor':
      cloud.setSensorFaulted(step.zid, step.faulted);
      return;
    case 'snapshot':
      return clients
        .get(step.cameraName)!
        .snapshot(640, 360)
        .catch(() => undefined);
    case 'drop-sockets':
      cloud.dropWebSockets();
      return;
    case 'policy-save':
      savePolicy(configPath, POLICIES[policyIndex.next++ % POLICIES.length]);
      return;
  }
}

export async function benchSoak(): Promise<Record<string, number | string>> {
  // Access tokens of 70 s: ring-client-api refreshes 60 s early, so the refresh token rotates every ~10 s.
  const cloud = await startRingCloud({ quiet: true, accessTokenTtlSeconds: 70 });
  const probeFile = join(tmpdir(), `trygr-soak-probe-${process.pid}.json`);
  const started = Date.now();
  try {
    const hb = await startHomebridge({
      platforms: [
        { platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), privacy: POLICIES[0], motionResetSeconds: 5, doorbellRepeatSeconds: 0, doorbellSwitch: true },
      ],
      ringCloudUrl: cloud.url,
      debug: false,
      env: {
        NODE_OPTIONS: `--import=${pathToFileURL(PROBE).href}`,
        TRYGR_SOAK_PROBE_FILE: probeFile,
        TRYGR_SOAK_SHARP_CACHE: process.env.TRYGR_SOAK_SHARP_CACHE ?? '',
        TRYGR_SOAK_HEAP_DIR: process.env.TRYGR_SOAK_HEAP_DIR ?? '',
      },
    });
    await hb.waitForLog(/\[Trygr\] Location 1 of 1: /, 60_000);
    const clients = new Map<string, HapClient>();
    for (const name of ['Front Door', 'Driveway', 'Living Room', 'Back Yard']) {
      const client = await hb.pair(await hb.waitForExternalAccessory(name, 30_000));
      const db = await client.accessories();
      await client.subscribe([findChar(db, 1, 'MotionSensor', 'MotionDetected', `${name} Motion`)]);
      clients.set(name, client);
    }
    const bridge = await hb.pair();
    const bridgeDb = await bridge.accessories();
    await bridge.subscribe(['Front Door Contact', 'Back Door Contact'].map((name) => findChar(bridgeDb, name, 'ContactSensor', 'ContactSensorState')));
    await cloud.waitForPushClient(30_000);

    const plan = soakPlan(EVENTS, {
      cameras: [
        { id: cameras.frontDoor, name: 'Front Door', doorbell: true },
        { id: cameras.driveway, name: 'Driveway', doorbell: false },
        { id: cameras.livingRoom, name: 'Living Room', doorbell: false },
        { id: cameras.backYard, name: 'Back Yard', doorbell: false },
      ],
      sensors: [alarm.frontDoorContact, alarm.backDoorContact, alarm.hallwayMotion],
    });
    const warmupEvents = Math.round(EVENTS * WARMUP_SHARE);
    const soakStart = Date.now();
    const samples: Sample[] = [];
    const policyIndex = { next: 1 };
    let events = 0;
    let drops = 0;
    let lastSequence = 0;
    let nextSampleAt = warmupEvents;
    const due = (): boolean => events >= nextSampleAt && (samples.length > 0 || Date.now() - soakStart >= WARMUP_MIN_MS);
    const inFlight = new Set<Promise<unknown>>();
    for (const step of plan) {
      if (step.kind === 'snapshot' && process.env.TRYGR_SOAK_SNAPSHOTS === 'off') continue;
      const done = play(step, cloud, clients, hb.configPath, policyIndex).finally(() => inFlight.delete(done));
      inFlight.add(done);
      if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
      if (step.kind === 'drop-sockets') drops++;
      else if (step.kind !== 'policy-save') events++;
      if (samples.length < 2 && due()) {
        await Promise.all(inFlight);
        await sleep(REST_MS);
        const taken = await sample(hb, probeFile, events, lastSequence);
        lastSequence = taken.sequence;
        samples.push(taken);
        // The middle: halfway between the first sample and the end.
        nextSampleAt = Math.round(events + (EVENTS - events) / 2);
      }
      if (!hb.running) throw new Error(`Homebridge stopped after ${events} events`);
    }
    await Promise.all(inFlight);
    await sleep(REST_MS);
    // The end: once the last events' connections have closed (the handle count holds still between two samples).
    let previousHandles = -1;
    for (let tries = 0; samples.length < 3 && tries < 20; tries++) {
      const taken = await sample(hb, probeFile, events, lastSequence);
      lastSequence = taken.sequence;
      if (samples.length < 2) {
        samples.push(taken);
        continue;
      }
      if (handleCount(taken) === previousHandles || tries === 19) samples.push(taken);
      previousHandles = handleCount(taken);
      await sleep(500);
    }
    const [start, middle, end] = samples;
    const ledger = await ledgerSize(pluginFiles(hb.storagePath).auditDir);
    const mb = (kb: number) => Number((kb / 1024).toFixed(1));
    const heapMb = (s: Sample) => Number((s.memory.heapUsed / 1_048_576).toFixed(1));
    const describe = (s: Sample) =>
      Object.entries(s.resources)
        .sort()
        .map(([type, n]) => `${type}=${n}`)
        .join(' ');
    // Every answered refresh-token grant rotated the token, and the token store saved each one.
    const rotations = cloud.requests().filter((request) => request.path === '/oauth/token' && request.status === 200).length;
    return {
      'soak.events': events,
      'soak.sampled_at_events': samples.map((s) => s.events).join(' / '),
      'soak.duration_s': Math.round((Date.now() - started) / 1000),
      'soak.events_per_s': Math.round(events / ((Date.now() - started) / 1000)),
      'soak.rss_mb.start_middle_end': `${mb(start.rssKb)} / ${mb(middle.rssKb)} / ${mb(end.rssKb)}`,
      'soak.rss_growth_after_warmup_mb': mb(end.rssKb - start.rssKb),
      'soak.heap_used_mb.start_middle_end': `${heapMb(start)} / ${heapMb(middle)} / ${heapMb(end)}`,
      'soak.heap_total_mb.start_middle_end': `${mb(start.memory.heapTotal / 1024)} / ${mb(middle.memory.heapTotal / 1024)} / ${mb(end.memory.heapTotal / 1024)}`,
      'soak.external_mb.start_middle_end': `${mb(start.memory.external / 1024)} / ${mb(middle.memory.external / 1024)} / ${mb(end.memory.external / 1024)}`,
      'soak.handles.start_middle_end': `${handleCount(start)} / ${handleCount(middle)} / ${handleCount(end)}`,
      'soak.handles.end_by_type': describe(end),
      'soak.timers_live.start_middle_end': `${start.timers} / ${middle.timers} / ${end.timers}`,
      // The push receiver (ring-client-api's, not the plugin's) keeps every push's id until FCM logs it in again.
      'soak.push_receiver_ids.start_middle_end': `${start.pushIds} / ${middle.pushIds} / ${end.pushIds}`,
      'soak.rss_growth_outside_js_heap_mb': mb(end.rssKb - start.rssKb - (end.memory.heapTotal - start.memory.heapTotal) / 1024),
      'soak.ledger': `${ledger.records} records, ${(ledger.bytes / 1_048_576).toFixed(1)} MB in ${ledger.files} file(s)`,
      'soak.token_rotations': rotations,
      'soak.policy_saves': policyIndex.next - 1,
      'soak.socket_drops': drops,
      'soak.homebridge_running': hb.running ? 'yes' : 'NO',
      'soak.target': 'RSS growth < 10 MB after warm-up; handles and timers flat',
    };
  } finally {
    await stopAll();
    await cloud.close();
    rmSync(probeFile, { force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchSoak();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(40)} ${value}`);
}
