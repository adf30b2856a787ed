/**
 * The watchdog's wiring, with fake Ring objects: misses found in the history reach the camera
 * (late for a recent press), push health and the log (one line), and two of them restart the
 * receiver once; the test-only settings come from the environment and default to the issue's.
 */
import { describe, expect, test } from '@jest/globals';
import type { Logging } from 'homebridge';
import type { CameraAccessory } from '../accessories/camera/camera-accessory.js';
import type { RingCameraEvent } from '../ring/notifications.js';
import { PushHealthTracker } from '../ring/push-health.js';
import { PushIntake } from '../ring/push-intake.js';
import { DEFAULT_RECOVERY_POLICY } from '../ring/push-recovery-policy.js';
import type { RingHome } from '../ring/ring-connection.js';
import { pushWatchSettings, PushWatchdog } from './push-watchdog.js';

describe('pushWatchSettings', () => {
  test('defaults: once a minute, 20 s grace, 60 reads an hour, backoff from 30 s', () => {
    expect(pushWatchSettings({})).toEqual({ intervalMs: 60_000, graceMs: 20_000, perHour: 60, policy: DEFAULT_RECOVERY_POLICY });
  });

  test('shorter intervals for tests, with a budget that lets them run; nonsense is ignored', () => {
    const settings = pushWatchSettings({ TRYGR_PUSH_RECONCILE_MS: '2000', TRYGR_PUSH_MISS_GRACE_MS: '1000', TRYGR_PUSH_RECOVERY_BACKOFF_MS: '500' });
    expect(settings).toMatchObject({ intervalMs: 2_000, graceMs: 1_000, perHour: 1_860, policy: { baseBackoffMs: 500 } });
    expect(pushWatchSettings({ TRYGR_PUSH_RECONCILE_MS: '-5', TRYGR_PUSH_MISS_GRACE_MS: 'soon' })).toMatchObject({ intervalMs: 60_000, graceMs: 20_000 });
  });
});

function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error('condition not met'));
      }
    }, 10);
  });
}

describe('PushWatchdog', () => {
  test('two missed presses: delivered late, counted, logged once, and the receiver restarted once', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m), debug: () => undefined, info: () => undefined, error: () => undefined } as unknown as Logging;
    const tracker = new PushHealthTracker(now);
    tracker.connection(true, now);
    const intake = new PushIntake(tracker, () => now);
    const start = now;
    const history = {
      events: [
        { ding_id_str: '2', doorbot_id: 7, kind: 'ding', created_at: new Date(start + 2).toISOString() },
        { ding_id_str: '1', doorbot_id: 7, kind: 'ding', created_at: new Date(start + 1).toISOString() },
      ],
    };
    let reads = 0;
    const registrations: unknown[] = [];
    const home = {
      api: { restClient: {}, registerPushReceiver: async (...args: unknown[]) => void registrations.push(args) },
      locations: [{ id: 'loc', intercoms: [], getCameraEvents: async () => (reads++, history) }],
      cameras: [],
      chimes: [],
    } as unknown as RingHome;
    const seen: Array<[RingCameraEvent, boolean]> = [];
    const camera = { missedByPush: (event: RingCameraEvent, late: boolean) => seen.push([event, late]) } as unknown as CameraAccessory;
    const watchdog = new PushWatchdog({
      log,
      tracker,
      intake,
      lateDingSeconds: 30,
      settings: { intervalMs: 20, graceMs: 0, perHour: 1000, policy: DEFAULT_RECOVERY_POLICY },
      now: () => now,
    });
    const watch = watchdog.watch(home, new Map([['7', camera]]));
    now += 5_000;
    try {
      await until(() => registrations.length === 1);
      const before = reads;
      await until(() => reads > before + 2);
    } finally {
      watch.stop();
    }
    expect(seen).toEqual([
      [{ kind: 'ding', detectionType: undefined, dingId: '1' }, true],
      [{ kind: 'ding', detectionType: undefined, dingId: '2' }, true],
    ]);
    expect(tracker.status(now)).toMatchObject({ missed24h: 2, recoveries: 1, lastRecoveryKind: 'restart' });
    expect(warnings.filter((w) => w.includes('did not deliver'))).toEqual([
      "Ring did not deliver 2 notifications (found in Ring's event history; recorded in the audit ledger as missed by push).",
    ]);
    expect(warnings.filter((w) => w.includes('restarting the push receiver'))).toHaveLength(1);
    // A push of a press handled late is dropped like a duplicate.
    expect(intake.admit('7', '1')).toBe(false);
    expect(registrations).toHaveLength(1);
  });
});
