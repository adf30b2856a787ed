/**
 * The push faults Ring's service shows: one push sent twice (same ding id, a new persistent id),
 * pushes dropped silently (all, a fraction, or one camera's) while the push connection stays
 * open, pushes delayed, and the connection closed without notice.
 * A raw client speaks the push protocol (push-hub.ts) and records what reaches it.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import WebSocket from 'ws';
import { frameText } from '../support/ws-text.js';
import { startRingCloud, RingCloudControl, demoHome, type RingCloud } from './index.js';
import { dropNext, isDropped, type PushDrop } from './push-hub.js';

jest.setTimeout(30_000);

interface Received {
  persistentId: string;
  data: Record<string, string>;
}

let cloud: RingCloud;
let control: RingCloudControl;
let socket: WebSocket;
const received: Received[] = [];

/** The ding id inside a push, as the library would read it. */
function dingIdOf(push: Received): string {
  return /"ding":\{"id":(\d+)/.exec(push.data.data)?.[1] ?? '';
}

beforeAll(async () => {
  cloud = await startRingCloud({ quiet: true });
  control = new RingCloudControl(cloud.url);
  socket = new WebSocket(`ws://127.0.0.1:${cloud.port}/_push`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.on('message', (raw) => {
    const frame = JSON.parse(frameText(raw)) as { type: string; id: number; persistentId: string; message: { data: Record<string, string> } };
    if (frame.type !== 'notification') return;
    received.push({ persistentId: frame.persistentId, data: frame.message.data });
    socket.send(JSON.stringify({ type: 'ack', id: frame.id }));
  });
  socket.send(JSON.stringify({ type: 'hello', token: 'push-faults-test' }));
  await cloud.waitForPushClient(10_000);
});

afterAll(async () => {
  socket.close();
  await cloud.close();
});

describe('push drop plan', () => {
  test.each([
    [{ mode: 'none' }, 1, false],
    [{ mode: 'none' }, undefined, false],
    [{ mode: 'all' }, 1, true],
    [{ mode: 'all' }, undefined, true],
    [{ mode: 'camera', cameraId: 1 }, 1, true],
    [{ mode: 'camera', cameraId: 1 }, 2, false],
    [{ mode: 'camera', cameraId: 1 }, undefined, false],
  ] as Array<[PushDrop, number | undefined, boolean]>)('%j, camera %p: dropped %p', (drop, cameraId, dropped) => {
    expect(isDropped(drop, cameraId)).toBe(dropped);
  });
});

describe('a fraction of pushes dropped', () => {
  test('property: over any run, floor or ceil of n × fraction are dropped, and no window of pushes holds more than its share plus one', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 300 }), (fraction, n) => {
        let carry = 0;
        const dropped: boolean[] = [];
        for (let i = 0; i < n; i++) {
          const next = dropNext({ mode: 'fraction', fraction }, 1, carry);
          carry = next.carry;
          dropped.push(next.dropped);
        }
        const count = dropped.filter(Boolean).length;
        expect(count).toBeGreaterThanOrEqual(Math.floor(n * fraction - 1e-6));
        expect(count).toBeLessThanOrEqual(Math.ceil(n * fraction + 1e-6));
        for (let from = 0; from < n; from += 7) {
          const window = dropped.slice(from, from + 10);
          expect(window.filter(Boolean).length).toBeLessThanOrEqual(Math.ceil(window.length * fraction) + 1);
        }
      }),
    );
  });

  test('half: every second push, starting with the second', () => {
    let carry = 0;
    const seen = [1, 2, 3, 4].map(() => {
      const next = dropNext({ mode: 'fraction', fraction: 0.5 }, undefined, carry);
      carry = next.carry;
      return next.dropped;
    });
    expect(seen).toEqual([false, true, false, true]);
  });
});

describe('push faults', () => {
  test('a ding sent twice arrives twice with one ding id and two persistent ids', async () => {
    const mark = received.length;
    const delivery = await control.injectDing(demoHome.cameras.frontDoor, 5000, true);
    expect(delivery.delivered).toBe(1);
    const pushes = received.slice(mark);
    expect(pushes).toHaveLength(2);
    expect(pushes.map(dingIdOf)).toEqual([delivery.dingId, delivery.dingId]);
    expect(pushes[0].persistentId).not.toBe(pushes[1].persistentId);
    expect(pushes[0].data).toEqual(pushes[1].data);
  });

  test('one camera dropped: its pushes vanish, the connection stays open, other cameras still arrive', async () => {
    await control.setPushDrop({ mode: 'camera', cameraId: demoHome.cameras.frontDoor });
    const before = await control.pushesDropped();
    const mark = received.length;
    const dropped = await control.injectDing(demoHome.cameras.frontDoor, 5000);
    expect(dropped.delivered).toBe(0);
    const kept = await control.injectMotion(demoHome.cameras.driveway, 'human', 5000);
    expect(kept.delivered).toBe(1);
    // The socket delivers in order: had the dropped ding been sent, it would be first.
    expect(received.slice(mark).map(dingIdOf)).toEqual([kept.dingId]);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(await control.pushesDropped()).toBe(before + 1);
  });

  test('all dropped: nothing arrives until the drop ends, and the connection stays open throughout', async () => {
    await control.setPushDrop({ mode: 'all' });
    const mark = received.length;
    expect((await control.injectMotion(demoHome.cameras.driveway, 'human', 5000)).delivered).toBe(0);
    expect((await control.injectDing(demoHome.cameras.frontDoor, 5000, true)).delivered).toBe(0);
    expect(await cloud.sendPushMessage({ data: {} }, { waitForClientMs: 5000 })).toBe(0);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(cloud.pushClients()).toHaveLength(1);
    await control.setPushDrop({ mode: 'none' });
    const back = await control.injectDing(demoHome.cameras.frontDoor, 5000);
    expect(back.delivered).toBe(1);
    expect(received.slice(mark).map(dingIdOf)).toEqual([back.dingId]);
  });

  test('half dropped: every second push vanishes, counted, the connection stays open', async () => {
    await control.setPushDrop({ mode: 'fraction', fraction: 0.5 });
    try {
      const before = await control.pushesDropped();
      const mark = received.length;
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await control.injectDing(demoHome.cameras.frontDoor, 5000));
      expect(results.map((r) => r.delivered)).toEqual([1, 0, 1, 0]);
      expect(received.slice(mark).map(dingIdOf)).toEqual([results[0]!.dingId, results[2]!.dingId]);
      expect(await control.pushesDropped()).toBe(before + 2);
      expect(socket.readyState).toBe(WebSocket.OPEN);
    } finally {
      await control.setPushDrop({ mode: 'none' });
    }
  });

  test('delayed: the push arrives, late by the delay, and the inject call waits for it', async () => {
    await control.setPushDelay(600);
    try {
      const mark = received.length;
      const started = Date.now();
      const delivery = await control.injectDing(demoHome.cameras.frontDoor, 5000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(delivery.delivered).toBe(1);
      expect(received.slice(mark).map(dingIdOf)).toEqual([delivery.dingId]);
    } finally {
      await control.setPushDelay(0);
    }
  });

  test('a bad drop is refused with a reason', async () => {
    await expect(control.setPushDrop({ mode: 'camera' } as never)).rejects.toThrow(/"cameraId" must be a camera id/);
    const response = await fetch(`${cloud.url}/_control/push-drop`, { method: 'POST', body: '{"mode":"some"}' });
    expect(response.status).toBe(400);
    await expect(control.setPushDrop({ mode: 'fraction', fraction: 2 } as PushDrop)).rejects.toThrow(/"fraction" must be a number from 0 to 1/);
    await expect(control.setPushDelay(-1)).rejects.toThrow(/"ms" must be whole milliseconds/);
  });

  // Last: it ends this file's connection.
  test('the connection closed without notice: no shutdown frame, the socket just closes', async () => {
    const frames: string[] = [];
    socket.on('message', (raw) => frames.push(frameText(raw)));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    expect(await control.severPushConnections()).toBe(1);
    // 1006: closed abnormally, without a close frame, as when the network drops.
    expect(await closed).toBe(1006);
    expect(frames.filter((frame) => frame.includes('shutdown'))).toEqual([]);
    expect(cloud.pushClients()).toEqual([]);
  });
});
