import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, fuzzSeed, rngFor, runSeed } from './seeded-random.js';
import { describeInput, findCrash, FuzzTally } from './crash-report.js';
import { hostileRequest } from './hostile-http.js';
import { hostileFault, hostileFrame, hostilePush } from './hostile-ring.js';
import { buildDingNotification } from '../emulator/push-payload.js';
import { defaultScenarioPath, loadScenario } from '../emulator/index.js';

const HAP_CRASH = `[Trygr Test] Homebridge v1.11.4 is running on port 51826.
TypeError: Invalid URL
    at new URL (node:internal/url:816:29)
    at HAPServer.handleRequestOnHAPConnection (/work/main/node_modules/hap-nodejs/dist/lib/HAPServer.js:290:23)
    at EventedHTTPServer.emit (node:events:519:28)
Got SIGTERM, shutting down Homebridge...
[Trygr] stopped`;

const OUR_CRASH = `TypeError: Invalid URL
    at new URL (node:internal/url:816:29)
    at Server.<anonymous> (file:///work/main/dist/platform/snapshot-server.js:27:25)
    at Server.emit (node:events:519:28)
Got SIGTERM, shutting down Homebridge...`;

describe('fuzz bookkeeping', () => {
  test('a crash inside hap-nodejs is upstream; one in the plugin is ours; no stack is no crash', () => {
    expect(findCrash(HAP_CRASH, 'hap')).toMatchObject({ origin: 'upstream', component: 'hap-nodejs', message: 'TypeError: Invalid URL' });
    expect(findCrash(OUR_CRASH, 'snap')).toMatchObject({ origin: 'ours', component: 'trygr' });
    expect(findCrash(OUR_CRASH.replace('dist/platform/snapshot-server.js', 'node_modules/ring-client-api/lib/api.js'), 'x')).toMatchObject({
      origin: 'ours',
      component: 'ring-client-api',
    });
    expect(findCrash('[Trygr] all fine\nGot SIGTERM, shutting down Homebridge...', 'x')).toBeUndefined();
  });

  test('the report names the three figures and the seed', () => {
    const tally = new FuzzTally();
    tally.count('http', 3);
    tally.crashes.push(findCrash(HAP_CRASH, 'bridge port: GET http://[zz/')!);
    expect(tally.report('t', 42, 1)).toMatch(/inputs tried 3 \/ crashes 0 \/ data lost 0 \(upstream crashes 1\)/);
    expect(tally.report('t', 42, 1)).toMatch(/TRYGR_FUZZ_SEED=42/);
    expect(describeInput(Buffer.from([0, 65]))).toBe('\\x00A');
  });

  test('one seed gives one sequence of inputs; the env var replays it', () => {
    const run = (seed: number) => {
      const rng = rngFor(seed, 'x');
      const real = { data: JSON.stringify({ device: { id: 1 } }), android_config: '{"category":"c"}' };
      return [
        hostileRequest(rng, { paths: ['/a'] }).toString('base64'),
        JSON.stringify(hostilePush(rng, real)),
        String(hostileFrame(rng, [{ channel: 'DataUpdate', msg: { body: [] } }])),
        JSON.stringify(hostileFault(rng, () => ({ doorbots: [] }))),
      ];
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(fuzzSeed({ TRYGR_FUZZ_SEED: '0x10' })).toEqual({ seed: 16, replayed: true });
    expect(fuzzSeed({}).replayed).toBe(false);
    expect(() => fuzzSeed({ TRYGR_FUZZ_SEED: 'abc' })).toThrow(/TRYGR_FUZZ_SEED/);
    expect(createRng(1).next()).toBe(createRng(1).next());
  });

  test('the fuzz files of one run share one seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trygr-seed-'));
    const saved = process.env.TRYGR_FUZZ_SEED;
    try {
      delete process.env.TRYGR_FUZZ_SEED;
      const file = join(dir, 'run-seed');
      const first = runSeed(file);
      expect(runSeed(file)).toEqual(first);
      process.env.TRYGR_FUZZ_SEED = '5';
      expect(runSeed(file)).toEqual({ seed: 5, replayed: true });
    } finally {
      if (saved === undefined) delete process.env.TRYGR_FUZZ_SEED;
      else process.env.TRYGR_FUZZ_SEED = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the generators never throw themselves (a fuzz run must only ever find the target's faults)", () => {
    const scenario = loadScenario(defaultScenarioPath());
    const camera = scenario.locations[0]!.cameras[0]!;
    const frames = [{ channel: 'DataUpdate', msg: { msg: 'DataUpdate', body: scenario.locations[0]!.alarmDevices } }];
    for (const seed of [1, 2, 3]) {
      const rng = rngFor(seed, 'generators');
      for (let i = 0; i < 400; i++) {
        const real = buildDingNotification({ camera, kind: rng.pick(['ding', 'motion'] as const) });
        expect(() => {
          hostileRequest(rng, { paths: ['/snapshot/1'], authHeaders: { k: 'v' } });
          JSON.stringify(hostilePush(rng, real.data));
          hostileFrame(rng, frames);
          JSON.stringify(hostileFault(rng, () => ({ refresh_token: 'r', access_token: 'a' })));
        }).not.toThrow();
      }
    }
  });
});
