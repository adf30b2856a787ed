/**
 * The emulator going dark (outage.ts) as a plain HTTP client sees it, and coming back on the same port.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import WebSocket from 'ws';
import { startRingCloud, type RingCloud } from './index.js';
import { RingCloudControl } from './control-client.js';

let cloud: RingCloud | undefined;

afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

/** The network error's code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET...) or the abort's name. */
async function failure(url: string, timeoutMs = 3000): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return `answered ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as Error).name;
  }
}

describe('outage', () => {
  test('refuse: connections are refused; coming back listens on the same port again', async () => {
    cloud = await startRingCloud({ quiet: true });
    const url = `${cloud.url}/clients_api/ring_devices`;
    expect(await failure(url)).toBe('answered 401');
    await cloud.goDark('refuse');
    expect(await failure(url)).toBe('ECONNREFUSED');
    expect(cloud.outage().mode).toBe('refuse');
    await cloud.comeBack();
    expect(await failure(url)).toBe('answered 401');
    expect(cloud.outage().mode).toBeUndefined();
  }, 20_000);

  test('reset: connections are accepted and closed at once', async () => {
    cloud = await startRingCloud({ quiet: true });
    await cloud.goDark('reset');
    expect(await failure(`${cloud.url}/clients_api/ring_devices`)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(cloud.outage().turnedAway).toBeGreaterThanOrEqual(1);
    await cloud.comeBack();
    expect(await failure(`${cloud.url}/clients_api/ring_devices`)).toBe('answered 401');
  }, 20_000);

  test('hang: requests go unanswered until the client gives up, the control API still answers, and a timed outage ends by itself', async () => {
    cloud = await startRingCloud({ quiet: true });
    const control = new RingCloudControl(cloud.url);
    await control.goDark('hang', 1500);
    expect(await failure(`${cloud.url}/clients_api/ring_devices`, 800)).toBe('TimeoutError');
    expect((await control.requests()).length).toBe(0);
    // It ends by itself: asked again until it answers, so a slow machine does not fail this.
    const deadline = Date.now() + 10_000;
    let answer = await failure(`${cloud.url}/clients_api/ring_devices`, 800);
    while (answer !== 'answered 401' && Date.now() < deadline) answer = await failure(`${cloud.url}/clients_api/ring_devices`, 800);
    expect(answer).toBe('answered 401');
  }, 20_000);

  test('going dark closes open WebSockets, and they cannot reconnect until Ring is back', async () => {
    cloud = await startRingCloud({ quiet: true });
    const socket = new WebSocket(`ws://127.0.0.1:${cloud.port}/_push`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await cloud.goDark('refuse');
    await closed;
    const refused = new WebSocket(`ws://127.0.0.1:${cloud.port}/_push`);
    await expect(
      new Promise((resolve, reject) => {
        refused.once('open', resolve);
        refused.once('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await cloud.comeBack();
    const again = new WebSocket(`ws://127.0.0.1:${cloud.port}/_push`);
    await new Promise((resolve, reject) => {
      again.once('open', resolve);
      again.once('error', reject);
    });
    again.close();
  }, 20_000);
});
