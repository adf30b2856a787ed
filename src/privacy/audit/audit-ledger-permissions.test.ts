/** The ledger is a per-decision history of who was home: only the Homebridge user may read it. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy } from '../compile-policy.js';
import { decide } from '../decide.js';
import { validatePolicy } from '../policy-validate.js';
import { AuditLedger, auditDirectory } from './audit-ledger.js';

const policy = compilePolicy(validatePolicy({ rules: [] }).policy!);
const hall = { id: '7', name: 'Hall', kind: 'indoor-camera' as const, locationId: 'L' };
const DAY1 = Date.parse('2025-05-10T12:00:00.000Z');
const settings = { enabled: true, retentionDays: 30, maxMegabytes: 20 };
const modeOf = (path: string) => statSync(path).mode & 0o777;

function decision(epochMs: number) {
  const context = { mode: 'home' as const, globalPrivacy: false, devicePrivacy: false, now: new Date(epochMs) };
  const signal = { type: 'motion' as const };
  return { time: new Date(epochMs), device: hall, signal, context, decision: decide(signal, hall, context, policy) };
}

let root: string;
let dir: string;
let umask: number;
let warnings: string[];
const ledgers: AuditLedger[] = [];

function ledger(enabled = true): AuditLedger {
  const created = new AuditLedger({ dir, settings: { ...settings, enabled }, log: { warn: (m) => warnings.push(m) }, now: () => DAY1, flushIntervalMs: 1_000_000 });
  ledgers.push(created);
  return created;
}

beforeEach(() => {
  umask = process.umask(0o022);
  root = mkdtempSync(join(tmpdir(), 'trygr-audit-modes-'));
  dir = auditDirectory(root);
  warnings = [];
});

afterEach(async () => {
  await Promise.all(ledgers.splice(0).map((l) => l.close()));
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('AuditLedger: file modes', () => {
  it('creates its folders 0700 and its day files 0600 under a permissive umask', async () => {
    const audit = ledger();
    audit.record(decision(DAY1));
    await audit.flush();
    expect(modeOf(join(root, 'trygr'))).toBe(0o700);
    expect(modeOf(dir)).toBe(0o700);
    expect(readdirSync(dir)).toEqual(['2025-05-10.jsonl']);
    expect(modeOf(join(dir, '2025-05-10.jsonl'))).toBe(0o600);
    expect(warnings).toEqual([]);
  });

  it('tightens a folder and day files an earlier version left readable, even while disabled, and leaves other files alone', async () => {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, '2025-05-01.jsonl'), '{}\n', { mode: 0o644 });
    writeFileSync(join(dir, '2025-05-02.jsonl'), '{}\n', { mode: 0o644 });
    writeFileSync(join(dir, 'notes.txt'), 'mine', { mode: 0o644 });
    await ledger(false).flush();
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, '2025-05-01.jsonl'))).toBe(0o600);
    expect(modeOf(join(dir, '2025-05-02.jsonl'))).toBe(0o600);
    expect(modeOf(join(dir, 'notes.txt'))).toBe(0o644);
    expect(warnings).toEqual([]);
  });

  it('an existing day file keeps being appended to, now 0600', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '2025-05-10.jsonl'), '', { mode: 0o644 });
    const audit = ledger();
    audit.record(decision(DAY1));
    await audit.flush();
    expect(modeOf(join(dir, '2025-05-10.jsonl'))).toBe(0o600);
    expect(statSync(join(dir, '2025-05-10.jsonl')).size).toBeGreaterThan(0);
  });

  it('a folder it cannot tighten is said once and does not stop the ledger', async () => {
    mkdirSync(dir, { recursive: true });
    const denied = Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    const audit = new AuditLedger({
      dir,
      settings,
      log: { warn: (m) => warnings.push(m) },
      now: () => DAY1,
      flushIntervalMs: 1_000_000,
      fs: { chmod: () => Promise.reject(denied) },
    });
    ledgers.push(audit);
    audit.record(decision(DAY1));
    await audit.flush();
    expect(warnings).toEqual([expect.stringMatching(/^Privacy audit: could not make the ledger in .* private to the Homebridge user \(EPERM\)\.$/)]);
    expect(audit.stats().linesWritten).toBe(1);
  });
});
