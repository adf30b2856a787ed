/**
 * The cap on ring-client-api's own push receiver (the library's class, the receiver RingApi makes),
 * with pushes from the emulator: the list of received ids stays bounded and pushes still arrive.
 */
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import type { PushNotificationDingV2, RingCamera } from 'ring-client-api';
import { capPushReceiverIds, type PushReceiverClass } from '../../src/ring/push-id-cap.js';
import { demoHome } from '../emulator/index.js';
import { nextValue, startCloudSession, stopCloudSession, trackLongTimers, type CloudSession } from '../emulator/test-support.js';
import { ringClientApiRequire } from './install.js';
import { receiversKey, type PushReceiverInstance } from './push-redirect.js';

jest.setTimeout(30_000);

const keep = 10;
let session: CloudSession;
let frontDoor: RingCamera;
const longTimers = trackLongTimers();
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  const { PushReceiver } = ringClientApiRequire()('@eneris/push-receiver') as { PushReceiver: PushReceiverClass };
  expect(capPushReceiverIds(silent, PushReceiver, keep)).toBe('capped');
  session = await startCloudSession();
  const cameras = await session.api.getCameras();
  frontDoor = cameras.find((camera) => camera.id === demoHome.cameras.frontDoor)!;
});

afterAll(async () => {
  await stopCloudSession(session);
  longTimers.clear();
});

function liveReceivers(): PushReceiverInstance[] {
  const registry = (globalThis as unknown as Record<symbol, Set<WeakRef<PushReceiverInstance>> | undefined>)[receiversKey];
  return [...(registry ?? [])].map((ref) => ref.deref()).filter((receiver): receiver is PushReceiverInstance => receiver !== undefined);
}

test("RingApi's receiver keeps at most twice the kept ids after many pushes, and still delivers", async () => {
  const deadline = Date.now() + 10_000;
  while (session.cloud.pushClients().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  for (let n = 0; n < keep * 5; n++) {
    expect((await session.cloud.injectMotion(demoHome.cameras.frontDoor, 'human', { waitForClientMs: 5_000 })).delivered).toBe(1);
  }
  const receivers = liveReceivers();
  expect(receivers).toHaveLength(1);
  expect(receivers[0].persistentIds.length).toBeGreaterThanOrEqual(keep);
  expect(receivers[0].persistentIds.length).toBeLessThan(keep * 2);

  // ring-client-api drops pushes in its first 2 s; keep pressing until one is seen, as a user would.
  let seen: PushNotificationDingV2 | undefined;
  while (!seen && Date.now() < deadline + 10_000) {
    const next = nextValue<PushNotificationDingV2>(frontDoor.onNewNotification);
    const delivery = await session.cloud.injectDing(demoHome.cameras.frontDoor);
    seen = await Promise.race([next, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500))]);
    if (seen) expect(seen.data.event.ding.id).toBe(delivery.dingId);
  }
  expect(seen?.android_config.category).toBe('com.ring.pn.live-event.ding');
});
