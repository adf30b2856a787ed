/**
 * The settings panel's server, started as the Homebridge UI starts it (a forked child with IPC and
 * the HOMEBRIDGE_* variables), against the Ring cloud emulator through the redirect.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHardwareId } from 'ring-client-api/util';
import { loadScenario, defaultScenarioPath, startRingCloud, type RingCloud } from '../emulator/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { readRefreshToken } from '../../src/token-store/index.js';
import { FAMILY_OF_KIND, UNHIDEABLE_KINDS } from '../../src/config/device-kinds.js';
import { buildUiServer, startUiServer, uiServerPath, type UiServerChild } from './ui-server-child.js';

interface SignInAnswer {
  outcome: 'signed-in' | 'code-needed' | 'failed';
  failure?: string;
  message?: string;
  prompt?: string;
  attemptId?: string;
  refreshToken?: string;
  saved?: { fingerprint: string; savedToSidecar: boolean; savedToConfig: boolean };
}

interface StatusAnswer {
  signedIn: boolean;
  token?: { fingerprint: string; inConfig: boolean; inSidecar: boolean };
  plugin: { running: boolean; state?: string; devices: unknown[]; locations: unknown[]; lastRotation?: { fingerprint: string } };
}

const CODE = '86420975';

describe('homebridge-ui server', () => {
  let cloud: RingCloud;
  let storage: string;
  let configPath: string;
  let server: UiServerChild;
  const outputs: string[] = [];

  const configText = () => readFileSync(configPath, 'utf8');
  const sidecar = () => JSON.parse(readFileSync(join(storage, 'trygr', 'token.json'), 'utf8')) as { refreshToken?: string };
  const signIn = async (email: string, password: string) => (await server.request<SignInAnswer>('/sign-in/start', { email, password })).data;

  beforeAll(async () => {
    await buildUiServer();
    const scenario = loadScenario(defaultScenarioPath());
    // Eight digits, so the log scan can look for the code like any other secret.
    scenario.account.twoFactorCode = CODE;
    cloud = await startRingCloud({ quiet: true, scenario });
    storage = mkdtempSync(join(tmpdir(), 'trygr-ui-server-'));
    configPath = join(storage, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify(
        {
          bridge: { name: 'Test', username: '0E:11:22:33:44:55', port: 51826, pin: '031-45-154' },
          platforms: [{ platform: 'Trygr', name: 'Trygr', hideDeviceIds: [] }],
        },
        null,
        4,
      ),
    );
    server = await startUiServer({ storagePath: storage, configPath, ringCloudUrl: cloud.url });
  }, 120_000);

  afterAll(async () => {
    if (server) {
      outputs.push(server.output());
      await server.close();
    }
    await cloud?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  }, 30_000);

  test('is where config-ui-x looks for it, and config.schema.json asks for the custom UI', () => {
    expect(existsSync(uiServerPath)).toBe(true);
    const schema = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8')) as { customUi?: boolean };
    expect(schema.customUi).toBe(true);
  });

  test('status before any sign-in: not signed in, plugin not running', async () => {
    const { success, data } = await server.request<StatusAnswer>('/status');
    expect(success).toBe(true);
    expect(data.signedIn).toBe(false);
    expect(data.plugin.running).toBe(false);
  });

  test('a wrong password is named as such', async () => {
    const answer = await signIn(cloud.account.email, 'not the password');
    expect(answer).toMatchObject({ outcome: 'failed', failure: 'wrong-password' });
    expect(answer.message).toMatch(/did not accept this email and password/);
  });

  test('too many codes requested is named as such', async () => {
    cloud.setTooManyCodes(true);
    try {
      const answer = await signIn(cloud.account.email, cloud.account.password);
      expect(answer).toMatchObject({ outcome: 'failed', failure: 'too-many-codes' });
      expect(answer.message).toMatch(/too many verification codes.*wait 10 minutes/);
    } finally {
      cloud.setTooManyCodes(false);
    }
  });

  test('a wrong code asks again on the same attempt; the right one saves the token to config.json and the sidecar', async () => {
    const first = await signIn(cloud.account.email, cloud.account.password);
    expect(first.outcome).toBe('code-needed');
    expect(first.prompt).toMatch(/code sent to .* via sms/);
    const wrong = (await server.request<SignInAnswer>('/sign-in/code', { attemptId: first.attemptId, code: '11112222' })).data;
    expect(wrong).toMatchObject({ outcome: 'code-needed', attemptId: first.attemptId });
    expect(wrong.message).toMatch(/code is wrong or has expired/);
    expect(wrong.prompt).toBe(first.prompt);

    const right = (await server.request<SignInAnswer>('/sign-in/code', { attemptId: first.attemptId, code: CODE })).data;
    expect(right.outcome).toBe('signed-in');
    expect(right.saved).toMatchObject({ savedToSidecar: true, savedToConfig: true });
    const token = right.refreshToken!;
    expect(readRefreshToken(configText())).toBe(token);
    expect(sidecar().refreshToken).toBe(token);
    // The token Ring issued for this sign-in, with the install's stable hardware id inside.
    const systemId = readFileSync(join(storage, 'trygr', 'system-id'), 'utf8').trim();
    const wrapped = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { rt: string; hid: string };
    expect(cloud.tokensIssued()).toContain(wrapped.rt);
    expect(wrapped.hid).toBe(await getHardwareId(systemId));
    // The attempt is used up.
    const again = (await server.request<SignInAnswer>('/sign-in/code', { attemptId: first.attemptId, code: CODE })).data;
    expect(again).toMatchObject({ outcome: 'failed', failure: 'expired' });
  });

  test("status after sign-in: signed in, both files agree; the running plugin's status file is read", async () => {
    const status = (await server.request<StatusAnswer>('/status')).data;
    expect(status.signedIn).toBe(true);
    expect(status.token).toMatchObject({ inConfig: true, inSidecar: true });
    expect(status.plugin.running).toBe(false);

    // What a running plugin publishes (this test process stands in for it: its pid is alive).
    writeFileSync(
      join(storage, 'trygr', 'status.json'),
      JSON.stringify({
        version: 1,
        updatedAt: new Date().toISOString(),
        pid: process.pid,
        state: 'connected',
        lastRotation: { fingerprint: status.token!.fingerprint, issuedAt: new Date().toISOString() },
        locations: [{ id: 'loc-1', name: 'Demo Home' }],
        devices: [{ id: '1', name: 'Living Room', kind: 'indoor-camera', locationId: 'loc-1', hidden: false }],
      }),
      { mode: 0o600 },
    );
    const running = (await server.request<StatusAnswer>('/status')).data;
    expect(running.plugin).toMatchObject({ running: true, state: 'connected', lastRotation: { fingerprint: status.token!.fingerprint } });
    expect(running.plugin.devices).toHaveLength(1);

    // A status file left behind by a process that is gone is not "running".
    writeFileSync(
      join(storage, 'trygr', 'status.json'),
      JSON.stringify({
        version: 1,
        updatedAt: new Date().toISOString(),
        pid: 2 ** 22 + 12345,
        state: 'connected',
        locations: [],
        devices: [],
      }),
    );
    const stale = (await server.request<StatusAnswer>('/status')).data;
    expect(stale.plugin).toMatchObject({ running: false, state: 'stopped' });
  });

  test("a change of the plugin's status is pushed to the page, without a request and without a log line", async () => {
    const requestLines = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('Incoming Request')).length;
    // The answer comes over IPC and the log line over stdout, so a line can trail its answer. First
    // let the lines of earlier requests (the test before this one) arrive: the count holds still.
    let settled = requestLines();
    for (let quietSince = Date.now(), end = Date.now() + 5_000; Date.now() - quietSince < 500 && Date.now() < end;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (requestLines() !== settled) [settled, quietSince] = [requestLines(), Date.now()];
    }
    // Then wait for this request's own line, so it is not counted later.
    const linesBeforeRequest = requestLines();
    await server.request<StatusAnswer>('/status');
    const lineDeadline = Date.now() + 5_000;
    while (requestLines() === linesBeforeRequest && Date.now() < lineDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const linesBefore = requestLines();
    expect(linesBefore).toBe(linesBeforeRequest + 1);
    const eventsBefore = server.events().length;
    // Written whole (temp file and rename), as the plugin writes it, so no read sees half a file.
    const statusFile = join(storage, 'trygr', 'status.json');
    writeFileSync(
      `${statusFile}.tmp`,
      JSON.stringify({
        version: 1,
        updatedAt: new Date().toISOString(),
        pid: process.pid,
        state: 'connecting',
        locations: [],
        devices: [],
      }),
      { mode: 0o600 },
    );
    renameSync(`${statusFile}.tmp`, statusFile);
    const deadline = Date.now() + 10_000;
    const pushed = () =>
      server
        .events()
        .slice(eventsBefore)
        .find((e) => e.event === 'status') as { data: StatusAnswer } | undefined;
    while (!pushed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pushed()?.data.plugin).toMatchObject({ running: true, state: 'connecting' });
    // Nothing changes: nothing more is pushed.
    const count = server.events().length;
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(server.events().length).toBe(count);
    expect(requestLines()).toBe(linesBefore);
  }, 30_000);

  test('sign out removes the token from config.json and the sidecar, and says how to remove the client at Ring', async () => {
    const { success, data } = await server.request<{ signedOut: boolean; controlCenterHelp: string }>('/sign-out');
    expect(success).toBe(true);
    expect(data.controlCenterHelp).toMatch(/Control Center.*"Trygr for Homebridge"/);
    expect(readRefreshToken(configText())).toBeUndefined();
    expect(sidecar().refreshToken).toBeUndefined();
    expect(JSON.parse(configText()).platforms[0]).toMatchObject({ platform: 'Trygr', name: 'Trygr', hideDeviceIds: [] });
    expect((await server.request<StatusAnswer>('/status')).data.signedIn).toBe(false);
  });

  test('sign out also removes a token only config.json knows (put there by hand or a restored backup)', async () => {
    const config = JSON.parse(configText()) as { platforms: Array<Record<string, unknown>> };
    config.platforms[0]!.refreshToken = 'a-token-the-sidecar-never-saw-0123456789';
    writeFileSync(configPath, JSON.stringify(config, null, 4));
    expect((await server.request('/sign-out')).success).toBe(true);
    expect(readRefreshToken(configText())).toBeUndefined();
    expect(sidecar().refreshToken).toBeUndefined();
  });

  test('Ring unreachable is said at once, not retried forever', async () => {
    const unreachableStorage = join(storage, 'offline');
    mkdirSync(unreachableStorage);
    const offline = await startUiServer({ storagePath: unreachableStorage, configPath });
    try {
      const started = Date.now();
      const answer = (await offline.request<SignInAnswer>('/sign-in/start', { email: cloud.account.email, password: cloud.account.password }, 15_000)).data;
      expect(answer).toMatchObject({ outcome: 'failed', failure: 'unreachable' });
      expect(answer.message).toMatch(/Could not reach Ring/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      outputs.push(offline.output());
      await offline.close();
    }
  });

  test("validation messages are the privacy layer's own", async () => {
    const { data } = await server.request<{ errors: Array<{ path: string; message: string }> }>('/privacy/validate', {
      privacy: { rules: [{ name: 'Bad', action: 'hide' }] },
    });
    expect(data.errors).toEqual([
      expect.objectContaining({ path: 'rules[0].action', message: expect.stringMatching(/^Rule 1 \("Bad"\), "action": "hide" is not allowed/) }),
    ]);
  });

  test("validation names the rules that can never apply, judged against the running plugin's devices", async () => {
    writeFileSync(
      join(storage, 'trygr', 'status.json'),
      JSON.stringify({
        version: 1,
        updatedAt: new Date().toISOString(),
        pid: process.pid,
        state: 'connected',
        locations: [{ id: 'loc-1', name: 'Demo Home' }],
        devices: [{ id: 'zid-contact', name: 'Front Door Contact', kind: 'contact-sensor', locationId: 'loc-1', hidden: false }],
      }),
      { mode: 0o600 },
    );
    const privacy = {
      rules: [
        { name: 'Contacts', devices: { kinds: ['contact-sensor'] }, action: 'event-only' },
        { name: 'Door', devices: { ids: ['zid-contact'] }, action: 'block' },
        { name: 'Gone', devices: { ids: ['999'] }, action: 'block' },
      ],
    };
    const { data } = await server.request<{ errors: unknown[]; warnings: Array<{ ruleIndex: number; message: string }> }>('/privacy/validate', { privacy });
    expect(data.errors).toEqual([]);
    expect(data.warnings).toEqual([
      expect.objectContaining({ ruleIndex: 1, message: expect.stringMatching(/^Rule 2 \("Door"\) never applies: rule 1 \("Contacts"\) comes first/) }),
      expect.objectContaining({ ruleIndex: 2, message: expect.stringMatching(/no device of this home.*"999"/) }),
    ]);
  });

  test('a quick choice writes a rule for that device, and turning it off removes it', async () => {
    const device = { id: '1', name: 'Living Room' };
    const on = (
      await server.request<{ privacy: { rules: unknown[] }; hideDeviceIds: string[]; errors: unknown[] }>('/privacy/quick-choice', {
        block: { privacy: { rules: [{ name: 'Mine', action: 'forward' }] } },
        device,
        choice: 'private-while-home',
        enabled: true,
      })
    ).data;
    expect(on.errors).toEqual([]);
    expect(on.privacy.rules[0]).toEqual({ name: 'Living Room: private while home', devices: { ids: ['1'] }, when: { modes: ['home', 'disarmed'] }, action: 'block' });
    const state = (await server.request<Record<string, Record<string, boolean>>>('/privacy/quick-state', { block: on, devices: [device] })).data;
    expect(state['1']).toEqual({ 'private-while-home': true, 'no-snapshots': false, 'events-only': false, 'blur-faces': false, hide: false });
    const off = (await server.request<{ privacy: { rules: unknown[] } }>('/privacy/quick-choice', { block: on, device, choice: 'private-while-home', enabled: false }))
      .data;
    expect(off.privacy.rules).toEqual([{ name: 'Mine', action: 'forward' }]);
  });

  test('the status names the kinds that can never be hidden and the family each kind is hidden with, and a hide for a life-safety kind is refused', async () => {
    const status = (await server.request<StatusAnswer & { lifeSafety: { kinds: string[]; reason: string }; familyOfKind: Record<string, string> }>('/status')).data;
    expect(status.lifeSafety).toEqual({ kinds: [...UNHIDEABLE_KINDS], reason: 'life-safety alarms always reach Apple Home' });
    // The panel tells a hide that waits for a restart by the plugin's own families (hideDeviceFamilies).
    expect(status.familyOfKind).toEqual(JSON.parse(JSON.stringify(FAMILY_OF_KIND)));

    writeFileSync(
      join(storage, 'trygr', 'status.json'),
      JSON.stringify({
        version: 1,
        updatedAt: new Date().toISOString(),
        pid: process.pid,
        state: 'connected',
        locations: [{ id: 'loc-1', name: 'Demo Home' }],
        devices: [
          { id: 'zid-smoke', name: 'Smoke CO Listener', kind: 'smoke-co-sensor', locationId: 'loc-1', hidden: false },
          { id: 'zid-contact', name: 'Front Door Contact', kind: 'contact-sensor', locationId: 'loc-1', hidden: false },
        ],
        privacySwitches: { failedClosed: true, reason: 'the file is not valid JSON' },
        pushHealth: { state: 'degraded', reason: 'reconnecting', connected: false, receivedByCamera: { '7': 2 }, received: 2, duplicatesDropped: 1 },
      }),
      { mode: 0o600 },
    );
    // The Privacy switches' fail-closed note and the push health reach the panel.
    const running = (await server.request<{ plugin: { privacySwitches?: unknown; pushHealth?: unknown } }>('/status')).data;
    expect(running.plugin.privacySwitches).toEqual({ failedClosed: true, reason: 'the file is not valid JSON' });
    expect(running.plugin.pushHealth).toMatchObject({ state: 'degraded', received: 2, duplicatesDropped: 1 });

    const block = { hideDeviceIds: ['9'] };
    // The kind comes from what the plugin published, whatever the page says.
    const refused = await server.request('/privacy/quick-choice', {
      block,
      device: { id: 'zid-smoke', name: 'Smoke CO Listener', kind: 'contact-sensor' },
      choice: 'hide',
      enabled: true,
    });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.data)).toMatch(/This device cannot be hidden\. Life-safety alarms always reach Apple Home\./);
    // A device the plugin has not published: the page's kind is used.
    const unpublished = await server.request('/privacy/quick-choice', {
      block,
      device: { id: 'zid-flood', name: 'Basement Flood', kind: 'flood-freeze-sensor' },
      choice: 'hide',
      enabled: true,
    });
    expect(unpublished.success).toBe(false);

    const unhide = await server.request<{ hideDeviceIds: string[] }>('/privacy/quick-choice', {
      block: { hideDeviceIds: ['9', 'zid-smoke'] },
      device: { id: 'zid-smoke', name: 'Smoke CO Listener' },
      choice: 'hide',
      enabled: false,
    });
    expect(unhide).toMatchObject({ success: true, data: { hideDeviceIds: ['9'] } });
    const contact = await server.request<{ hideDeviceIds: string[] }>('/privacy/quick-choice', {
      block,
      device: { id: 'zid-contact', name: 'Front Door Contact' },
      choice: 'hide',
      enabled: true,
    });
    expect(contact).toMatchObject({ success: true, data: { hideDeviceIds: ['9', 'zid-contact'] } });
  });

  test('no email, password, code, token or hardware id in anything the servers printed', async () => {
    outputs.push(server.output());
    const all = outputs.join('\n');
    expect(all).toMatch(/Incoming Request: \/sign-in\/start/);
    const systemId = readFileSync(join(storage, 'trygr', 'system-id'), 'utf8').trim();
    expectNoSecrets(all, [cloud.account.email, cloud.account.password, CODE, ...cloud.tokensIssued(), await getHardwareId(systemId), systemId]);
  });
});
