import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenStoreLogger } from '../../src/token-store/index.js';

/** Test helpers for the token store: a Homebridge-like folder, tokens shaped like ring-client-api's, a log recorder. */

export const HARDWARE_ID = randomUUID();

/** A token as ring-client-api stores it: base64 JSON `{rt, hid}` around a random raw Ring token. */
export function wrappedToken(): string {
  return Buffer.from(JSON.stringify({ rt: randomBytes(24).toString('base64url'), hid: HARDWARE_ID })).toString('base64');
}

export function configWithToken(token: string | undefined, extra = ''): string {
  const tokenLine = token === undefined ? '' : `,\r\n\t\t\t"refreshToken": "${token}"`;
  return (
    '{\r\n\t"bridge": {"name": "Homebridge Café ☕", "username": "0E:11:22:33:44:55", "port": 51826, "pin": "031-45-154"},\r\n' +
    '\t"platforms": [\r\n' +
    '\t\t{ "platform": "Ring", "refreshToken": "homebridge-ring-token-aaaaaaaaaaaa", "hideAlarmSirenSwitch": true },\r\n' +
    `\t\t{\r\n\t\t\t"platform": "Trygr",\r\n\t\t\t"name": "Trygr"${extra}${tokenLine}\r\n\t\t},\r\n` +
    '\t\t{ "platform": "Trygr", "refreshToken": "child-bridge-token-bbbbbbbbbbbb", "_bridge": { "username": "0E:AA:BB:CC:DD:EE", "port": 40001 } }\r\n' +
    '\t],\r\n\t"accessories": []\r\n}\r\n'
  );
}

export interface HomebridgeFolder {
  dir: string;
  configPath: string;
  storagePath: string;
  sidecarPath: string;
  readConfig(): Promise<string>;
  readSidecar(): Promise<{ refreshToken?: string; lineage: string[]; signIns: string[] }>;
  remove(): Promise<void>;
}

export async function homebridgeFolder(configText: string): Promise<HomebridgeFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'trygr-token-store-'));
  const storagePath = join(dir, 'storage');
  const configPath = join(storagePath, 'config.json');
  await mkdir(storagePath);
  await writeFile(configPath, configText);
  const sidecarPath = join(storagePath, 'trygr', 'token.json');
  return {
    dir,
    configPath,
    storagePath,
    sidecarPath,
    readConfig: () => readFile(configPath, 'utf8'),
    readSidecar: async () => JSON.parse(await readFile(sidecarPath, 'utf8')),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface RecordingLogger extends TokenStoreLogger {
  lines: { level: string; message: string }[];
  text(): string;
  at(level: string): string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: { level: string; message: string }[] = [];
  const record = (level: string) => (message: string) => void lines.push({ level, message });
  return {
    lines,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    text: () => lines.map((line) => `${line.level}: ${line.message}`).join('\n'),
    at: (level) => lines.filter((line) => line.level === level).map((line) => line.message),
  };
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
