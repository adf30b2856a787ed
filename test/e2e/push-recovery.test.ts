/**
 * Notifications that heal themselves, through a real Homebridge and a paired controller, with
 * short reconciliation intervals (environment knobs of the push watchdog, read at the edge):
 * Ring stops delivering to the push registration (the connection stays open, nothing arrives);
 * the presses and motion it did not deliver are found in Ring's history within the interval,
 * recorded in the audit ledger as missed by push, the recent press rings late (once), the push
 * receiver is restarted, and the next press arrives by push again. A press found too late for
 * `lateDingSeconds` is recorded and does not ring.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginStatus } from '../../src/config/plugin-status.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import type { AuditRecord } from '../../src/privacy/audit/audit-record.js';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { findChar, type CharRef, type HapClient } from '../harness/index.js';
import { demoHome, eventFor, eventsFor, finishRun, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { frontDoor } = demoHome.cameras;
const RECONCILE_MS = 2_000;
const LATE_DING_SECONDS = 10;

function pushHealth(run: DemoHomeRun): PluginStatus['pushHealth'] {
  try {
    return (JSON.parse(readFileSync(join(run.hb.storagePath, 'trygr', 'status.json'), 'utf8')) as PluginStatus).pushHealth;
  } catch {
    // Not written yet, or caught mid-replace.
    return undefined;
  }
}

/** The Front Door's decisions about missed pushes since `since`, of one signal type. */
async function missedRecords(run: DemoHomeRun, since: number, type: 'doorbell' | 'motion'): Promise<AuditRecord[]> {
  const { records } = await readLedger(auditDirectory(run.hb.storagePath));
  return records.filter((r) => r.device.id === String(frontDoor) && r.signal.type === type && r.missedByPush === true && Date.parse(r.time) >= since - 1_000);
}

function historyReads(run: DemoHomeRun, since: number): number {
  return run.cloud.requests().filter((request) => request.time >= since && request.path.endsWith('/events')).length;
}

describe('push recovery', () => {
  let run: DemoHomeRun;
  let camera: HapClient;
  let button: CharRef;

  beforeAll(async () => {
    run = await startDemoHome({
      config: { doorbellSwitch: true, doorbellRepeatSeconds: 0, debug: true, lateDingSeconds: LATE_DING_SECONDS },
      cameras: ['Front Door'],
      env: { TRYGR_PUSH_RECONCILE_MS: String(RECONCILE_MS), TRYGR_PUSH_MISS_GRACE_MS: '1500' },
    });
    await run.cloud.waitForPushClient(30_000);
    camera = await run.camera('Front Door');
    button = findChar(await camera.accessories(), 1, 'StatelessProgrammableSwitch', 'ProgrammableSwitchEvent');
    await camera.subscribe([button]);
  }, 150_000);

  afterAll(() => finishRun(run), 120_000);

  test('Ring stops delivering: misses found and recorded, the recent press rings late once, the receiver restarts, the next press arrives by push', async () => {
    const since = Date.now();
    const mark = camera.events().length;
    expect(run.cloud.expirePushRegistrations('connections')).toBe(1);
    expect((await run.cloud.injectMotion(frontDoor, 'human')).delivered).toBe(0);
    expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(0);
    // The connection stayed open: only Ring's history knows of the two events.
    expect(run.cloud.pushClients()).toHaveLength(1);

    // Found within a few reconciliation intervals; the press is still recent: it rings, late.
    await eventFor(camera, button, 0, mark, 10 * RECONCILE_MS);
    const health = await waitUntil(
      () => {
        const h = pushHealth(run);
        return h && (h.missed24h ?? 0) >= 2 && (h.recoveries ?? 0) >= 1 ? h : undefined;
      },
      20_000,
      'two misses and a recovery in status.json',
    );
    expect(health).toMatchObject({ missed24h: 2, recoveries: 1, lastRecoveryKind: 'restart', state: expect.stringMatching(/^(degraded|healthy)$/) });
    expect(Date.parse(health.lastRecoveryAt ?? '')).toBeGreaterThanOrEqual(since);
    const [press] = await waitUntil(
      async () => ((await missedRecords(run, since, 'doorbell')).length > 0 ? missedRecords(run, since, 'doorbell') : undefined),
      10_000,
      'the missed press in the ledger',
    );
    expect(press).toMatchObject({ action: 'forward', missedByPush: true, lateDelivery: true });
    const [motion] = await waitUntil(
      async () => ((await missedRecords(run, since, 'motion')).length > 0 ? missedRecords(run, since, 'motion') : undefined),
      10_000,
      'the missed motion in the ledger',
    );
    expect(motion.missedByPush).toBe(true);
    expect(motion.lateDelivery).toBeUndefined();
    // One line, or two if the reads found them apart (the second then waits for its line).
    expect(run.hb.logs()).toMatch(/Ring did not deliver [12] notifications? \(found in Ring's event history/);
    // Both found in one read, or the first alone (nothing arrived since it): either way one restart.
    expect(run.hb.logs()).toMatch(/Ring push notifications: (2 pushes missed|1 push missed and none arrived since); restarting the push receiver\./);

    // The old receiver was destroyed and the new one is served: the next press comes by push.
    await waitUntil(() => (run.cloud.pushClients().length === 1 && run.cloud.pushClients()[0]!.ready ? true : undefined), 20_000, 'one served push connection');
    const before = camera.events().length;
    expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(1);
    await eventFor(camera, button, 0, before);
    expect(eventsFor(camera, button, mark)).toHaveLength(2);
    // And it is not taken for a miss: two more reads later, the count has not moved.
    const readsFrom = Date.now();
    await waitUntil(() => (historyReads(run, readsFrom) >= 2 ? true : undefined), 10 * RECONCILE_MS, 'two more history reads');
    expect(pushHealth(run)?.missed24h).toBe(2);
    expect(eventsFor(camera, button, mark)).toHaveLength(2);
  }, 90_000);

  test('a missed press found after lateDingSeconds is recorded as missed and does not ring', async () => {
    const since = Date.now();
    const mark = camera.events().length;
    run.cloud.setPushDrop({ mode: 'camera', cameraId: frontDoor });
    try {
      // The next history read is held back longer than the late window: the press it finds is too old.
      run.cloud.failNext('/events', 1, { delayMs: (LATE_DING_SECONDS + 3) * 1000 });
      await waitUntil(() => (run.cloud.pendingFaults() === 0 ? true : undefined), 10 * RECONCILE_MS, 'the held-back history read');
      expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(0);
      const [press] = await waitUntil(
        async () => ((await missedRecords(run, since, 'doorbell')).length > 0 ? missedRecords(run, since, 'doorbell') : undefined),
        (LATE_DING_SECONDS + 15) * 1000,
        'the old missed press in the ledger',
      );
      expect(press).toMatchObject({ missedByPush: true });
      expect(press!.lateDelivery).toBeUndefined();
      expect(eventsFor(camera, button, mark)).toHaveLength(0);
      expect(run.hb.logs()).toMatch(/Front Door \(doorbell\): doorbell press → .* \(missed by push, not delivered\)\./);
    } finally {
      run.cloud.setPushDrop({ mode: 'none' });
    }
  }, 60_000);

  test('history reads stay within the budget and are the only requests reconciliation adds', () => {
    // 2 s intervals in this test: at most one read per interval and location, plus reconnects.
    const reads = run.cloud.requests().filter((request) => request.path.endsWith('/events'));
    const span = Math.max(1, (reads.at(-1)!.time - reads[0]!.time) / RECONCILE_MS);
    expect(reads.length).toBeLessThanOrEqual(span + 5);
    expect(reads.every((request) => request.method === 'GET')).toBe(true);
  });
});
