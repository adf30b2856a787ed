/**
 * Issue 15's "back within 3 minutes", timed at the default intervals (no test knobs: a history
 * read a minute, 20 s of grace, the default backoff) through a real Homebridge and a paired
 * controller. A doorbell is pressed every 10 s; Ring stops delivering to the plugin's push
 * registration (the connection stays open); the figure is the time from the loss to the first
 * press that reaches HomeKit by push again. Two kinds of loss, one trial each (a few minutes):
 *
 * - `connections`: the connection went stale; restarting the receiver cures it.
 * - `tokens`: Ring stopped serving the credentials; only a fresh registration cures it.
 *
 * The timers' phases are whatever the run gives; push-watchdog.timeline.test.ts covers them all
 * on simulated time.
 */
import { pathToFileURL } from 'node:url';
import { findChar } from '../harness/index.js';
import type { PushExpiry } from '../emulator/push-hub.js';
import { demoHome, finishRun, startDemoHome, type DemoHomeRun } from '../e2e/accessories-support.js';

const PRESS_EVERY_MS = 10_000;
const GIVE_UP_MS = 6 * 60_000;
const { frontDoor } = demoHome.cameras;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function lossToPush(run: DemoHomeRun, scope: PushExpiry): Promise<{ ms: number; recoveries: string[] }> {
  const camera = await run.camera('Front Door');
  const button = findChar(await camera.accessories(), 1, 'StatelessProgrammableSwitch', 'ProgrammableSwitchEvent');
  await camera.subscribe([button]);
  const logMark = run.hb.logMark();
  const lostAt = Date.now();
  if (run.cloud.expirePushRegistrations(scope) < 1) throw new Error('no push registration to expire');
  while (Date.now() - lostAt < GIVE_UP_MS) {
    const pressedAt = Date.now();
    const mark = camera.events().length;
    const delivery = await run.cloud.injectDing(frontDoor, { waitForClientMs: 2_000 });
    if (delivery.delivered > 0) {
      const event = await camera.waitForEvent((e) => e.aid === button.aid && e.iid === button.iid, 15_000, mark);
      const recoveries = run.hb
        .logs()
        .slice(logMark)
        .split('\n')
        .filter((line) => /Ring push notifications: /.test(line))
        .map((line) => line.replace(/^.*Ring push notifications: /, ''));
      return { ms: event.time - lostAt, recoveries };
    }
    await sleep(Math.max(0, PRESS_EVERY_MS - (Date.now() - pressedAt)));
  }
  throw new Error(`no press reached HomeKit by push within ${GIVE_UP_MS / 60_000} minutes of the loss (${scope})`);
}

export async function benchPushRecoveryDefaults(): Promise<Record<string, number | string>> {
  const results: Record<string, number | string> = { 'push.defaults.press_every_ms': PRESS_EVERY_MS, 'push.defaults.target_ms': 180_000 };
  for (const scope of ['connections', 'tokens'] as const) {
    let run: DemoHomeRun | undefined;
    try {
      // lateDingSeconds 0: a missed press found in the history does not ring; only pushes count.
      run = await startDemoHome({ config: { doorbellSwitch: true, doorbellRepeatSeconds: 0, lateDingSeconds: 0 }, cameras: ['Front Door'] });
      await run.cloud.waitForPushClient(30_000);
      // Past the receiver's first seconds and one history read: the timers run as they would.
      await sleep(65_000);
      const { ms, recoveries } = await lossToPush(run, scope);
      results[`push.defaults.${scope}.loss_to_press_by_push_ms`] = ms;
      results[`push.defaults.${scope}.recoveries`] = recoveries.join(' | ') || 'none';
    } finally {
      await finishRun(run);
    }
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchPushRecoveryDefaults().then(
    (results) => console.log(JSON.stringify(results, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
