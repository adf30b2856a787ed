/**
 * `npm run demo` end to end: the built demo (`.build/test/demo/demo.js`) in a fresh storage folder and
 * again in the same, now existing one, on free ports. It must print the Homebridge UI's address, serve
 * the UI's login page and this plugin's settings panel on 127.0.0.1, publish the HomeKit bridge, print
 * the emulated 2FA code when Ring "sends" one, listen on loopback only, and leave no process behind
 * after Ctrl+C (SIGINT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/free-port.js';
import { findRepoRoot } from '../harness/repo-paths.js';
import { descendantsOf, isAlive, killQuietly } from '../harness/process-tree.js';
import { boundSocketsOf, isLoopbackAddress } from '../harness/sockets.js';

const root = findRepoRoot();
const demoScript = join(root, '.build', 'test', 'demo', 'demo.js');
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 40_000;

interface DemoRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface Ports {
  cloud: number;
  bridge: number;
  ui: number;
}

let storage: string;
let ports: Ports;
const started: DemoRun[] = [];

function startDemo(args: string[] = []): DemoRun {
  let text = '';
  const child = spawn(process.execPath, [demoScript, ...args], {
    cwd: root,
    env: {
      ...process.env,
      DEMO_DIR: storage,
      RING_CLOUD_PORT: String(ports.cloud),
      DEMO_BRIDGE_PORT: String(ports.bridge),
      DEMO_UI_PORT: String(ports.ui),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const run = { child, output: () => text, exited };
  started.push(run);
  return run;
}

async function waitForOutput(run: DemoRun, pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<RegExpMatchArray> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const match = run.output().match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(`the demo exited before printing ${pattern}:\n${run.output().slice(-4000)}`);
    }
    if (Date.now() > end) throw new Error(`the demo did not print ${pattern} within ${timeoutMs} ms:\n${run.output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGINT (Ctrl+C) to the demo alone; it must stop everything it started and exit 0. */
async function interrupt(run: DemoRun): Promise<void> {
  const tree = [run.child.pid!, ...descendantsOf(run.child.pid!)];
  expect(tree.length).toBeGreaterThanOrEqual(3); // the demo, Homebridge, the UI
  run.child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([run.exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS)))]);
  clearTimeout(timer);
  expect(result).toEqual({ code: 0, signal: null });
  expect(run.output()).toContain('Demo stopped.');
  expect(tree.filter(isAlive)).toEqual([]);
}

/**
 * The settings panel's page as the UI's plugin window loads it: UI 5.10 serves it at the folder's
 * address; newer ones (5.28, CI's second lane) only for a one-time ticket.
 */
async function panelPage(uiUrl: string, token: string): Promise<Response> {
  const base = `${uiUrl}/api/plugins/settings-ui/homebridge-trygr`;
  const ticket = await fetch(`${base}/ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (ticket.status === 404) return fetch(`${base}/`);
  expect(ticket.ok).toBe(true);
  const { ticket: value } = (await ticket.json()) as { ticket: string };
  return fetch(`${base}/index.html?ticket=${encodeURIComponent(value)}`);
}

/** Only after a failure: nothing this run started may keep running (or hold the ports for the next test). */
function killRun(run: DemoRun): void {
  if (run.child.pid === undefined) return;
  for (const pid of [...descendantsOf(run.child.pid), run.child.pid]) killQuietly(pid, 'SIGKILL');
}

beforeAll(async () => {
  if (!existsSync(demoScript)) throw new Error(`${demoScript} is missing; run \`npm run build && npm run build:test\``);
  storage = mkdtempSync(join(tmpdir(), 'trygr-demo-test-'));
  ports = { cloud: await freePort(), bridge: await freePort(), ui: await freePort() };
});

afterAll(() => {
  // Only if a test failed half-way: nothing the demo started may outlive the suite.
  for (const run of started) killRun(run);
  rmSync(storage, { recursive: true, force: true });
});

describe('npm run demo', () => {
  test(
    'in a fresh folder: the Homebridge UI with the panel, the bridge, the 2FA code, loopback only, a clean Ctrl+C',
    async () => {
      const demo = startDemo();
      try {
        const [, uiUrl] = await waitForOutput(demo, /Homebridge UI:\s+(http:\/\/127\.0\.0\.1:\d+)\//);
        expect(uiUrl).toBe(`http://127.0.0.1:${ports.ui}`);
        await waitForOutput(demo, new RegExp(`is running on port ${ports.bridge}\\.`));
        expect(demo.output()).toContain('Not signed in to Ring');

        // The UI's login page (the app itself) and its settings: no login form, auth "none".
        const login = await fetch(`${uiUrl}/login`);
        expect(login.status).toBe(200);
        expect(await login.text()).toMatch(/<html/i);
        const settings = (await (await fetch(`${uiUrl}/api/auth/settings`)).json()) as { formAuth?: boolean };
        expect(settings.formAuth).toBe(false);

        // The UI knows this plugin, and serves its settings panel.
        const { access_token: token } = (await (await fetch(`${uiUrl}/api/auth/noauth`, { method: 'POST' })).json()) as { access_token: string };
        const plugins = (await (await fetch(`${uiUrl}/api/plugins`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ name: string }>;
        expect(plugins.map((p) => p.name)).toContain('homebridge-trygr');
        const panel = await panelPage(uiUrl, token);
        expect(panel.status).toBe(200);
        expect(await panel.text()).toContain('id="trygr"');

        // The bridge answers HAP on its port (470: not paired with this client).
        expect((await fetch(`http://127.0.0.1:${ports.bridge}/accessories`)).status).toBe(470);

        // A password sign-in makes the emulated Ring "send" a code, and the demo prints it.
        const [, cloudUrl] = await waitForOutput(demo, /Ring cloud emulator:\s+(http:\/\/127\.0\.0\.1:\d+)/);
        const account = ((await (await fetch(`${cloudUrl}/_control/scenario`)).json()) as { account: { email: string; password: string; twoFactorCode: string } })
          .account;
        const asked = await fetch(`${cloudUrl}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'password', username: account.email, password: account.password }),
        });
        expect(asked.status).toBe(412);
        await waitForOutput(demo, new RegExp(`sent a verification code: ${account.twoFactorCode}`), 10_000);

        const sockets = boundSocketsOf(demo.child.pid!);
        expect(sockets.map((s) => s.port)).toEqual(expect.arrayContaining([ports.cloud, ports.bridge, ports.ui]));
        expect(sockets.filter((s) => !isLoopbackAddress(s.address))).toEqual([]);

        await interrupt(demo);
      } finally {
        killRun(demo);
      }
    },
    START_TIMEOUT_MS + 2 * STOP_TIMEOUT_MS,
  );

  test(
    'in the existing folder: keeps the bridge identity, signs in with --signed-in, a clean Ctrl+C',
    async () => {
      const before = JSON.parse(readFileSync(join(storage, 'config.json'), 'utf8')) as { bridge: { username: string } };
      const demo = startDemo(['--signed-in']);
      try {
        await waitForOutput(demo, /Homebridge UI:\s+http:\/\/127\.0\.0\.1:\d+\//);
        await waitForOutput(demo, /Connected to Ring: 1 location/);
        const after = JSON.parse(readFileSync(join(storage, 'config.json'), 'utf8')) as { bridge: { username: string }; platforms: Array<{ platform: string }> };
        expect(after.bridge.username).toBe(before.bridge.username);
        expect(after.platforms.filter((p) => p.platform === 'config')).toHaveLength(1);
        expect(after.platforms.filter((p) => p.platform === 'Trygr')).toHaveLength(1);
        await interrupt(demo);
      } finally {
        killRun(demo);
      }
    },
    START_TIMEOUT_MS + 2 * STOP_TIMEOUT_MS,
  );
});
