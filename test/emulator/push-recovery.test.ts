/**
 * What push reconciliation and recovery rely on, with the unmodified ring-client-api against the
 * emulator: the location's history lists every event the emulator generated (delivered, dropped,
 * or sent to an expired registration) with the pushes' ding ids; an expired registration hears
 * nothing while its connection stays open; a restarted receiver is delivered to again, and when
 * the push tokens themselves expired, only a fresh registration is (with its credentials rotated
 * into a new refresh token, as at Ring).
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Location, PushNotificationDingV2, RingCamera } from 'ring-client-api';
import { readHistoryEvents } from '../../src/ring/push-reconcile.js';
import { restartPushReceiver } from '../../src/ring/push-restart.js';
import type { CameraEvent, CloudState } from './cloud-state.js';
import { demoHome, RingCloudControl } from './index.js';
import { eventsFor } from './routes-clients-api.js';
import { startCloudSession, stopCloudSession, trackLongTimers, type CloudSession } from './test-support.js';

jest.setTimeout(40_000);

let session: CloudSession;
let location: Location;
let frontDoor: RingCamera;
const longTimers = trackLongTimers();
const notifications: string[] = [];

beforeAll(async () => {
  session = await startCloudSession();
  [location] = await session.api.getLocations();
  frontDoor = location.cameras.find((camera) => camera.id === demoHome.cameras.frontDoor)!;
  frontDoor.onNewNotification.subscribe((notification: PushNotificationDingV2) => notifications.push(String(notification.data.event.ding.id)));
  await session.cloud.waitForPushClient(15_000);
});

afterAll(async () => {
  await stopCloudSession(session);
  longTimers.clear();
});

/** Resolves once the Front Door heard of `dingId` by push. */
async function heard(dingId: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!notifications.includes(dingId)) {
    if (Date.now() > deadline) throw new Error(`ding ${dingId} did not arrive by push`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Restarts the receiver and waits for its connection: one Ring serves (`served`), or any new one. */
async function restart(kind: 'restart' | 'fresh-registration', served = true): Promise<void> {
  const connections = session.cloud.pushClients().length;
  expect(restartPushReceiver(session.api, location.cameras, location.intercoms, kind, () => true)).toBe(true);
  // The old connection is left open (the stop is a no-op here): expired, it hears nothing anyway.
  const deadline = Date.now() + 15_000;
  const done = (): boolean => (served ? session.cloud.pushClients().some((client) => client.ready) : session.cloud.pushClients().length > connections);
  while (!done()) {
    if (Date.now() > deadline) throw new Error('no new push client');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('history and expired push registrations', () => {
  test("the location's history lists delivered and dropped events with the pushes' ding ids, newest first, up to the limit", async () => {
    const delivered = await session.cloud.injectDing(frontDoor.id);
    await heard(delivered.dingId);
    session.cloud.setPushDrop({ mode: 'all' });
    const dropped = await session.cloud.injectMotion(frontDoor.id, 'human');
    session.cloud.setPushDrop({ mode: 'none' });
    expect(dropped.delivered).toBe(0);
    const history = readHistoryEvents(await location.getCameraEvents({ limit: 20 }));
    expect(history.slice(0, 2)).toMatchObject([
      { dingId: dropped.dingId, cameraId: String(frontDoor.id), kind: 'motion', detectionType: 'person' },
      { dingId: delivered.dingId, cameraId: String(frontDoor.id), kind: 'ding' },
    ]);
    expect(readHistoryEvents(await location.getCameraEvents({ limit: 1 }))).toHaveLength(1);
  });

  test("a location's history holds only its own cameras' events; one camera's only that camera's", () => {
    const event = (ding: string, camera: number, locationId: string): CameraEvent => ({
      ding_id: ding,
      ding_id_str: ding,
      doorbot_id: camera,
      location_id: locationId,
      kind: 'ding',
      created_at: new Date(0).toISOString(),
      detection_type: null,
      snapshot_uuid: 'x',
    });
    const state = { events: [event('1', 10, 'a'), event('2', 20, 'b'), event('3', 11, 'a')] } as unknown as CloudState;
    const ids = (response: unknown) => readHistoryEvents(response).map((e) => e.dingId);
    expect(ids(eventsFor(state, { locationId: 'a' }))).toEqual(['3', '1']);
    expect(ids(eventsFor(state, { locationId: 'b' }))).toEqual(['2']);
    expect(ids(eventsFor(state, { locationId: 'a', cameraId: 10 }))).toEqual(['1']);
    expect(ids(eventsFor(state, { locationId: 'a', limit: '1' }))).toEqual(['3']);
    expect(ids(eventsFor(state, { locationId: 'a', limit: 'many' }))).toEqual(['3', '1']);
  });

  test('an expired registration hears nothing while its connection stays open; a restarted receiver hears again', async () => {
    expect(session.cloud.expirePushRegistrations('connections')).toBeGreaterThanOrEqual(1);
    const before = session.cloud.pushesDropped();
    const lost = await session.cloud.injectDing(frontDoor.id, { waitForClientMs: 2_000 });
    expect(lost.delivered).toBe(0);
    expect(session.cloud.pushesDropped()).toBe(before + 1);
    expect(session.cloud.pushClients().every((client) => client.expired)).toBe(true);
    expect(readHistoryEvents(await location.getCameraEvents({ limit: 5 }))[0].dingId).toBe(lost.dingId);
    await restart('restart');
    const back = await session.cloud.injectDing(frontDoor.id);
    expect(back.delivered).toBe(1);
    await heard(back.dingId);
    expect(notifications).not.toContain(lost.dingId);
  });

  test('expired push tokens: a restart with the same credentials stays deaf, a fresh registration hears and rotates the refresh token', async () => {
    session.cloud.expirePushRegistrations('tokens');
    await restart('restart', false);
    // The restarted receiver is a new connection with the old token: still not served.
    expect(session.cloud.pushClients().every((client) => client.expired)).toBe(true);
    expect((await session.cloud.injectDing(frontDoor.id, { waitForClientMs: 2_000 })).delivered).toBe(0);
    const rotations: string[] = [];
    const subscription = session.api.onRefreshTokenUpdated.subscribe(({ newRefreshToken }) => rotations.push(newRefreshToken));
    const tokensBefore = session.cloud.pushClients().length;
    await restart('fresh-registration');
    const back = await session.cloud.injectDing(frontDoor.id);
    expect(back.delivered).toBe(1);
    await heard(back.dingId);
    subscription.unsubscribe();
    expect(session.cloud.pushClients().length).toBeGreaterThan(tokensBefore);
    // The cleared credentials, then the new ones: each a new refresh token for the token store.
    expect(rotations.length).toBeGreaterThanOrEqual(1);
  });

  test('the control API expires registrations too, and refuses an unknown scope', async () => {
    const control = new RingCloudControl(session.cloud.url);
    expect(await control.expirePushRegistrations()).toBeGreaterThanOrEqual(0);
    const response = await fetch(`${session.cloud.url}/_control/push-expire`, { method: 'POST', body: '{"scope":"everything"}' });
    expect(response.status).toBe(400);
  });
});
