/**
 * The redirect inside Jest's ESM vm context: Ring hosts reach the emulator (fetch and undici
 * WebSocket), the push receiver copy ring-client-api uses is redirected, and every other
 * non-loopback connection fails at once, naming the host.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import net from 'node:net';
import tls from 'node:tls';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { installRingRedirect, ringClientApiRequire, type RingRedirect } from './install.js';
import { classifyHost, rewriteRingUrl } from './ring-hosts.js';
import { connectTarget } from './socket-guard.js';

jest.setTimeout(20_000);

let cloud: RingCloud;
let redirect: RingRedirect;

beforeAll(async () => {
  cloud = await startRingCloud({ quiet: true });
  redirect = installRingRedirect(cloud.url);
});

afterAll(async () => {
  await cloud.close();
});

describe('host rules', () => {
  test('Ring hosts, loopback and everything else', () => {
    expect(
      ['api.ring.com', 'oauth.ring.com', 'app-snaps.ring.com', 'prd-api-us.prd.rings.solutions', 'api.prod.signalling.ring.devices.a2z.com'].map(classifyHost),
    ).toEqual(Array(5).fill('ring'));
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.8.9.10'].map(classifyHost)).toEqual(Array(5).fill('loopback'));
    expect(['example.com', 'mtalk.google.com', 'notring.com', '10.0.0.1', 'devices.a2z.com', 'ring.devices.a2z.com.evil.example'].map(classifyHost)).toEqual(
      Array(6).fill('blocked'),
    );
  });

  test('Ring URLs keep path and query, lose TLS', () => {
    expect(rewriteRingUrl('https://api.ring.com/clients_api/doorbots/1/health?x=1', 'http://127.0.0.1:8870')).toBe(
      'http://127.0.0.1:8870/clients_api/doorbots/1/health?x=1',
    );
    expect(rewriteRingUrl('wss://alarm-ws.prd.rings.solutions/ws?authcode=a&ack=false', 'http://127.0.0.1:8870')).toBe('ws://127.0.0.1:8870/ws?authcode=a&ack=false');
    expect(rewriteRingUrl('https://example.com/', 'http://127.0.0.1:8870')).toBeUndefined();
  });

  test('connect() destinations in every argument form', () => {
    expect(connectTarget([{ host: 'a', port: 1 }])).toEqual({ host: 'a', port: 1, path: undefined });
    expect(connectTarget([443, 'b'])).toEqual({ port: 443, host: 'b' });
    expect(connectTarget(['/tmp/socket'])).toEqual({ path: '/tmp/socket' });
    expect(connectTarget([[{ host: 'c', port: 2 }, null]])).toEqual({ host: 'c', port: 2, path: undefined });
  });
});

describe('redirected', () => {
  test('fetch to a Ring host reaches the emulator (which demands a token)', async () => {
    cloud.clearRequests();
    const response = await fetch('https://api.ring.com/clients_api/ring_devices', { dispatcher: {} } as RequestInit);
    expect(response.status).toBe(401);
    expect(cloud.requests()).toEqual([expect.objectContaining({ path: '/clients_api/ring_devices', host: 'api.ring.com', status: 401 })]);
  });

  test("undici WebSocket (ring-client-api's copy) to a Ring host is carried to the emulator", async () => {
    const { WebSocket } = ringClientApiRequire()('undici') as { WebSocket: typeof globalThis.WebSocket };
    cloud.clearRequests();
    const socket = new WebSocket('wss://alarm-ws.prd.rings.solutions/ws?authcode=not-a-ticket&ack=false');
    await new Promise((resolve) => socket.addEventListener('error', resolve, { once: true }));
    // refused by the emulator (bad ticket); undici may retry the GET once on the closed connection
    const paths = cloud.requests().map((entry) => entry.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set(['/ws']));
  });

  test('the global dispatcher of this (Jest) context is the redirecting one', () => {
    const { Agent } = ringClientApiRequire()('undici') as { Agent: new () => object };
    const dispatcher = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
    expect(dispatcher).toBeInstanceOf(Agent);
  });

  test("ring-client-api's PushReceiver connects to the emulator and emits credentials once", async () => {
    const { PushReceiver } = ringClientApiRequire()('@eneris/push-receiver') as {
      PushReceiver: new (config: object) => {
        onCredentialsChanged(listener: (change: { newCredentials: { fcm: { token: string } } }) => void): () => void;
        connect(): Promise<void>;
        destroy(): void;
      };
    };
    const receiver = new PushReceiver({ firebase: { apiKey: 'x', projectId: 'ring-17770', messagingSenderId: '1', appId: 'x' }, debug: false });
    const tokens: string[] = [];
    receiver.onCredentialsChanged(({ newCredentials }) => tokens.push(newCredentials.fcm.token));
    await receiver.connect();
    await receiver.connect();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatch(/^emulated-fcm-/);
    const deadline = Date.now() + 5_000;
    while (cloud.pushClients().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cloud.pushClients()).toHaveLength(1);
    receiver.destroy();
  });
});

describe('blocked at once, naming the host', () => {
  test('fetch', async () => {
    await expect(fetch('https://example.com/')).rejects.toThrow(/blocked fetch to non-loopback host "example.com"/);
  });

  test('net.connect', async () => {
    const socket = net.connect({ host: '203.0.113.7', port: 443 });
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error.message).toMatch(/"203.0.113.7:443"/);
  });

  test('tls.connect (what FCM would use)', async () => {
    const socket = tls.connect({ host: 'mtalk.google.com', port: 5228 });
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error.message).toMatch(/"mtalk.google.com:5228"/);
  });

  test('undici WebSocket to a non-Ring host', async () => {
    const { WebSocket } = ringClientApiRequire()('undici') as { WebSocket: typeof globalThis.WebSocket };
    const socket = new WebSocket('wss://signalling.example.com/ws');
    await new Promise((resolve) => socket.addEventListener('error', resolve, { once: true }));
    expect(redirect.blocked().map((entry) => entry.host)).toContain('signalling.example.com');
  });

  test('loopback connections still work', async () => {
    const response = await fetch(`${cloud.url}/_control/state`);
    expect(response.status).toBe(200);
  });
});
