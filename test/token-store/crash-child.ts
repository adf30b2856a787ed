/**
 * Run by crash.test.ts, once per kill, with the Ring redirect loaded:
 *   TRYGR_RING_CLOUD_URL=<emulator> node --import .build/test/redirect/register.js crash-child.js <configPath> <storagePath>
 * Starts like the plugin does (resolveStartupToken from config.json and the sidecar), proves the
 * token works with a real authenticated request, then keeps making requests until the parent kills
 * it with SIGKILL. The emulator runs with a 60 s access-token lifetime, which ring-client-api drops
 * 60 s early, so every request first refreshes, rotating the refresh token.
 * Messages to the parent: authenticated | failed | durable (a token known to be on disk) | log.
 */
import { readFile } from 'node:fs/promises';
import { RingRestClient } from 'ring-client-api/rest-client';
import { fingerprint, readRefreshToken, TokenStore } from '../../src/token-store/index.js';

const [configPath, storagePath] = process.argv.slice(2) as [string, string];
const send = (message: Record<string, unknown>) => process.send?.(message);
const record = (level: string) => (message: string) => send({ type: 'log', level, message });
const log = { info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') };

const store = new TokenStore({ configPath, storagePath, log });
const startup = await store.resolveStartupToken(readRefreshToken(await readFile(configPath, 'utf8')));
if (!startup.token) {
  send({ type: 'failed', reason: 'no token to start with' });
  process.exit(1);
}
const client = new RingRestClient({ refreshToken: startup.token, systemId: 'trygr-crash-test' });
store.watch(client.onRefreshTokenUpdated);
try {
  await client.request({ url: 'https://api.ring.com/devices/v1/locations' });
} catch (error) {
  send({ type: 'failed', reason: `authenticated request failed: ${(error as Error).message.slice(0, 200)}` });
  process.exit(1);
}
send({ type: 'authenticated', fingerprint: fingerprint(startup.token), source: startup.source });

for (;;) {
  await client.request({ url: 'https://api.ring.com/devices/v1/locations' });
  // Sometimes wait for the disk (a known-durable token), sometimes let rotations pile up (coalescing).
  if (Math.random() < 0.5) {
    await store.flush();
    const saved = store.lastRotation();
    if (saved?.savedToSidecar) send({ type: 'durable', fingerprint: saved.fingerprint });
  }
}
