/**
 * Hostile input to everything the plugin listens to or reads inside a real Homebridge: malformed
 * HTTP to its loopback snapshot server, random and malformed push messages, location WebSocket
 * frames and REST answers from the Ring cloud emulator. Seeded (TRYGR_FUZZ_SEED replays a run) and
 * bounded in time. Afterwards nothing may be lost: config.json parses, its refresh token still
 * works at Ring, Homebridge still answers HomeKit reads. Any crash of ours fails the run.
 *
 * The HAP ports are hap-nodejs's and are fuzzed in their own Homebridge (hap-ports.test.ts), so
 * an upstream crash there cannot hide a result here.
 */
import { findChar, type CharRef } from '../harness/index.js';
import { buildDingNotification } from '../emulator/push-payload.js';
import type { CameraRecord } from '../emulator/index.js';
import { demoHome, finishRun, startDemoHome, waitForPublished, waitUntil, type DemoHomeRun } from '../e2e/accessories-support.js';
import { describeInput, FuzzTally } from './crash-report.js';
import { fuzzRunSeed, saveLog } from './fuzz-artifacts.js';
import { CrashWatch } from './crash-watch.js';
import { dataLost, type TokenState } from './data-loss.js';
import { hostileRequest, KNOWN_BAD_TARGETS } from './hostile-http.js';
import { hostileFault, hostileFrame, hostilePush } from './hostile-ring.js';
import { rawGet, sendRaw } from './raw-http.js';
import { rngFor, type Rng } from './seeded-random.js';
import { readSnapshotEndpoint, type SnapshotEndpoint } from './snapshot-endpoint.js';

/** Time per input family; with startup and checks the file takes about a minute on 2 cores. */
const BUDGET_MS = { http: 5_000, push: 10_000, frames: 6_000, rest: 12_000 };
const MAX_RESTARTS = 2;
const CAMERAS = ['Front Door', 'Driveway', 'Living Room', 'Back Yard'] as const;

const { seed, replayed } = fuzzRunSeed();

describe("fuzz: the plugin's listeners and what Ring sends it", () => {
  const tally = new FuzzTally();
  let run: DemoHomeRun;
  let watch: CrashWatch;
  let endpoint: SnapshotEndpoint;
  let privacyOn: CharRef;
  let restarts = 0;
  let notBack: string | undefined;

  beforeAll(async () => {
    console.log(`[fuzz] seed ${seed}${replayed ? ' (from TRYGR_FUZZ_SEED)' : ''}: replay with TRYGR_FUZZ_SEED=${seed}`);
    // A short access token life: token refreshes (and rotations written to config.json) happen during the run.
    run = await startDemoHome({ cloudOptions: { accessTokenTtlSeconds: 66 }, config: { cameraStatusPollingSeconds: 10, snapshotCacheSeconds: 1 } });
    watch = new CrashWatch(run.hb, tally);
    endpoint = await waitUntil(() => readSnapshotEndpoint(run.hb.storagePath), 20_000, 'the snapshot server in status.json');
    privacyOn = findChar(await run.bridge.accessories(), 'Privacy', 'Switch', 'On');
  }, 120_000);

  afterAll(async () => {
    if (run) saveLog('plugin-listeners', seed, run.hb.logs());
    await finishRun(run);
  }, 120_000);

  /** The last inputs sent: a crash may surface a little after the input that caused it (rxjs reports errors on a timer). */
  const recent: string[] = [];

  /** After an input: a crash is recorded with what was being sent, and Homebridge restarted (a few times). */
  async function afterInput(family: string, input: unknown): Promise<boolean> {
    tally.count(family);
    recent.push(`${family}: ${describeInput(input)}`);
    if (recent.length > 3) recent.shift();
    if (!watch.crashed()) return true;
    try {
      await watch.recordAndRestart(
        `last inputs, newest last: ${recent.join(' | ')}`,
        () => run.cloud.clearFaults(),
        async () => {
          const mark = run.hb.logMark();
          // Either the plugin is back, or it says at once why it will not be (no need to sit out the bound).
          const line = await run.hb.waitForLog(/\[Trygr\] (Location 1 of 1: |Ring refused the saved sign-in|Could not start)/, 60_000, mark);
          if (!/Location 1 of 1/.test(line)) throw new Error(line);
          await waitForPublished(run.hb, CAMERAS, mark);
          endpoint = await waitUntil(() => readSnapshotEndpoint(run.hb.storagePath), 20_000, 'the snapshot server after a restart');
        },
      );
    } catch (error) {
      // It did not come back (a lost sign-in does that): stop fuzzing, still check and report.
      notBack = `after a crash Homebridge did not come back: ${String((error as Error).message).split('\n')[0]}; last plugin line: ${lastPluginLine()}`;
      return false;
    }
    return ++restarts <= MAX_RESTARTS;
  }

  function lastPluginLine(): string {
    return (
      run.hb
        .logs()
        .trimEnd()
        .split('\n')
        .filter((line) => line.startsWith('[Trygr]'))
        .at(-1) ?? '(none)'
    );
  }

  /** Whether fuzzing may go on: no more than a few restarts, and Homebridge came back after each. */
  const mayGoOn = () => restarts <= MAX_RESTARTS && notBack === undefined;

  async function fuzzFor(budgetMs: number, step: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + budgetMs;
    while (Date.now() < deadline) {
      if (!(await step())) return;
    }
  }

  async function snapshotHttp(rng: Rng): Promise<void> {
    const paths = ['/', '/snapshot', ...endpoint.cameraIds.map((id) => `/snapshot/${encodeURIComponent(id)}`)];
    // The requests that used to end Homebridge go first, then random ones, eight at a time.
    for (const target of KNOWN_BAD_TARGETS) {
      for (const headers of [{}, { 'x-trygr-key': endpoint.key }] as Array<Record<string, string>>) {
        const input = rawGet(target, headers);
        await sendRaw(endpoint.port, input, { timeoutMs: 3000 });
        if (!(await afterInput('snapshot-server http', input))) return;
      }
    }
    await fuzzFor(BUDGET_MS.http, async () => {
      const inputs = Array.from({ length: 8 }, () => hostileRequest(rng, { paths, authHeaders: { 'x-trygr-key': endpoint.key } }));
      await Promise.all(inputs.map((input) => sendRaw(endpoint.port, input, { timeoutMs: 1500 })));
      for (const input of inputs) if (!(await afterInput('snapshot-server http', input))) return false;
      return true;
    });
  }

  function cameraRecords(): CameraRecord[] {
    return run.cloud.scenario.locations.flatMap((location) => location.cameras);
  }

  async function pushes(rng: Rng): Promise<void> {
    await run.cloud.waitForPushClient(20_000);
    await fuzzFor(BUDGET_MS.push, async () => {
      const camera = rng.pick(cameraRecords());
      const real = buildDingNotification({
        camera,
        kind: rng.pick(['ding', 'motion'] as const),
        detectionType: rng.pick(['human', 'vehicle', 'package', 'other_motion']),
      });
      const message = hostilePush(rng, real.data);
      await run.cloud.sendPushMessage(message, { waitForClientMs: 5000 });
      return afterInput('push message', message);
    });
  }

  function realFrames(): unknown[] {
    const location = run.cloud.scenario.locations[0]!;
    const src = location.baseStation?.uuid;
    return [
      ...location.alarmDevices.map((doc) => ({ channel: 'DataUpdate', msg: { msg: 'DataUpdate', datatype: 'DeviceInfoDocType', src, body: [doc] } })),
      {
        channel: 'DataUpdate',
        msg: {
          msg: 'SessionInfo',
          datatype: 'SessionInfoType',
          body: [{ assetUuid: src, connectionStatus: 'online', doorbotId: 1, kind: 'base_station_v1', sessionId: 9 }],
        },
      },
      { channel: 'message', msg: { msg: 'DeviceInfoDocGetList', datatype: 'DeviceInfoDocType', src, seq: 1, body: location.alarmDevices } },
      { channel: 'message', msg: { msg: 'DeviceInfoSet', datatype: 'DeviceInfoSetType', src, seq: 2, body: [{ status: 'ok' }] } },
    ];
  }

  async function frames(rng: Rng): Promise<void> {
    await waitUntil(() => run.cloud.locationSocketCount() > 0, 20_000, 'a location socket');
    const real = realFrames();
    await fuzzFor(BUDGET_MS.frames, async () => {
      const frame = hostileFrame(rng, real);
      run.cloud.sendLocationFrame(frame);
      // Let the plugin take each one before the next, as a real socket would pace them.
      await new Promise((resolve) => setTimeout(resolve, 10));
      return afterInput('alarm websocket frame', frame);
    });
  }

  /** What each path really answers, to mutate into wrong shapes. */
  function answerOf(path: string): unknown {
    const location = run.cloud.scenario.locations[0]!;
    if (path.includes('ring_devices'))
      return { doorbots: location.cameras.slice(0, 1), stickup_cams: location.cameras.slice(1), chimes: location.chimes, base_stations: [] };
    if (path.includes('/clients_api/locations') || path.includes('mode')) return { mode: location.mode, lastUpdateTimeMS: Date.now() };
    if (path.includes('oauth')) return { access_token: 'fuzz-access', refresh_token: 'fuzz-refresh', expires_in: 3600, scope: 'client', token_type: 'Bearer' };
    return undefined;
  }

  async function restAnswers(rng: Rng): Promise<void> {
    const wired = endpoint.cameraIds.filter((id) => id === String(demoHome.cameras.driveway) || id === String(demoHome.cameras.livingRoom));
    await fuzzFor(BUDGET_MS.rest, async () => {
      const { pattern, fault } = hostileFault(rng, answerOf);
      run.cloud.failNext(pattern, rng.range(1, 3), fault);
      // Make the plugin call Ring: a snapshot for the panel, a reconnect, a HomeKit read, or the next poll.
      const action = rng.pick(['snapshot', 'reconnect', 'read', 'wait'] as const);
      if (action === 'snapshot' && wired.length > 0) {
        await sendRaw(endpoint.port, rawGet(`/snapshot/${rng.pick(wired)}?width=320&height=180`, { 'x-trygr-key': endpoint.key }), { timeoutMs: 8000 });
      } else if (action === 'reconnect') {
        run.cloud.dropWebSockets();
        await new Promise((resolve) => setTimeout(resolve, 1500));
      } else if (action === 'read') {
        await run.bridge.read(privacyOn.aid, privacyOn.iid).catch(() => undefined);
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      return afterInput('ring rest answer', { pattern, fault, action });
    });
    run.cloud.clearFaults();
  }

  test('nothing crashes Homebridge and nothing is lost', async () => {
    const startedAt = Date.now();
    await snapshotHttp(rngFor(seed, 'snapshot-http'));
    if (mayGoOn()) await pushes(rngFor(seed, 'push'));
    if (mayGoOn()) await frames(rngFor(seed, 'frames'));
    if (mayGoOn()) await restAnswers(rngFor(seed, 'rest'));
    run.cloud.clearFaults();

    tally.dataLost.push(
      ...(await dataLost({
        configPath: run.hb.configPath,
        tokenState: (token) => run.cloud.refreshTokenState(token) as TokenState,
        answers: { what: 'Homebridge (a HAP read of the global Privacy switch)', ask: () => run.bridge.read(privacyOn.aid, privacyOn.iid) },
      })),
    );
    console.log(`${tally.report('plugin listeners', seed, (Date.now() - startedAt) / 1000)}${notBack ? `\n[fuzz]   NOT BACK: ${notBack}` : ''}`);
    expect(tally.ours).toEqual([]);
    expect(tally.dataLost).toEqual([]);
    expect(notBack).toBeUndefined();
  }, 170_000);
});
