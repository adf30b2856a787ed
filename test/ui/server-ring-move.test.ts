/**
 * The settings panel's "Move from homebridge-ring" through its server, started as the Homebridge UI
 * starts it (ui-server-child.ts): what the preview tells the page, the refusals that change nothing
 * (no homebridge-ring block, no confirmation, a broken or read-only config.json), and the move
 * itself: config.json and the token file afterwards, and no token in any answer or log line.
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoSecrets } from '../support/log-scan.js';
import { readRefreshToken } from '../../src/token-store/index.js';
import { buildUiServer, startUiServer, type UiServerChild } from './ui-server-child.js';

/** A token in ring-client-api's wrapped form, as homebridge-ring's block holds one. */
const RING_TOKEN = Buffer.from(JSON.stringify({ rt: 'Qx7rt3c9d1e7f5a2b4c6d8e0f1a3b5c7d9e1f', hid: 'Zk4hid0a1b2c3d4e5f6a7b8c' })).toString('base64');
const NOBODY = 65534;

interface Preview {
  found: boolean;
  problem?: string;
  ringHasToken?: boolean;
  trygrSignedIn?: boolean;
  alreadyDisabled?: boolean;
  settingsPending?: boolean;
  ringCount?: number;
  ringPosition?: number;
  carried?: Array<{ from: string; to: string; value: unknown; note?: string }>;
  notCarried?: Array<{ key: string; reason: string }>;
}

interface Outcome extends Preview {
  options: Record<string, unknown>;
  disabledPlugin: string;
  token: { moved: boolean; savedToConfig?: boolean; savedToSidecar?: boolean; problem?: string };
}

const ringBlock = {
  platform: 'Ring',
  name: 'Ring',
  refreshToken: RING_TOKEN,
  locationIds: ['loc-home'],
  hideDeviceIds: ['3F2504E0-4F89-11D3-9A0C-0305E82C3301'],
  onlyDeviceTypes: ['doorbell_v3', 'stickup_cam_v4', 'chime_pro'],
  hideDoorbellSwitch: false,
  hideAlarmSirenSwitch: true,
  cameraStatusPollingSeconds: 5,
  locationModePollingSeconds: 0,
  ffmpegPath: '/usr/local/bin/ffmpeg',
  debug: true,
  blockDisarm: true,
};

const configWith = (...platforms: object[]) =>
  JSON.stringify({ bridge: { name: 'Test', username: '0E:11:22:33:44:55', port: 51826, pin: '031-45-154' }, platforms }, null, 4);

describe('homebridge-ui server: move from homebridge-ring', () => {
  let storage: string;
  let configPath: string;
  let server: UiServerChild;
  const outputs: string[] = [];
  const configText = () => readFileSync(configPath, 'utf8');
  const config = () => JSON.parse(configText()) as { platforms: Array<Record<string, unknown>>; disabledPlugins?: string[] };
  const sidecar = () => JSON.parse(readFileSync(join(storage, 'trygr', 'token.json'), 'utf8')) as { refreshToken?: string };
  const preview = async () => (await server.request<Preview>('/move/preview')).data;

  beforeAll(async () => {
    await buildUiServer();
    storage = mkdtempSync(join(tmpdir(), 'trygr-ui-ring-move-'));
    configPath = join(storage, 'config.json');
    writeFileSync(configPath, configWith({ platform: 'Trygr', name: 'Trygr' }));
    server = await startUiServer({ storagePath: storage, configPath });
  }, 120_000);

  afterAll(async () => {
    if (server) {
      outputs.push(server.output());
      await server.close();
    }
    if (storage) rmSync(storage, { recursive: true, force: true });
  }, 30_000);

  test('without a homebridge-ring block there is nothing to show, and a move is refused without a change', async () => {
    const before = configText();
    expect(await preview()).toEqual({ found: false });
    const answer = await server.request('/move/run', { withToken: false });
    expect(answer.success).toBe(false);
    expect(JSON.stringify(answer.data)).toMatch(/no homebridge-ring \(\\"Ring\\"\) platform block/);
    expect(configText()).toBe(before);
  });

  test("the preview says what carries over and whether homebridge-ring's block has a sign-in, never the sign-in itself", async () => {
    writeFileSync(configPath, configWith({ platform: 'Trygr', name: 'Trygr', cameraStatusPollingSeconds: 20 }, ringBlock));
    const answer = await preview();
    expect(answer).toMatchObject({ found: true, ringHasToken: true, trygrSignedIn: false, alreadyDisabled: false, settingsPending: true, ringCount: 1, ringPosition: 1 });
    expect(answer.carried!.map((c) => c.to)).toEqual([
      'locationIds',
      'hideDeviceIds',
      'hideDeviceFamilies',
      'doorbellSwitch',
      'alarmSirenSwitch',
      'locationModePollingSeconds',
      'ffmpegPath',
      'debug',
    ]);
    expect(answer.notCarried).toEqual([
      { key: 'cameraStatusPollingSeconds', reason: "Trygr's `cameraStatusPollingSeconds` should be a whole number from 10 to 3600; 5 is out of range." },
      { key: 'name', reason: "Trygr's block already sets `name`; its value is kept." },
      { key: 'blockDisarm', reason: 'None: disarming from Apple Home is allowed.' },
    ]);
    expect(JSON.stringify(answer)).not.toContain(RING_TOKEN);
  });

  test('moving the sign-in is refused until homebridge-ring is confirmed stopped, and nothing changes', async () => {
    const before = configText();
    const answer = await server.request('/move/run', { withToken: true });
    expect(answer.success).toBe(false);
    expect(JSON.stringify(answer.data)).toMatch(/confirm that homebridge-ring is stopped: a Ring refresh token works for one client only/);
    expect(configText()).toBe(before);
  });

  test("the move sets Trygr's options, disables homebridge-ring and keeps its block; the sign-in is saved as a panel sign-in saves one", async () => {
    const before = config();
    const { success, data } = await server.request<Outcome>('/move/run', { withToken: true, ringStopped: true });
    expect(success).toBe(true);
    expect(data.token).toEqual({ moved: true, savedToConfig: true, savedToSidecar: true });
    expect(JSON.stringify(data)).not.toContain(RING_TOKEN);
    const after = config();
    const trygr = after.platforms.find((p) => p.platform === 'Trygr')!;
    expect(trygr).toEqual({
      platform: 'Trygr',
      name: 'Trygr',
      cameraStatusPollingSeconds: 20,
      locationIds: ['loc-home'],
      hideDeviceIds: ['3F2504E0-4F89-11D3-9A0C-0305E82C3301'],
      hideDeviceFamilies: data.options.hideDeviceFamilies,
      doorbellSwitch: true,
      alarmSirenSwitch: false,
      locationModePollingSeconds: 0,
      ffmpegPath: '/usr/local/bin/ffmpeg',
      debug: true,
      refreshToken: RING_TOKEN,
    });
    expect(data.options.hideDeviceFamilies).not.toContain('doorbell');
    expect(data.options.hideDeviceFamilies).toContain('motion-sensor');
    expect(readRefreshToken(configText())).toBe(RING_TOKEN);
    expect(sidecar().refreshToken).toBe(RING_TOKEN);
    expect(after.disabledPlugins).toEqual(['homebridge-ring']);
    expect(after.platforms.find((p) => p.platform === 'Ring')).toEqual(before.platforms.find((p) => p.platform === 'Ring'));
    expect((after as Record<string, unknown>).bridge).toEqual((before as Record<string, unknown>).bridge);
    // The page's Account card follows.
    expect((await server.request<{ signedIn: boolean }>('/status')).data.signedIn).toBe(true);
    expect(await preview()).toMatchObject({ found: true, alreadyDisabled: true, trygrSignedIn: true, settingsPending: false });
  });

  test("moving again says the same, disables homebridge-ring once, and never moves a sign-in over Trygr's own", async () => {
    const refused = await server.request('/move/run', { withToken: true, ringStopped: true });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.data)).toMatch(/Trygr is signed in to Ring already/);
    const { success, data } = await server.request<Outcome>('/move/run', { withToken: false });
    expect(success).toBe(true);
    expect(data).toMatchObject({ alreadyDisabled: true, token: { moved: false } });
    expect(data.carried).toHaveLength(8);
    expect(config().disabledPlugins).toEqual(['homebridge-ring']);
  });

  test('a broken config.json: the panel says so, and the file is left as it was', async () => {
    const broken = configWith({ platform: 'Ring', refreshToken: RING_TOKEN }).replace('"platforms": [', '"platforms": [,');
    writeFileSync(configPath, broken);
    expect(await preview()).toEqual({ found: false, problem: expect.stringMatching(/^config\.json is not valid JSON \(ValueExpected at character \d+\)/) });
    const answer = await server.request('/move/run', { withToken: false });
    expect(answer.success).toBe(false);
    expect(JSON.stringify(answer.data)).toMatch(/config\.json is not valid JSON.*nothing was moved and nothing was changed/);
    expect(configText()).toBe(broken);
  });

  test('a read-only config.json: the panel says so, nothing is moved and nothing changes', async () => {
    const asRoot = process.getuid?.() === 0;
    const base = mkdtempSync(join(tmpdir(), 'trygr-ui-ring-move-ro-'));
    const roStorage = join(base, 'storage');
    const roFolder = join(base, 'config');
    mkdirSync(roStorage);
    mkdirSync(roFolder);
    const roConfig = join(roFolder, 'config.json');
    const text = configWith({ platform: 'Trygr', name: 'Trygr' }, ringBlock);
    writeFileSync(roConfig, text);
    chmodSync(base, 0o755);
    if (asRoot) chownSync(roStorage, NOBODY, NOBODY);
    chmodSync(roConfig, 0o444);
    chmodSync(roFolder, 0o555);
    const readOnly = await startUiServer({ storagePath: roStorage, configPath: roConfig, ...(asRoot && { user: { uid: NOBODY, gid: NOBODY } }) });
    try {
      expect(await readOnly.request<Preview>('/move/preview')).toMatchObject({ success: true, data: { found: true, ringHasToken: true } });
      const answer = await readOnly.request('/move/run', { withToken: true, ringStopped: true });
      expect(answer.success).toBe(false);
      expect(JSON.stringify(answer.data)).toMatch(/config\.json \(.*\) cannot be written \(EACCES\), so nothing was moved and nothing was changed/);
      expect(readFileSync(roConfig, 'utf8')).toBe(text);
      expect(() => readFileSync(join(roStorage, 'trygr', 'token.json'))).toThrow(/ENOENT/);
    } finally {
      outputs.push(readOnly.output());
      await readOnly.close();
      chmodSync(roFolder, 0o755);
      rmSync(base, { recursive: true, force: true });
    }
  });

  test('no token in anything the servers printed', () => {
    outputs.push(server.output());
    const all = outputs.join('\n');
    expect(all).toMatch(/Incoming Request: \/move\/run/);
    expect(all).toMatch(/Took over homebridge-ring's Ring sign-in; saved the new refresh token [0-9a-f]+/);
    expectNoSecrets(all, [RING_TOKEN]);
  });
});
