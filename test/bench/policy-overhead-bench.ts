/**
 * What a privacy policy costs on the event path: two Homebridges run side by side on one emulator,
 * one without a policy and one with twenty rules that are all evaluated (none matches the doorbell
 * press), and every Ring push reaches both. The ratio of their push-to-HAP latencies is the cost.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { demoHome, startRingCloud, type RingCloud } from '../emulator/index.js';
import { findChar, startHomebridge, stopAll, type CharRef, type HapClient } from '../harness/index.js';

const EVENTS = 300;
const WARMUP = 20;
const GAP_MS = 15;

/** Twenty rules a household might write, each scanned for a doorbell press but none matching it (the home is disarmed). */
function twentyRules(): unknown {
  const rules = Array.from({ length: 20 }, (_, i) => ({
    name: `Rule ${i + 1}`,
    devices: { kinds: i % 2 === 0 ? ['doorbell'] : ['camera'] },
    signals: ['doorbell', 'motion', 'detection'],
    when: i % 3 === 0 ? { modes: ['away'] } : { modes: ['home', 'away'], schedule: { days: ['mon', 'wed', 'fri'], from: '22:00', to: '06:00' } },
    action: i % 4 === 0 ? 'block' : 'event-only',
  }));
  return { defaultAction: 'forward', rules };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Controller {
  client: HapClient;
  doorbell: CharRef;
  samples: number[];
}

/** Presses the doorbell and notes, per Homebridge, when its HAP event reached the controller. */
async function measure(controllers: Controller[], cloud: RingCloud): Promise<void> {
  await sleep(3_000); // every push receiver past ring-client-api's 2 s ignore window
  cloud.failNext(new RegExp(`^/snapshots/next/${demoHome.cameras.frontDoor}$`), controllers.length * (EVENTS / 2 + WARMUP), { status: 404, body: { error: 'bench' } });
  for (let i = 0; i < WARMUP + EVENTS / 2; i++) {
    const marks = controllers.map(({ client }) => client.events().length);
    const started = performance.now();
    const delivered = cloud.injectDing(demoHome.cameras.frontDoor);
    const events = await Promise.all(
      controllers.map(({ client, doorbell }, k) => client.waitForEvent((e) => e.aid === doorbell.aid && e.iid === doorbell.iid, 10_000, marks[k])),
    );
    if ((await delivered).delivered !== controllers.length) {
      throw new Error(`press ${i} did not reach every Homebridge`);
    }
    if (i >= WARMUP) {
      events.forEach((event, k) => controllers[k]!.samples.push(event.at - started));
    }
    await sleep(GAP_MS);
  }
}

export async function benchPolicyOverhead(): Promise<Record<string, number | string>> {
  const cloud = await startRingCloud({ quiet: true });
  try {
    const start = (privacy?: unknown) =>
      startHomebridge({
        platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), doorbellRepeatSeconds: 0, ...(privacy ? { privacy } : {}) }],
        ringCloudUrl: cloud.url,
        debug: false,
      });
    const plain = await start();
    const ruled = await start(twentyRules());
    const controllers: Controller[] = [];
    for (const hb of [plain, ruled]) {
      await hb.waitForLog(/\[Trygr\] Location 1 of 1: /, 60_000);
      const client = await hb.pair(await hb.waitForExternalAccessory('Front Door', 30_000));
      const doorbell = findChar(await client.accessories(), 1, 'Doorbell', 'ProgrammableSwitchEvent');
      await client.subscribe([doorbell]);
      controllers.push({ client, doorbell, samples: [] });
    }
    await measure(controllers, cloud);
    // The emulator pushes to its receivers in connection order; restarting the first one puts it
    // last, so each Homebridge is first for half of the presses and the order cancels out.
    await plain.restart();
    await plain.waitForLog(/\[Trygr\] Location 1 of 1: /, 60_000);
    const first = controllers[0]!;
    first.client = plain.connect(await plain.waitForExternalAccessory('Front Door', 30_000), first.client.pairingData);
    await first.client.subscribe([first.doorbell]);
    await measure(controllers, cloud);

    const [none, twenty] = controllers.map(({ samples }) => [...samples].sort((a, b) => a - b)) as [number[], number[]];
    const round = (value: number) => Number(value.toFixed(3));
    return {
      'policy_overhead.events': EVENTS,
      'policy_overhead.no_policy.p50_ms': round(percentile(none, 50)),
      'policy_overhead.no_policy.p99_ms': round(percentile(none, 99)),
      'policy_overhead.20_rules.p50_ms': round(percentile(twenty, 50)),
      'policy_overhead.20_rules.p99_ms': round(percentile(twenty, 99)),
      'policy_overhead.ratio_p50': round(percentile(twenty, 50) / percentile(none, 50)),
      'policy_overhead.ratio_p99': round(percentile(twenty, 99) / percentile(none, 99)),
      'policy_overhead.target': 'ratio <= 1.05',
    };
  } finally {
    await stopAll();
    await cloud.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchPolicyOverhead().then(
    (results) => console.log(JSON.stringify(results, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
