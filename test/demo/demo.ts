/**
 * `npm run demo`: the Ring cloud emulator with the demo home, and Homebridge running this plugin
 * against it, in the git-ignored `.demo/` folder (kept between runs, so a pairing survives).
 * Everything listens on 127.0.0.1 only; Ctrl+C stops both.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRingCloud } from '../emulator/index.js';
import { demoHome } from '../emulator/demo-home-ids.js';
import { HARNESS_PIN } from '../harness/index.js';
import { repoPaths } from '../harness/repo-paths.js';

const paths = repoPaths();
const DEMO_DIR = join(paths.root, '.demo');
const BRIDGE_PORT = Number(process.env.DEMO_BRIDGE_PORT ?? 51830);

interface DemoConfig {
  bridge: Record<string, unknown>;
  platforms: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

function randomMac(): string {
  const bytes = Array.from({ length: 6 }, () => Math.floor(Math.random() * 256));
  bytes[0] = (bytes[0]! & 0xfc) | 0x02; // locally administered, unicast
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** Keeps the bridge identity (and so the pairing) across runs; the sign-in is fresh each run. */
function writeConfig(refreshToken: string): void {
  const path = join(DEMO_DIR, 'config.json');
  const existing: DemoConfig | undefined = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as DemoConfig : undefined;
  const bridge = existing?.bridge ?? {
    name: 'Trygr Demo',
    username: randomMac(),
    port: BRIDGE_PORT,
    pin: HARNESS_PIN,
    bind: ['127.0.0.1'],
    advertiser: 'ciao',
  };
  const others = (existing?.platforms ?? []).filter((p) => p.platform !== 'Trygr');
  const ours = existing?.platforms.find((p) => p.platform === 'Trygr') ?? { platform: 'Trygr', name: 'Trygr' };
  const config: DemoConfig = { bridge, accessories: [], platforms: [...others, { ...ours, refreshToken }] };
  writeFileSync(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
}

async function main(): Promise<void> {
  mkdirSync(DEMO_DIR, { recursive: true });
  const cloud = await startRingCloud({ port: Number(process.env.RING_CLOUD_PORT ?? 8870), quiet: true });
  // A fresh emulator knows no earlier tokens, so the demo signs in anew on every run.
  writeConfig(cloud.mintRefreshToken());

  const child = spawn(process.execPath, [
    paths.homebridgeCli,
    '-U', DEMO_DIR, '-P', paths.root, '--strict-plugin-resolution',
  ], {
    stdio: 'inherit',
    env: {
      ...process.env,
      TRYGR_RING_CLOUD_URL: cloud.url,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${paths.childPreload}`, `--import=${paths.redirectRegister}`].filter(Boolean).join(' '),
    },
  });

  const control = `${cloud.url}/_control`;
  const { frontDoor, livingRoom } = demoHome.cameras;
  const { frontDoorContact } = demoHome.alarm;
  process.stdout.write([
    '',
    '=== Trygr demo =====================================================',
    `Ring cloud emulator: ${cloud.url}   (the demo home: 4 cameras, a chime, Ring Alarm)`,
    `Homebridge storage:  ${DEMO_DIR}`,
    `HomeKit pairing code: ${HARNESS_PIN}   (bridge on 127.0.0.1:${BRIDGE_PORT}; cameras print their own port)`,
    '',
    'From a second terminal:',
    `  press the doorbell:   curl -s -X POST ${control}/ding -d '{"deviceId":${frontDoor}}'`,
    `  a person at the door: curl -s -X POST ${control}/motion -d '{"deviceId":${frontDoor},"detectionType":"human"}'`,
    `  indoor motion:        curl -s -X POST ${control}/motion -d '{"deviceId":${livingRoom},"detectionType":"other_motion"}'`,
    `  open a door:          curl -s -X POST ${control}/sensor -d '{"zid":"${frontDoorContact}","faulted":true}'`,
    `  what Ring was asked:  curl -s ${control}/requests`,
    'Stop with Ctrl+C.',
    '=====================================================================',
    '',
  ].join('\n'));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => {
    void cloud.close().finally(() => process.exit(stopping ? 0 : code ?? 1));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
