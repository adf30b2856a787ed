/**
 * Malformed HTTP to the HAP ports: the bridge's, a child bridge's and a camera's (hap-nodejs
 * servers all). hap-nodejs 0.14 parses `request.url` with `new URL` outside any try/catch
 * (HAPServer.ts, about line 422), so one `GET http://[zz/` ends the process that serves the port.
 * That crash is upstream: it is reported apart and does not fail this run. What this run does
 * check is the advice the README gives for it: with Trygr in a child bridge, a crash on the
 * child's or a camera's port ends only the child, the main bridge stays up, and Homebridge starts
 * the child again.
 *
 * Its own Homebridge, apart from plugin-listeners.test.ts, so an upstream crash here cannot hide a
 * finding of ours there.
 */
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { startHomebridge, stopAll, type HomebridgeProcess } from '../harness/index.js';
import { CRASH_END, describeInput, findCrash, FuzzTally } from './crash-report.js';
import { fuzzRunSeed, saveLog } from './fuzz-artifacts.js';
import { hostileRequest, KNOWN_BAD_TARGETS } from './hostile-http.js';
import { rawGet, sendRaw } from './raw-http.js';
import { rngFor, type Rng } from './seeded-random.js';

const BUDGET_MS = 5_000;
const HAP_PATHS = ['/accessories', '/characteristics?id=1.10', '/pair-setup', '/pair-verify', '/pairings', '/identify', '/resource', '/prepare'];
const CAMERA = 'Living Room';

const { seed } = fuzzRunSeed();

describe('fuzz: HAP ports (hap-nodejs), with Trygr in a child bridge', () => {
  const tally = new FuzzTally();
  const confinement: string[] = [];
  let cloud: RingCloud;
  let hb: HomebridgeProcess;

  beforeAll(async () => {
    console.log(`[fuzz] HAP ports: seed ${seed}, replay with TRYGR_FUZZ_SEED=${seed}`);
    cloud = await startRingCloud({ quiet: true });
    hb = await startHomebridge({ platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken() }], ringCloudUrl: cloud.url, childBridge: true });
    await hb.waitForLog(/Location 1 of 1: /, 60_000);
  }, 120_000);

  afterAll(async () => {
    if (hb) saveLog('hap-ports', seed, hb.logs());
    await stopAll();
    await cloud?.close();
  }, 60_000);

  /** Whether a crash line appeared since `mark`. */
  const crashedSince = (mark: number) => CRASH_END.test(hb.logs().slice(mark));

  /**
   * Hostile requests to `port` until the process behind it dies or the budget is spent. The known
   * crashers are not sent first here: the random ones find them, which shows the fuzzer would.
   */
  async function fuzzPort(name: string, port: number, rng: Rng): Promise<boolean> {
    const mark = hb.logMark();
    const deadline = Date.now() + BUDGET_MS;
    const recent: string[] = [];
    while (Date.now() < deadline) {
      const inputs = Array.from({ length: 4 }, () => hostileRequest(rng, { paths: HAP_PATHS }));
      await Promise.all(inputs.map((input) => sendRaw(port, input, { timeoutMs: 1500 })));
      tally.count(`${name} http`, inputs.length);
      recent.push(...inputs.map(describeInput));
      recent.splice(0, Math.max(0, recent.length - 4));
      // The shutdown line follows the stack within moments; give it a beat before looking.
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (crashedSince(mark)) {
        await hb.waitForLog(CRASH_END, 10_000, mark);
        const crash = findCrash(hb.logs().slice(mark), `${name}; last inputs: ${recent.join(' | ')}`);
        tally.crashes.push(crash ?? { origin: 'ours', component: 'unknown', message: 'exited without a stack', frame: '-', context: name });
        return true;
      }
    }
    // hap-nodejs may have been fixed; one known crasher tells for sure.
    const input = rawGet(KNOWN_BAD_TARGETS[0]!);
    await sendRaw(port, input, { timeoutMs: 1500 });
    tally.count(`${name} http`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!crashedSince(mark)) return false;
    await hb.waitForLog(CRASH_END, 10_000, mark);
    tally.crashes.push(
      findCrash(hb.logs().slice(mark), `${name}: ${describeInput(input)}`) ?? {
        origin: 'ours',
        component: 'unknown',
        message: 'exited without a stack',
        frame: '-',
        context: name,
      },
    );
    return true;
  }

  test('crashes on the HAP ports are upstream, and a child bridge confines them', async () => {
    const startedAt = Date.now();
    const child = hb.childBridge!;

    // A camera's own port: the camera is published by the child bridge process.
    const camera = await hb.waitForExternalAccessory(CAMERA, 30_000);
    const mark = hb.logMark();
    if (await fuzzPort('camera port', camera.port, rngFor(seed, 'hap-camera'))) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      confinement.push(`camera port crash: main bridge ${hb.running ? 'still running' : 'DOWN'}`);
      expect(hb.running).toBe(true);
      await hb.waitForLog(/Restarting Process/, 20_000, mark);
      await hb.waitForLog(/Location 1 of 1: /, 60_000, mark);
      confinement.push('the child bridge was restarted by Homebridge and the plugin is back');
    }

    // The child bridge's own port.
    if (await fuzzPort('child bridge port', child.port, rngFor(seed, 'hap-child'))) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      confinement.push(`child bridge port crash: main bridge ${hb.running ? 'still running' : 'DOWN'}`);
      expect(hb.running).toBe(true);
    }

    // The main bridge's port: nothing confines this one; the whole of Homebridge ends.
    if (await fuzzPort('main bridge port', hb.port, rngFor(seed, 'hap-main'))) {
      confinement.push('main bridge port crash: all of Homebridge ended (nothing above it to restart it)');
    }

    console.log(`${tally.report('HAP ports', seed, (Date.now() - startedAt) / 1000)}\n${confinement.map((line) => `[fuzz]   ${line}`).join('\n')}`);
    expect(tally.ours).toEqual([]);
  }, 150_000);
});
