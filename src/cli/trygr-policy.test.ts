/**
 * `trygr-policy dry-run` as users run it: the product build of the command in a child process,
 * against a temporary Homebridge storage folder holding a config.json and an audit ledger.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AuditLedger, auditDirectory } from '../privacy/audit/audit-ledger.js';
import { compilePolicy } from '../privacy/compile-policy.js';
import { decide } from '../privacy/decide.js';
import { validatePolicy } from '../privacy/policy-validate.js';
import type { Device, Signal } from '../privacy/types.js';

jest.setTimeout(180_000);

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
let buildDir: string;
let cli: string;
let storage: string;

const garden: Device = { id: '2', name: 'Garden', kind: 'outdoor-camera', locationId: 'L' };
const hall: Device = { id: '3', name: 'Hall', kind: 'indoor-camera', locationId: 'L' };
const HOUR = 3_600_000;

/** Builds the command with the product's tsconfig, into a folder of its own under .build/. */
async function buildCli(): Promise<void> {
  mkdirSync(join(repoRoot, '.build'), { recursive: true });
  buildDir = mkdtempSync(join(repoRoot, '.build', 'trygr-policy-cli-'));
  const config = join(buildDir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.json'),
      compilerOptions: { rootDir: join(repoRoot, 'src'), outDir: join(buildDir, 'out'), sourceMap: false },
      include: [join(repoRoot, 'src/cli/trygr-policy.ts')],
    }),
  );
  await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: repoRoot, timeout: 150_000 });
  cli = join(buildDir, 'out', 'cli', 'trygr-policy.js');
}

/** A ledger of the recorded policy (forward everything): recent and three-day-old decisions, and one command. */
async function writeLedger(): Promise<void> {
  const policy = compilePolicy(validatePolicy({ timeZone: 'UTC' }).policy!);
  const ledger = new AuditLedger({ dir: auditDirectory(storage), settings: { enabled: true, retentionDays: 30, maxMegabytes: 20 } });
  const now = Date.now();
  const add = (device: Device, epochMs: number, signal: Signal = { type: 'motion' }): void => {
    const context = { mode: 'away' as const, globalPrivacy: false, devicePrivacy: false, now: new Date(epochMs) };
    ledger.record({ time: new Date(epochMs), device, signal, context, decision: decide(signal, device, context, policy) });
  };
  for (let i = 0; i < 10; i++) add(garden, now - HOUR + i * 1000);
  for (let i = 0; i < 5; i++) add(hall, now - HOUR + i * 1000);
  for (let i = 0; i < 4; i++) add(garden, now - 72 * HOUR + i * 1000);
  // A HomeKit command among them: counted, never replayed.
  ledger.recordCommand({
    time: new Date(now - HOUR),
    device: hall,
    command: { characteristic: 'On', value: true, service: 'privacy', local: true },
    outcome: { outcome: 'done' },
  });
  await ledger.close();
}

function writeConfig(privacy: unknown, path = join(storage, 'config.json')): string {
  writeFileSync(path, JSON.stringify({ bridge: { name: 'Homebridge' }, platforms: [{ platform: 'Trygr', name: 'Trygr', privacy }] }, null, 2));
  return path;
}

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: storage, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const blockGarden = { timeZone: 'UTC', rules: [{ name: 'Garden private', devices: { names: ['Garden'] }, action: 'block' }] };

beforeAll(async () => {
  storage = mkdtempSync(join(tmpdir(), 'trygr-cli-storage-'));
  await Promise.all([buildCli(), writeLedger()]);
});

afterAll(() => {
  rmSync(storage, { recursive: true, force: true });
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

describe('trygr-policy dry-run', () => {
  test('keeps the #!/usr/bin/env node line in the build', () => {
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('prints the counts for a draft that blocks one camera, and exits 0', async () => {
    const config = writeConfig(blockGarden);
    const { code, stdout, stderr } = await run('dry-run', config);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Ledger: ${auditDirectory(storage)} (`);
    expect(stdout).toContain('against 19 recorded decisions');
    expect(stdout).toMatch(/ {2}forwarded +19 +5\n/);
    expect(stdout).toMatch(/ {2}blocked +0 +14\n/);
    expect(stdout).toContain('Changed: 14 of 19 decisions would reach Apple Home differently.');
    expect(stdout).toContain('  rule 1 "Garden private": would decide 14 (14 changed)');
    expect(stdout).toContain('  Garden (outdoor-camera, id 2): 14 changed; forwarded 14 → 0, blocked 0 → 14');
    expect(stdout).toContain('1 HomeKit command in the ledger was skipped: commands are recorded, never decided.');
  });

  test('--days limits the replay, --json prints the report as data', async () => {
    const config = writeConfig(blockGarden);
    const { code, stdout } = await run('dry-run', config, '--days', '2', '--json');
    expect(code).toBe(0);
    const { ledger, report } = JSON.parse(stdout);
    expect(ledger.dir).toBe(auditDirectory(storage));
    expect(ledger.corruptLines).toBe(0);
    expect(report).toMatchObject({
      valid: true,
      records: 15,
      commands: 1,
      decisions: 15,
      changed: 10,
      before: { forwarded: 15, eventOnly: 0, blocked: 0, total: 15 },
      after: { forwarded: 5, eventOnly: 0, blocked: 10, total: 15 },
      transitions: [{ before: 'forward', after: 'block', decisions: 10 }],
    });
  });

  test('--storage finds a ledger that is not beside config.json', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'trygr-cli-config-'));
    try {
      const config = writeConfig(blockGarden, join(elsewhere, 'config.json'));
      const without = await run('dry-run', config);
      expect(without.code).toBe(0);
      expect(without.stdout).toContain('The ledger holds no decisions');
      expect(without.stdout).toContain('pass --storage');
      const withStorage = await run('dry-run', config, '--storage', storage);
      expect(withStorage.stdout).toContain('Changed: 14 of 19 decisions');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test("with child bridges: the main bridge's block and ledger by default, --bridge picks a child's own", async () => {
    const child = '0E:AA:BB:CC:DD:01';
    const config = join(storage, 'config-bridges.json');
    writeFileSync(
      config,
      JSON.stringify({
        platforms: [
          { platform: 'Trygr', name: 'Flat', _bridge: { username: child, port: 51001 }, privacy: blockGarden },
          { platform: 'Trygr', name: 'Home' },
        ],
      }),
    );
    const main = await run('dry-run', config);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain(`Ledger: ${auditDirectory(storage)} (`);
    expect(main.stdout).toContain('No change: the draft decides every recorded decision as it was decided.');
    expect(main.stdout).toContain("the main bridge's privacy policy and ledger are used. Pass --bridge <username> for another.");
    const flat = await run('dry-run', config, '--bridge', child.toLowerCase());
    expect(flat.code).toBe(0);
    expect(flat.stdout).toContain(`Ledger: ${join(storage, 'trygr', '0EAABBCCDD01', 'audit')} (0 day files)`);
    const none = await run('dry-run', config, '--bridge', '11:22:33:44:55:66');
    expect(none).toMatchObject({ code: 2, stderr: 'The config has no "Trygr" platform block on the child bridge 11:22:33:44:55:66.\n' });
  });

  test('prints the validation errors naming rule and field, and exits 1', async () => {
    const config = writeConfig({
      rules: [
        { name: 'Garden private', devices: { names: ['Garden'] }, action: 'block' },
        { name: 'Broken', action: 'hide', when: { modes: ['vacation'] } },
      ],
    });
    const { code, stdout } = await run('dry-run', config);
    expect(code).toBe(1);
    expect(stdout).toContain('The draft privacy policy is invalid, so nothing was replayed:');
    expect(stdout).toContain('[rules[1].action] Rule 2 ("Broken"), "action": "hide" is not allowed');
    expect(stdout).toContain('[rules[1].when.modes[0]] Rule 2 ("Broken"), "when.modes[0]": "vacation" is not a known mode');
  });

  test('exits 2 with a reason for a missing config, a config without Trygr, or bad arguments', async () => {
    const missing = await run('dry-run', join(storage, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('(ENOENT)');
    writeFileSync(join(storage, 'other.json'), JSON.stringify({ platforms: [{ platform: 'Ring' }] }));
    const other = await run('dry-run', join(storage, 'other.json'));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('no "Trygr" platform block');
    const usage = await run('dry-run');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: trygr-policy dry-run <config.json>');
  });
});
