/**
 * The settings panel's server when the edited Trygr block runs in a child bridge: it reads that
 * bridge's status, sidecar, ledger and system id, never another bridge's (or the shared files of
 * earlier versions); and a quick choice never silently replaces a policy the plugin refuses.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHardwareId } from 'ring-client-api/util';
import { loadScenario, defaultScenarioPath, startRingCloud, type RingCloud } from '../emulator/index.js';
import { AuditLedger } from '../../src/privacy/audit/audit-ledger.js';
import { compilePolicy } from '../../src/privacy/compile-policy.js';
import { decide } from '../../src/privacy/decide.js';
import { validatePolicy } from '../../src/privacy/policy-validate.js';
import type { Device } from '../../src/privacy/types.js';
import { readRefreshToken } from '../../src/token-store/index.js';
import { buildUiServer, startUiServer, type UiServerChild } from './ui-server-child.js';

const CODE = '86420975';
const FLAT = '0E:AA:BB:CC:DD:01';
const CABIN = '0E:AA:BB:CC:DD:02';
const flatDir = (storage: string) => join(storage, 'trygr', '0EAABBCCDD01');

interface StatusAnswer {
  signedIn: boolean;
  token?: { fingerprint: string; inConfig: boolean; inSidecar: boolean };
  plugin: { running: boolean; state?: string; devices: Array<{ id: string; name: string }> };
}

function writeStatus(file: string, deviceName: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      updatedAt: new Date().toISOString(),
      pid: process.pid,
      state: 'connected',
      locations: [{ id: 'loc', name: 'Somewhere' }],
      devices: [{ id: deviceName, name: deviceName, kind: 'indoor-camera', locationId: 'loc', hidden: false }],
    }),
    { mode: 0o600 },
  );
}

async function writeLedger(dir: string, device: Device, decisions: number): Promise<void> {
  const policy = compilePolicy(validatePolicy({ timeZone: 'UTC' }).policy!);
  const ledger = new AuditLedger({ dir, settings: { enabled: true, retentionDays: 30, maxMegabytes: 20 } });
  for (let i = 0; i < decisions; i++) {
    const time = new Date(Date.now() - 60_000 + i);
    const context = { mode: 'away' as const, globalPrivacy: false, devicePrivacy: false, now: time };
    ledger.record({ time, device, signal: { type: 'motion' }, context, decision: decide({ type: 'motion' }, device, context, policy) });
  }
  await ledger.close();
}

describe('homebridge-ui server, Trygr in child bridges', () => {
  let cloud: RingCloud;
  let storage: string;
  let configPath: string;
  let server: UiServerChild;

  beforeAll(async () => {
    await buildUiServer();
    const scenario = loadScenario(defaultScenarioPath());
    scenario.account.twoFactorCode = CODE;
    cloud = await startRingCloud({ quiet: true, scenario });
    storage = mkdtempSync(join(tmpdir(), 'trygr-ui-bridges-'));
    configPath = join(storage, 'config.json');
    // Both blocks in child bridges: the panel edits the first (the page's `block()` picks the same).
    writeFileSync(
      configPath,
      JSON.stringify(
        {
          bridge: { name: 'Test', username: '0E:11:22:33:44:55', port: 51826, pin: '031-45-154' },
          platforms: [
            { platform: 'Trygr', name: 'Flat', _bridge: { username: FLAT, port: 51001 } },
            { platform: 'Trygr', name: 'Cabin', _bridge: { username: CABIN, port: 51002 }, refreshToken: 'cabin-token-0123456789abcdef' },
          ],
        },
        null,
        4,
      ),
    );
    // What earlier versions shared, and what the other bridge publishes: none of it is the Flat's.
    writeStatus(join(storage, 'trygr', 'status.json'), 'Shared Camera');
    writeStatus(join(storage, 'trygr', '0EAABBCCDD02', 'status.json'), 'Cabin Camera');
    writeFileSync(join(storage, 'trygr', 'token.json'), JSON.stringify({ refreshToken: 'shared-token-0123456789abcdef' }));
    server = await startUiServer({ storagePath: storage, configPath, ringCloudUrl: cloud.url });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await cloud?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  }, 30_000);

  test("the status is the edited bridge's own: its status file and its token sidecar", async () => {
    const before = (await server.request<StatusAnswer>('/status')).data;
    expect(before).toMatchObject({ signedIn: false, plugin: { running: false, devices: [] } });
    writeStatus(join(flatDir(storage), 'status.json'), 'Flat Camera');
    const after = (await server.request<StatusAnswer>('/status')).data;
    expect(after.plugin).toMatchObject({ running: true, state: 'connected', devices: [expect.objectContaining({ name: 'Flat Camera' })] });
  });

  test("the audit tab reads the edited bridge's ledger only", async () => {
    const flatCamera: Device = { id: '1', name: 'Flat Camera', kind: 'indoor-camera', locationId: 'loc' };
    const sharedCamera: Device = { id: '2', name: 'Shared Camera', kind: 'indoor-camera', locationId: 'loc' };
    await writeLedger(join(flatDir(storage), 'audit'), flatCamera, 3);
    await writeLedger(join(storage, 'trygr', 'audit'), sharedCamera, 7);
    const { success, data } = await server.request<{ totals: { total: number }; devices: Array<{ name: string }> }>('/audit', { days: 7 });
    expect(success).toBe(true);
    expect(data.totals.total).toBe(3);
    expect(data.devices.map((device) => device.name)).toEqual(['Flat Camera']);
  });

  test("a sign-in uses the bridge's own system id and saves to its own block and sidecar", async () => {
    const started = (await server.request<{ outcome: string; attemptId: string }>('/sign-in/start', { email: cloud.account.email, password: cloud.account.password }))
      .data;
    expect(started.outcome).toBe('code-needed');
    const done = (await server.request<{ outcome: string; refreshToken: string }>('/sign-in/code', { attemptId: started.attemptId, code: CODE })).data;
    expect(done.outcome).toBe('signed-in');
    const systemId = readFileSync(join(flatDir(storage), 'system-id'), 'utf8').trim();
    const wrapped = JSON.parse(Buffer.from(done.refreshToken, 'base64').toString('utf8')) as { hid: string };
    expect(wrapped.hid).toBe(await getHardwareId(systemId));
    const config = readFileSync(configPath, 'utf8');
    expect(readRefreshToken(config, { bridgeUsername: FLAT })).toBe(done.refreshToken);
    expect(readRefreshToken(config, { bridgeUsername: CABIN })).toBe('cabin-token-0123456789abcdef');
    expect(JSON.parse(readFileSync(join(storage, 'trygr', 'token-0EAABBCCDD01.json'), 'utf8')).refreshToken).toBe(done.refreshToken);
    expect(JSON.parse(readFileSync(join(storage, 'trygr', 'token.json'), 'utf8')).refreshToken).toBe('shared-token-0123456789abcdef');
    const status = (await server.request<StatusAnswer>('/status')).data;
    expect(status.token).toMatchObject({ inConfig: true, inSidecar: true });
  });
});

describe('homebridge-ui server: a quick choice over a policy the plugin refuses', () => {
  let storage: string;
  let server: UiServerChild;
  const device = { id: '1', name: 'Living Room', kind: 'indoor-camera' };

  beforeAll(async () => {
    await buildUiServer();
    storage = mkdtempSync(join(tmpdir(), 'trygr-ui-quick-'));
    const configPath = join(storage, 'config.json');
    writeFileSync(configPath, JSON.stringify({ platforms: [{ platform: 'Trygr', name: 'Trygr' }] }));
    server = await startUiServer({ storagePath: storage, configPath });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  }, 30_000);

  test.each([
    ['rules that are not a list', { rules: 'oops' }, '"rules": must be a list of rules'],
    ['a rule with an unknown action', { rules: [{ name: 'Mine', action: 'hide' }] }, 'Rule 1 ("Mine"), "action": "hide" is not allowed'],
    ['a policy that is not an object', 'block everything', 'The "privacy" setting must be an object'],
  ])('is refused, saying why, for %s', async (_label, privacy, why) => {
    const answer = await server.request<{ message?: string }>('/privacy/quick-choice', { block: { privacy }, device, choice: 'no-snapshots', enabled: true });
    expect(answer.success).toBe(false);
    const text = answer.data.message ?? '';
    expect(text).toContain('The privacy policy in the config is invalid');
    expect(text).toContain(why);
    expect(text).toContain('Fix or reset the policy in Privacy rules first.');
  });

  test('"hide" leaves the policy alone, so it still works; a valid policy takes quick choices as before', async () => {
    const hidden = await server.request<{ privacy: unknown; hideDeviceIds: string[] }>('/privacy/quick-choice', {
      block: { privacy: { rules: 'oops' } },
      device,
      choice: 'hide',
      enabled: true,
    });
    expect(hidden).toMatchObject({ success: true, data: { privacy: { rules: 'oops' }, hideDeviceIds: ['1'] } });
    const fine = await server.request<{ privacy: { rules: unknown[] } }>('/privacy/quick-choice', { block: {}, device, choice: 'no-snapshots', enabled: true });
    expect(fine.success).toBe(true);
    expect(fine.data.privacy.rules).toHaveLength(1);
  });
});
