/**
 * `npm run demo`: the Ring cloud emulator with the demo home, Homebridge running this plugin against
 * it, and the Homebridge UI (homebridge-config-ui-x, standalone) with this plugin's settings panel,
 * all in the git-ignored `.demo/` folder (kept between runs, so a HomeKit pairing and the privacy
 * rules survive). Everything listens on 127.0.0.1 only; Ctrl+C stops all of it.
 *
 *   node .build/test/demo/demo.js [--signed-in]
 *
 * Without `--signed-in` the plugin starts signed out, and you sign in through the panel with the
 * emulated account (printed); the emulated 2FA code is printed whenever Ring "sends" one.
 * Environment: DEMO_DIR (storage folder, default `<repo>/.demo`), RING_CLOUD_PORT (8870),
 * DEMO_BRIDGE_PORT and DEMO_UI_PORT (default: as the last run kept them in config.json, else 51830
 * and 8590), DEMO_SIGNED_IN=1 (same as `--signed-in`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { demoHome } from '../emulator/demo-home-ids.js';
import { HARNESS_PIN } from '../harness/homebridge-config.js';
import { configUiPackage, startConfigUi, waitForConfigUi, writeUiAuth, type ConfigUi } from '../harness/config-ui.js';
import { PARENT_PID_ENV } from '../harness/parent-watchdog.js';
import { linkPluginDir } from '../harness/plugin-dir.js';
import { descendantsOf, isAlive, killQuietly } from '../harness/process-tree.js';
import { repoPaths } from '../harness/repo-paths.js';

const paths = repoPaths();
const DEMO_DIR = resolve(process.env.DEMO_DIR ?? join(paths.root, '.demo'));
const CLOUD_PORT = portFromEnv('RING_CLOUD_PORT', 8870);
const SIGNED_IN = process.argv.includes('--signed-in') || process.env.DEMO_SIGNED_IN === '1';
const STOP_GRACE_MS = 15_000;
/** Set once something was started: stops it all (also when starting fails half-way). */
let shutdown: ((code: number) => Promise<void>) | undefined;

interface DemoConfig {
  bridge: Record<string, unknown>;
  platforms: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${text} is not a TCP port`);
  return port;
}

function randomMac(): string {
  const bytes = Array.from({ length: 6 }, () => Math.floor(Math.random() * 256));
  bytes[0] = (bytes[0]! & 0xfc) | 0x02; // locally administered, unicast
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** Fails early, naming the variable to change, instead of a server that dies later. */
function assertPortFree(port: number, what: string, envName: string): Promise<void> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', () => reject(new Error(`port ${port} on 127.0.0.1 (${what}) is in use; choose another one with ${envName}=<port>`)));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePort()));
  });
}

/**
 * config.json for this run. Kept from an earlier run: the bridge identity (and so the pairing), the
 * Trygr block with its privacy rules and options, other platforms. Set every run: the ports, loopback
 * binding, the UI's block (auth "none", 127.0.0.1) and the sign-in, since a fresh emulator knows no
 * earlier token.
 */
function writeConfig(refreshToken: string | undefined, bridgePort: number, uiPort: number): void {
  const path = join(DEMO_DIR, 'config.json');
  const existing = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<DemoConfig>) : undefined;
  const bridge = {
    name: 'Trygr Demo',
    username: randomMac(),
    pin: HARNESS_PIN,
    advertiser: 'ciao',
    ...existing?.bridge,
    port: bridgePort,
    bind: ['127.0.0.1'],
  };
  const platforms = existing?.platforms ?? [];
  const others = platforms.filter((p) => p.platform !== 'Trygr' && p.platform !== 'config');
  const ui = platforms.find((p) => p.platform === 'config') ?? {};
  const { refreshToken: _old, ...ours } = platforms.find((p) => p.platform === 'Trygr') ?? { platform: 'Trygr', name: 'Trygr' };
  const config: DemoConfig = {
    ...existing,
    bridge,
    accessories: existing?.accessories ?? [],
    platforms: [
      {
        name: 'Config',
        ...ui,
        platform: 'config',
        port: uiPort,
        host: '127.0.0.1',
        auth: 'none',
        log: { method: 'file', path: join(DEMO_DIR, 'homebridge.log') },
      },
      ...others,
      { ...ours, ...(refreshToken ? { refreshToken } : {}) },
    ],
  };
  writeFileSync(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
}

/** The token sidecars hold tokens of an earlier emulator, which this one would refuse. */
function forgetEarlierTokens(): void {
  const folder = join(DEMO_DIR, 'trygr');
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    if (/^token(-[0-9A-Z_]+)?\.json$/.test(name)) rmSync(join(folder, name), { force: true });
  }
}

function existingConfig(): Partial<DemoConfig> | undefined {
  const path = join(DEMO_DIR, 'config.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Partial<DemoConfig>) : undefined;
}

/** The environment's port, else the one an earlier run kept in config.json, else the default. */
function portOf(envName: string, kept: unknown, fallback: number): number {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return portFromEnv(envName, fallback);
  return typeof kept === 'number' && Number.isInteger(kept) && kept > 0 && kept < 65536 ? kept : fallback;
}

/** Prints the code every time the emulated Ring "sends" one (a password sign-in answered 412). */
function announceTwoFactorCodes(cloud: RingCloud): NodeJS.Timeout {
  let seen = Date.now();
  const timer = setInterval(() => {
    const asked = cloud.requests().filter((r) => r.path === '/oauth/token' && r.status === 412 && r.time > seen);
    if (asked.length === 0) return;
    seen = Math.max(...asked.map((r) => r.time));
    process.stdout.write(`\n>>> Ring (emulated) sent a verification code: ${cloud.account.twoFactorCode}  (enter it in the panel)\n\n`);
  }, 500);
  timer.unref();
  return timer;
}

function banner(cloud: RingCloud, uiUrl: string, bridgePort: number): string {
  const control = `${cloud.url}/_control`;
  const { frontDoor, livingRoom } = demoHome.cameras;
  const { frontDoorContact, gardenPathLight } = demoHome.alarm;
  const { buildingEntrance } = demoHome.intercoms;
  const { email, password, twoFactorCode } = cloud.account;
  const signIn = SIGNED_IN
    ? ['The plugin is already signed in (--signed-in). The panel can sign out and in again with:']
    : ['The plugin starts signed out. Open the UI, then Plugins > Trygr > Plugin Config, and sign in with:'];
  return [
    '',
    '=== Trygr demo =====================================================',
    `Homebridge UI:        ${uiUrl}/   (no login: auth "none", on 127.0.0.1 only)`,
    ...signIn,
    `  email ${email}`,
    `  password ${password}`,
    `  2FA code ${twoFactorCode}   (also printed here each time the emulated Ring sends it,`,
    `           or: curl -s ${control}/scenario | grep -o '"twoFactorCode":"[0-9]*"')`,
    `Ring cloud emulator:  ${cloud.url}   (the demo home: 4 cameras, a chime, an intercom,`,
    '                      Ring Alarm with a lock, an outlet and a path light)',
    `Homebridge storage:   ${DEMO_DIR}   (UI log: config-ui.log)`,
    `HomeKit pairing code: ${HARNESS_PIN}   (bridge on 127.0.0.1:${bridgePort}; each camera is`,
    '                      its own accessory with the same code and prints its own port)',
    '',
    'From a second terminal (then watch Devices and Audit in the panel):',
    `  press the doorbell:   curl -s -X POST ${control}/ding -d '{"deviceId":${frontDoor}}'`,
    `  a person at the door: curl -s -X POST ${control}/motion -d '{"deviceId":${frontDoor},"detectionType":"human"}'`,
    `  indoor motion:        curl -s -X POST ${control}/motion -d '{"deviceId":${livingRoom},"detectionType":"other_motion"}'`,
    `  open a door:          curl -s -X POST ${control}/sensor -d '{"zid":"${frontDoorContact}","faulted":true}'`,
    `  ring the intercom:    curl -s -X POST ${control}/intercom-ding -d '{"intercomId":${buildingEntrance}}'`,
    `  path light motion:    curl -s -X POST ${control}/alarm-device -d '{"zid":"${gardenPathLight}","patch":{"motionStatus":"faulted"}}'`,
    `  switch to Home mode:  curl -s -X POST ${control}/location-mode -d '{"locationId":"${demoHome.locationId}","mode":"home"}'`,
    `  what Ring was asked:  curl -s ${control}/requests`,
    'Stop with Ctrl+C.',
    '=====================================================================',
    '',
  ].join('\n');
}

/** Ends a process and everything it started: SIGTERM, then SIGKILL after the grace period. */
async function stopTree(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid) return;
  const tree = [child.pid, ...descendantsOf(child.pid)];
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
  // Child bridges and the panel's server end with their parent; give them a moment, then force.
  const deadline = Date.now() + 5_000;
  while (tree.some(isAlive) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  for (const pid of tree.filter(isAlive)) killQuietly(pid, 'SIGKILL');
}

async function main(): Promise<void> {
  mkdirSync(DEMO_DIR, { recursive: true });
  const kept = existingConfig();
  const bridgePort = portOf('DEMO_BRIDGE_PORT', kept?.bridge?.port, 51830);
  const uiPort = portOf('DEMO_UI_PORT', kept?.platforms?.find((p) => p.platform === 'config')?.port, 8590);
  await assertPortFree(uiPort, 'the Homebridge UI', 'DEMO_UI_PORT');
  await assertPortFree(bridgePort, 'the HomeKit bridge', 'DEMO_BRIDGE_PORT');
  await assertPortFree(CLOUD_PORT, 'the Ring cloud emulator', 'RING_CLOUD_PORT');
  const cloud = await startRingCloud({ port: CLOUD_PORT, quiet: true });

  forgetEarlierTokens();
  writeConfig(SIGNED_IN ? cloud.mintRefreshToken() : undefined, bridgePort, uiPort);
  if (!existsSync(join(DEMO_DIR, 'auth.json'))) writeUiAuth(DEMO_DIR);
  const pluginDir = linkPluginDir(DEMO_DIR, [paths.root, configUiPackage().dir]);
  const preload = [`--import=${pathToFileURL(paths.childPreload).href}`];
  const env = {
    ...process.env,
    TRYGR_RING_CLOUD_URL: cloud.url,
    [PARENT_PID_ENV]: String(process.pid),
    FORCE_COLOR: '0',
  };

  // Homebridge's output goes to this terminal and to the file the UI's log viewer reads.
  const hbLog = createWriteStream(join(DEMO_DIR, 'homebridge.log'), { flags: 'a' });
  const homebridge = spawn(process.execPath, [paths.homebridgeCli, '-U', DEMO_DIR, '-P', pluginDir, '--strict-plugin-resolution'], {
    cwd: DEMO_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, ...preload, `--import=${pathToFileURL(paths.redirectRegister).href}`].filter(Boolean).join(' '),
    },
  });
  for (const stream of [homebridge.stdout!, homebridge.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      hbLog.write(chunk);
    });
  }

  const uiLog = createWriteStream(join(DEMO_DIR, 'config-ui.log'), { flags: 'a' });
  let uiTail = '';
  const ui: ConfigUi = startConfigUi({
    storage: DEMO_DIR,
    pluginDir,
    ringCloudUrl: cloud.url,
    port: uiPort,
    env: { ...env, NODE_OPTIONS: [process.env.NODE_OPTIONS, ...preload].filter(Boolean).join(' ') },
    onOutput: (text) => {
      uiLog.write(text);
      uiTail = (uiTail + text).slice(-4000);
    },
  });

  let stopping = false;
  const codes = announceTwoFactorCodes(cloud);
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(codes);
    process.stdout.write('\nStopping the Homebridge UI, Homebridge and the Ring cloud emulator...\n');
    await Promise.all([stopTree(ui), stopTree(homebridge)]);
    await cloud.close().catch(() => undefined);
    hbLog.end();
    uiLog.end();
    process.stdout.write('Demo stopped.\n');
    process.exit(code);
  };
  shutdown = stop;
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  homebridge.on('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`demo: Homebridge exited (${code ?? 'signal'}); stopping the rest.\n`);
    void stop(code || 1);
  });
  ui.on('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`demo: the Homebridge UI exited (${code ?? 'signal'}); its last output:\n${uiTail}\n`);
    void stop(1);
  });

  const uiUrl = ui.url!;
  await waitForConfigUi(ui, uiUrl, 120_000, () => uiTail);
  if (!stopping) process.stdout.write(banner(cloud, uiUrl, bridgePort));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  if (shutdown) void shutdown(1);
  else process.exit(1);
});
