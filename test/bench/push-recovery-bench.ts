/**
 * Notifications that heal themselves (issue 15), timed on the emulator through a real Homebridge
 * and a paired controller (the setup of test/e2e/push-recovery.test.ts), with short intervals
 * from the push watchdog's test-only environment knobs:
 *
 * - Loss to recovery: Ring stops delivering to the plugin's push registration (the emulator
 *   expires it; the connection stays open and nothing arrives), a motion and a press happen and
 *   are lost; reconciliation finds them in Ring's history, the push receiver restarts, and the
 *   next press is sent as soon as the new connection is served. Measured: loss → the recovery's
 *   log line, and loss → that next press reaching HomeKit by push.
 * - Requests reconciliation adds: history reads per location, measured over a quiet stretch at
 *   the short interval and scaled to the default interval (reads per interval × intervals per
 *   hour), beside the figure computed from the reconciler's timer (an hour / interval) and its
 *   hourly budget cap. A reconnect adds one read soon after it (still within the cap).
 * - At the default intervals nothing is run: the upper bound from loss to detection is computed
 *   (the miss grace plus one reconciliation interval).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { RECONCILE_INTERVAL_MS, RECONCILE_PER_HOUR } from '../../src/ring/push-reconciler.js';
import { MISS_GRACE_MS } from '../../src/ring/push-reconcile.js';
import { findChar } from '../harness/index.js';
import { demoHome, eventFor, finishRun, startDemoHome, waitUntil, type DemoHomeRun } from '../e2e/accessories-support.js';

const RECONCILE_MS = 2_000;
const GRACE_MS = 1_500;
const TRIALS = Number(process.env.TRYGR_PUSH_BENCH_TRIALS) || 3;
/** The quiet stretch over which history reads are counted. */
const QUIET_MS = 30_000;
const HOUR_MS = 3_600_000;
const { frontDoor } = demoHome.cameras;

const round = (n: number): number => Math.round(n);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function historyReads(run: DemoHomeRun, from: number, to: number): number {
  return run.cloud.requests().filter((request) => request.time >= from && request.time < to && request.path.endsWith('/events')).length;
}

export async function benchPushRecovery(): Promise<Record<string, number | string>> {
  let run: DemoHomeRun | undefined;
  try {
    run = await startDemoHome({
      // No late ring for the lost press (lateDingSeconds 0): the only press HomeKit hears is the one pushed after recovery.
      config: { doorbellSwitch: true, doorbellRepeatSeconds: 0, lateDingSeconds: 0 },
      cameras: ['Front Door'],
      env: { TRYGR_PUSH_RECONCILE_MS: String(RECONCILE_MS), TRYGR_PUSH_MISS_GRACE_MS: String(GRACE_MS) },
    });
    const home = run;
    await home.cloud.waitForPushClient(30_000);
    const camera = await home.camera('Front Door');
    const button = findChar(await camera.accessories(), 1, 'StatelessProgrammableSwitch', 'ProgrammableSwitchEvent');
    await camera.subscribe([button]);

    // Requests first, while nothing is missed: the steady cost of reconciliation.
    await new Promise((resolve) => setTimeout(resolve, RECONCILE_MS * 2));
    const quietFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const reads = historyReads(home, quietFrom, Date.now());
    const readsPerInterval = reads / (QUIET_MS / RECONCILE_MS);

    const toRecovery: number[] = [];
    const toPush: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const logMark = home.hb.logMark();
      const lostAt = performance.now();
      const lostAtMs = Date.now();
      if (home.cloud.expirePushRegistrations('connections') < 1) throw new Error('no push registration to expire');
      if ((await home.cloud.injectMotion(frontDoor, 'human')).delivered !== 0) throw new Error('a push reached an expired registration');
      if ((await home.cloud.injectDing(frontDoor)).delivered !== 0) throw new Error('a push reached an expired registration');
      await home.hb.waitForLog(/Ring push notifications: .*(restarting the push receiver|registering for push notifications again)/, 60_000, logMark);
      toRecovery.push(performance.now() - lostAt);
      // The new receiver is served (past the emulator's ignore window, not expired): the next press.
      await waitUntil(
        () => (home.cloud.pushClients().some((client) => client.ready && !client.expired) ? true : undefined),
        60_000,
        'a served push connection after recovery',
      );
      const mark = camera.events().length;
      const delivery = await home.cloud.injectDing(frontDoor);
      if (delivery.delivered !== 1) throw new Error(`the press after recovery was not pushed (${delivery.delivered} delivered)`);
      const event = await eventFor(camera, button, 0, mark);
      toPush.push(event.time - lostAtMs);
      // Let the next trial start from a settled channel.
      await new Promise((resolve) => setTimeout(resolve, RECONCILE_MS * 2));
    }

    return {
      'push.recovery.knob.reconcile_interval_ms': RECONCILE_MS,
      'push.recovery.knob.miss_grace_ms': GRACE_MS,
      'push.recovery.trials': String(TRIALS),
      'push.recovery.loss_to_receiver_restart.median_ms': round(median(toRecovery)),
      'push.recovery.loss_to_receiver_restart.max_ms': round(Math.max(...toRecovery)),
      'push.recovery.loss_to_next_press_by_push.median_ms': round(median(toPush)),
      'push.recovery.loss_to_next_press_by_push.max_ms': round(Math.max(...toPush)),
      'push.recovery.defaults.detect_upper_bound_ms (computed)': RECONCILE_INTERVAL_MS + MISS_GRACE_MS,
      'push.reconcile.history_reads (quiet 30 s, 1 location)': reads,
      'push.reconcile.reads_per_interval (measured)': readsPerInterval,
      'push.reconcile.per_hour_per_location (measured, scaled)': round(readsPerInterval * (HOUR_MS / RECONCILE_INTERVAL_MS)),
      'push.reconcile.per_hour_per_location (computed)': HOUR_MS / RECONCILE_INTERVAL_MS,
      'push.reconcile.per_hour_per_location.budget_cap': RECONCILE_PER_HOUR,
    };
  } finally {
    await finishRun(run);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchPushRecovery().then(
    (results) => console.log(JSON.stringify(results, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
