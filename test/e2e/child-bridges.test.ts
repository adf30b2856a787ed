/**
 * Two Trygr blocks, each in a child bridge of its own, on one real Homebridge: every file is per
 * bridge (status, Privacy switches, audit ledger, system id, token sidecar) and every rotated token
 * goes back into its own block. Homebridge deletes `_bridge` from the block it hands a child
 * bridge's platform, so the plugin must find its bridge from config.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginStatus } from '../../src/config/plugin-status.js';
import { readRefreshToken } from '../../src/token-store/index.js';
import { startRingCloud, demoHome, type RingCloud } from '../emulator/index.js';
import { readLedger } from '../../src/privacy/audit/index.js';
import { findChar, startHomebridge, stopAll, type HapClient, type HomebridgeProcess } from '../harness/index.js';
import { freePort } from '../harness/free-port.js';
import { randomUsername } from '../harness/homebridge-config.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { waitUntil } from './accessories-support.js';

interface Bridge {
  name: string;
  username: string;
  port: number;
  folder: string;
}

const key = (username: string) => username.replace(/:/g, '');

describe('two Trygr child bridges', () => {
  let cloud: RingCloud;
  let hb: HomebridgeProcess;
  let flat: Bridge;
  let cabin: Bridge;
  const files = (bridge: Bridge, name: string) => join(hb.storagePath, 'trygr', key(bridge.username), name);
  const status = (bridge: Bridge): PluginStatus | undefined => {
    try {
      return JSON.parse(readFileSync(files(bridge, 'status.json'), 'utf8')) as PluginStatus;
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    cloud = await startRingCloud({ quiet: true });
    const bridge = async (name: string): Promise<Bridge> => ({ name, username: randomUsername(), port: await freePort(), folder: '' });
    flat = await bridge('Flat');
    cabin = await bridge('Cabin');
    const block = (b: Bridge) => ({
      platform: 'Trygr',
      name: b.name,
      refreshToken: cloud.mintRefreshToken(),
      _bridge: { username: b.username, port: b.port, name: `${b.name} Bridge` },
    });
    hb = await startHomebridge({ platforms: [block(flat), block(cabin)], ringCloudUrl: cloud.url });
    await hb.waitForLog(/\[Flat\] Location 1 of 1: /, 60_000);
    await hb.waitForLog(/\[Cabin\] Location 1 of 1: /, 60_000);
  }, 180_000);

  afterAll(async () => {
    try {
      if (hb) expectNoSecrets(hb.logs(), [...cloud.tokensIssued(), cloud.account.email, cloud.account.password]);
    } finally {
      await stopAll();
      await cloud?.close();
    }
  }, 60_000);

  test('each bridge publishes its own status, from its own process; nothing is written to the shared paths', async () => {
    const [a, b] = await Promise.all(
      [flat, cabin].map((bridge) => waitUntil(() => status(bridge)?.state === 'connected' && status(bridge), 20_000, `${bridge.name}'s status`)),
    );
    expect(a!.pid).not.toBe(b!.pid);
    expect(a!.devices.length).toBeGreaterThan(0);
    for (const shared of ['status.json', 'privacy-switches.json', 'system-id', 'token.json', 'audit']) {
      expect([shared, existsSync(join(hb.storagePath, 'trygr', shared))]).toEqual([shared, false]);
    }
  });

  test('each bridge has its own system id', () => {
    const ids = [flat, cabin].map((bridge) => readFileSync(files(bridge, 'system-id'), 'utf8').trim());
    expect(ids[0]!.length).toBeGreaterThanOrEqual(16);
    expect(ids[0]).not.toBe(ids[1]);
  });

  test('every rotated token is saved into its own block and its own sidecar', async () => {
    const sidecar = (bridge: Bridge) =>
      JSON.parse(readFileSync(join(hb.storagePath, 'trygr', `token-${key(bridge.username)}.json`), 'utf8')) as { refreshToken?: string };
    await waitUntil(
      () =>
        [flat, cabin].every((bridge) => {
          const token = readRefreshToken(readFileSync(hb.configPath, 'utf8'), { bridgeUsername: bridge.username });
          return token !== undefined && existsSync(join(hb.storagePath, 'trygr', `token-${key(bridge.username)}.json`)) && sidecar(bridge).refreshToken === token;
        }),
      20_000,
      'both blocks and both sidecars to agree',
    );
    const config = readFileSync(hb.configPath, 'utf8');
    const tokens = [flat, cabin].map((bridge) => readRefreshToken(config, { bridgeUsername: bridge.username }));
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  test("a Privacy switch in one bridge is saved in that bridge's file only; decisions go to each bridge's ledger", async () => {
    let client: HapClient | undefined;
    try {
      client = await hb.pair({ name: `${flat.name} Bridge`, port: flat.port, pin: hb.pin, username: flat.username });
      const global = findChar(await client.accessories(), 'Privacy', 'Switch', 'On');
      await client.write(global.aid, global.iid, true);
      const saved = await waitUntil(
        () => existsSync(files(flat, 'privacy-switches.json')) && JSON.parse(readFileSync(files(flat, 'privacy-switches.json'), 'utf8')),
        10_000,
        "the Flat's switch file",
      );
      expect(saved).toMatchObject({ global: true });
      expect(existsSync(files(cabin, 'privacy-switches.json'))).toBe(false);
    } finally {
      await client?.unpair().catch(() => undefined);
      await client?.close().catch(() => undefined);
    }

    await cloud.injectMotion(demoHome.cameras.frontDoor, 'human');
    const motion = async (bridge: Bridge) =>
      (await readLedger(files(bridge, 'audit'))).records.filter((record) => record.device.id === String(demoHome.cameras.frontDoor));
    // The Flat's global Privacy switch is on: the push was blocked there, and forwarded in the Cabin.
    await waitUntil(async () => (await motion(flat)).some((record) => record.action === 'block'), 20_000, "a blocked decision in the Flat's ledger");
    await waitUntil(async () => (await motion(cabin)).some((record) => record.action === 'forward'), 20_000, "a forwarded decision in the Cabin's ledger");
    expect((await motion(cabin)).some((record) => record.action === 'block')).toBe(false);
  }, 60_000);
});
