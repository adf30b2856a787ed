/**
 * Push health through a real Homebridge and a paired controller: a press Ring sends twice (same
 * ding id, a new persistent id), on a doorbell or an intercom, rings once, the privacy gate decides it once, and the status
 * file counts the push received and the duplicate dropped; the push connection shows as connected
 * and healthy, and as disconnected when the emulator goes away; once the channel is down (after
 * DOWN_AFTER_MS here, a test-only knob: a minute by default) the camera's motion sensor shows a
 * Status Fault (`pushFaultStatus`, on by default), and none again once the connection is back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginStatus } from '../../src/config/plugin-status.js';
import { findChar, type CharRef, type HapClient } from '../harness/index.js';
import { demoHome, eventFor, eventsFor, finishRun, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { frontDoor } = demoHome.cameras;
/** How long the push connection must stay closed before the channel is down (a minute by default). */
const DOWN_AFTER_MS = 6_000;

function pushHealth(run: DemoHomeRun): PluginStatus['pushHealth'] {
  try {
    return (JSON.parse(readFileSync(join(run.hb.storagePath, 'trygr', 'status.json'), 'utf8')) as PluginStatus).pushHealth;
  } catch {
    // Not written yet, or caught mid-replace.
    return undefined;
  }
}

/** Waits until the status file counts one duplicate more than `before` did; returns its push health then. */
function duplicateCounted(run: DemoHomeRun, before: PluginStatus['pushHealth'], what: string): Promise<NonNullable<PluginStatus['pushHealth']>> {
  return waitUntil(
    () => {
      const health = pushHealth(run);
      return health && health.duplicatesDropped === (before?.duplicatesDropped ?? 0) + 1 ? health : undefined;
    },
    15_000,
    what,
  );
}

/** Decision lines (the `debug` option logs one per gate decision) about a Front Door press since `mark`. */
function pressDecisions(run: DemoHomeRun, mark: number): number {
  return run.hb
    .logs()
    .slice(mark)
    .split('\n')
    .filter((line) => /Front Door \([^)]*\): doorbell press → /.test(line)).length;
}

describe('push health', () => {
  let run: DemoHomeRun;
  let camera: HapClient;
  let doorbell: CharRef;
  let button: CharRef;
  let motionFault: CharRef;

  beforeAll(async () => {
    // No repeat window: only the ding id can collapse the second copy.
    run = await startDemoHome({
      config: { doorbellSwitch: true, doorbellRepeatSeconds: 0, debug: true },
      cameras: ['Front Door'],
      // Reconciliation is push-recovery.test.ts's subject; here it would find the silently dropped
      // press (a miss) at a moment the timing decides, and make the state it checks degraded.
      env: { TRYGR_PUSH_RECONCILE_MS: '3600000', TRYGR_PUSH_DOWN_AFTER_MS: String(DOWN_AFTER_MS) },
    });
    await run.cloud.waitForPushClient(30_000);
    camera = await run.camera('Front Door');
    const db = await camera.accessories();
    doorbell = findChar(db, 1, 'Doorbell', 'ProgrammableSwitchEvent');
    button = findChar(db, 1, 'StatelessProgrammableSwitch', 'ProgrammableSwitchEvent');
    motionFault = findChar(db, 1, 'MotionSensor', 'StatusFault', 'Front Door Motion');
    await camera.subscribe([doorbell, button, motionFault]);
  }, 150_000);

  afterAll(() => finishRun(run), 120_000);

  test('the push channel shows as connected and healthy in the status file', async () => {
    const health = await waitUntil(() => (pushHealth(run)?.state === 'healthy' ? pushHealth(run) : undefined), 20_000, 'a healthy push channel in status.json');
    expect(health).toMatchObject({ connected: true, reason: 'connected', duplicatesDropped: 0 });
  }, 30_000);

  test('a press Ring sends twice rings once, is decided once, and the duplicate is counted', async () => {
    const mark = camera.events().length;
    const logMark = run.hb.logMark();
    const before = pushHealth(run);
    const delivery = await run.cloud.injectDing(frontDoor, { twice: true });
    expect(delivery.delivered).toBe(1);
    await eventFor(camera, button, 0, mark);
    // Once the status counts the duplicate, the second copy has been handled (and dropped).
    const after = await duplicateCounted(run, before, 'the duplicate counted in status.json');
    expect(after.receivedByCamera[String(frontDoor)]).toBe((before?.receivedByCamera[String(frontDoor)] ?? 0) + 1);
    expect(after.received).toBe((before?.received ?? 0) + 1);
    expect(after.lastPushAt).toBeDefined();
    expect(eventsFor(camera, button, mark)).toHaveLength(1);
    expect(eventsFor(camera, doorbell, mark)).toHaveLength(1);
    expect(pressDecisions(run, logMark)).toBe(1);
  }, 40_000);

  test('a new press afterwards rings again: only the repeated ding id is dropped', async () => {
    const mark = camera.events().length;
    const before = pushHealth(run);
    expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(1);
    await eventFor(camera, button, 0, mark);
    await waitUntil(() => (pushHealth(run)?.received === (before?.received ?? 0) + 1 ? true : undefined), 15_000, 'the press counted in status.json');
    expect(pushHealth(run)?.duplicatesDropped).toBe(before?.duplicatesDropped);
    expect(eventsFor(camera, button, mark)).toHaveLength(1);
  }, 40_000);

  test('an intercom press Ring sends twice rings once, and is counted with the pushes', async () => {
    const intercomId = demoHome.intercoms.buildingEntrance;
    const intercomDoorbell = findChar(await run.bridge.accessories(), 'Building Entrance', 'Doorbell', 'ProgrammableSwitchEvent');
    await run.bridge.subscribe([intercomDoorbell]);
    const mark = run.bridge.events().length;
    const before = pushHealth(run);
    expect((await run.cloud.injectIntercomDing(intercomId, { twice: true })).delivered).toBe(1);
    await eventFor(run.bridge, intercomDoorbell, 0, mark);
    const after = await duplicateCounted(run, before, "the intercom's duplicate counted in status.json");
    expect(after.receivedByCamera[String(intercomId)]).toBe((before?.receivedByCamera[String(intercomId)] ?? 0) + 1);
    expect(eventsFor(run.bridge, intercomDoorbell, mark)).toHaveLength(1);
  }, 40_000);

  test('pushes dropped silently by Ring leave the connection open and nothing reaches HomeKit', async () => {
    run.cloud.setPushDrop({ mode: 'camera', cameraId: frontDoor });
    const mark = camera.events().length;
    const before = pushHealth(run);
    expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(0);
    expect(run.cloud.pushesDropped()).toBe(1);
    expect(run.cloud.pushClients()).toHaveLength(1);
    // Back to normal: the next press arrives, and it is the only event since the drop began.
    run.cloud.setPushDrop({ mode: 'none' });
    expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(1);
    await eventFor(camera, button, 0, mark);
    expect(eventsFor(camera, button, mark)).toHaveLength(1);
    await waitUntil(() => (pushHealth(run)?.received === (before?.received ?? 0) + 1 ? true : undefined), 15_000, 'one more push in status.json');
    // The connection looks healthy; only reconciliation with Ring's history finds the miss (push-recovery.test.ts).
    expect(pushHealth(run)?.state).toBe('healthy');
  }, 40_000);

  test('the push connection closed without notice: the receiver reconnects on its own and the next press arrives by push', async () => {
    expect(run.cloud.severPushConnections()).toBe(1);
    await waitUntil(() => (run.cloud.pushClients().some((client) => client.ready) ? true : undefined), 30_000, 'a served push connection again');
    const mark = camera.events().length;
    expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(1);
    await eventFor(camera, button, 0, mark);
    await waitUntil(() => (pushHealth(run)?.connected === true ? true : undefined), 15_000, 'connected again in status.json');
  }, 60_000);

  test('the push connection closing shows as reconnecting, then down with a Status Fault on the motion sensor, and as connected again with no fault once it is back', async () => {
    expect(await camera.read(motionFault.aid, motionFault.iid)).toBe(0);
    const faultMark = camera.events().length;
    await run.cloud.goDark('refuse');
    const lost = await waitUntil(() => (pushHealth(run)?.connected === false ? pushHealth(run) : undefined), 15_000, 'a closed push connection in status.json');
    expect(lost).toMatchObject({ state: 'degraded', reason: 'reconnecting' });
    await waitUntil(() => (pushHealth(run)?.state === 'down' ? true : undefined), DOWN_AFTER_MS + 15_000, 'a down push channel in status.json');
    // HomeKit hears the fault as an event, and a read says so too.
    await waitUntil(() => eventsFor(camera, motionFault, faultMark).find((event) => event.value === 1), 10_000, 'a Status Fault event');
    expect(await camera.read(motionFault.aid, motionFault.iid)).toBe(1);
    await run.cloud.comeBack();
    await waitUntil(() => (pushHealth(run)?.connected === true ? true : undefined), 30_000, 'the push connection back in status.json');
    expect(pushHealth(run)?.state).toBe('healthy');
    await waitUntil(() => eventsFor(camera, motionFault, faultMark).find((event) => event.value === 0), 10_000, 'the Status Fault cleared by an event');
    expect(await camera.read(motionFault.aid, motionFault.iid)).toBe(0);
    // And pushes flow again through the new connection.
    await run.cloud.waitForPushClient(30_000);
    const mark = camera.events().length;
    expect((await run.cloud.injectDing(frontDoor)).delivered).toBe(1);
    await eventFor(camera, button, 0, mark);
  }, 120_000);
});
