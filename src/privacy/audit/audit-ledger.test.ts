import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { appendFile, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy } from '../compile-policy.js';
import { decide } from '../decide.js';
import { validatePolicy } from '../policy-validate.js';
import type { CommandRecord, DecisionRecord } from '../privacy-gate.js';
import type { Device, Signal } from '../types.js';
import { AuditLedger, auditDirectory, type AuditLedgerOptions, type LedgerFileSystem } from './audit-ledger.js';
import { formatAuditLine, parseAuditLine, toAuditRecord } from './audit-record.js';
import type { AuditSettings } from './audit-settings.js';
import { parseLedgerLine } from './ledger-record.js';

const policy = compilePolicy(validatePolicy({ timeZone: 'UTC', rules: [{ name: 'Indoor', devices: { kinds: ['indoor-camera'] }, action: 'block' }] }).policy!);
const hall: Device = { id: '7', name: 'Hall', kind: 'indoor-camera', locationId: 'L' };
const DAY1 = Date.parse('2025-05-10T12:00:00.000Z');
const DAY_MS = 86_400_000;

function decision(epochMs: number, signal: Signal = { type: 'motion' }, device: Device = hall): DecisionRecord {
  const context = { mode: 'home' as const, globalPrivacy: false, devicePrivacy: false, now: new Date(epochMs) };
  return { time: new Date(epochMs), device, signal, context, decision: decide(signal, device, context, policy) };
}

function command(epochMs: number, outcome: CommandRecord['outcome'] = { outcome: 'done' }): CommandRecord {
  return { time: new Date(epochMs), device: hall, command: { characteristic: 'On', value: true, service: 'privacy', local: true }, outcome };
}

const settings = (overrides: Partial<AuditSettings> = {}): AuditSettings => ({ enabled: true, retentionDays: 30, maxMegabytes: 20, ...overrides });

let root: string;
let dir: string;
let clock: number;
let warnings: string[];
const ledgers: AuditLedger[] = [];

function ledger(options: Partial<AuditLedgerOptions> = {}): AuditLedger {
  const created = new AuditLedger({
    dir,
    settings: settings(),
    log: { warn: (message) => warnings.push(message) },
    now: () => clock,
    flushIntervalMs: 1_000_000,
    ...options,
  });
  ledgers.push(created);
  return created;
}

function linesOf(day: string): string[] {
  const path = join(dir, `${day}.jsonl`);
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'trygr-audit-'));
  dir = auditDirectory(root);
  clock = DAY1;
  warnings = [];
});

afterEach(async () => {
  await Promise.all(ledgers.splice(0).map((l) => l.close()));
  rmSync(root, { recursive: true, force: true });
});

describe('AuditLedger: batching', () => {
  it('lives in <storage>/trygr/audit', () => {
    expect(auditDirectory('/var/lib/homebridge')).toBe('/var/lib/homebridge/trygr/audit');
  });

  it('buffers decisions and writes them on flush, in order, as parseable lines', async () => {
    const audit = ledger();
    for (let i = 0; i < 3; i++) audit.record(decision(DAY1 + i * 1000));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(dir)).toBe(false);
    await audit.flush();
    const lines = linesOf('2025-05-10');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => parseAuditLine(line)?.time)).toEqual(['2025-05-10T12:00:00.000Z', '2025-05-10T12:00:01.000Z', '2025-05-10T12:00:02.000Z']);
    expect(parseAuditLine(lines[0]!)).toMatchObject({ action: 'block', rule: { basis: 'rule', index: 0, name: 'Indoor' } });
    expect(audit.stats()).toMatchObject({ recorded: 3, linesWritten: 3 });
  });

  it('writes without a flush once a batch is full', async () => {
    const audit = ledger({ maxBatch: 4 });
    for (let i = 0; i < 3; i++) audit.record(decision(DAY1 + i));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(linesOf('2025-05-10')).toHaveLength(0);
    audit.record(decision(DAY1 + 3));
    await eventually(() => linesOf('2025-05-10').length === 4, 'the full batch');
  });

  it('writes on its timer', async () => {
    const audit = ledger({ flushIntervalMs: 10 });
    audit.record(decision(DAY1));
    await eventually(() => linesOf('2025-05-10').length === 1, 'the timed flush');
  });

  it('appends to the day file an earlier run left', async () => {
    const first = ledger();
    first.record(decision(DAY1));
    await first.close();
    const second = ledger();
    second.record(decision(DAY1 + 1));
    await second.flush();
    expect(linesOf('2025-05-10')).toHaveLength(2);
  });

  it('ignores decisions after close, and writes nothing at all when disabled', async () => {
    const audit = ledger();
    audit.record(decision(DAY1));
    await audit.close();
    audit.record(decision(DAY1 + 1));
    await audit.flush();
    expect(linesOf('2025-05-10')).toHaveLength(1);

    rmSync(dir, { recursive: true, force: true });
    const off = ledger({ settings: settings({ enabled: false }) });
    off.record(decision(DAY1));
    await off.flush();
    expect(existsSync(dir)).toBe(false);
    expect(off.stats().recorded).toBe(0);
  });

  it('never throws from record(), whatever it is handed', () => {
    const audit = ledger();
    expect(() => audit.record({ ...decision(DAY1), time: new Date(Number.NaN) })).not.toThrow();
    expect(() => audit.record({ ...decision(DAY1), decision: undefined } as unknown as DecisionRecord)).not.toThrow();
    expect(audit.stats().recorded).toBe(0);
  });
});

describe('AuditLedger: HomeKit commands', () => {
  it('writes one line per command to the day file of its time, beside the decisions, never collapsed', async () => {
    const audit = ledger();
    audit.record(decision(DAY1, { type: 'snapshot' }));
    audit.recordCommand(command(DAY1 + 1000));
    audit.recordCommand(command(DAY1 + 2000, { outcome: 'failed', reason: 'no reason was given' }));
    audit.record(decision(DAY1 + 3000, { type: 'snapshot' }));
    audit.recordCommand(command(DAY1 + DAY_MS));
    await audit.flush();
    const day1 = linesOf('2025-05-10').map((line) => parseLedgerLine(line)!);
    expect(day1.map((r) => r.type ?? 'decision')).toEqual(['command', 'command', 'decision']);
    expect(day1[1]).toMatchObject({ type: 'command', local: true, outcome: 'failed', command: { label: 'Privacy on' } });
    expect(linesOf('2025-05-11')).toHaveLength(1);
    expect(audit.stats()).toMatchObject({ recorded: 2, commands: 3, linesWritten: 4, collapsed: 1 });
  });

  it('records nothing when disabled or closed, and never throws, whatever it is handed', async () => {
    const off = ledger({ settings: settings({ enabled: false }) });
    off.recordCommand(command(DAY1));
    await off.flush();
    expect(existsSync(dir)).toBe(false);
    const audit = ledger();
    expect(() => audit.recordCommand({ ...command(DAY1), time: new Date(Number.NaN) })).not.toThrow();
    expect(() => audit.recordCommand({ ...command(DAY1), device: undefined } as unknown as CommandRecord)).not.toThrow();
    expect(() => audit.recordCommand(undefined as unknown as CommandRecord)).not.toThrow();
    await audit.close();
    audit.recordCommand(command(DAY1));
    await audit.flush();
    expect(audit.stats().commands).toBe(0);
    expect(linesOf('2025-05-10')).toHaveLength(0);
  });

  it('prunes command lines with their day file', async () => {
    const audit = ledger({ settings: settings({ retentionDays: 1 }) });
    audit.recordCommand(command(DAY1 - DAY_MS));
    await audit.flush();
    expect(readdirSync(dir)).toEqual(['2025-05-09.jsonl']);
    audit.recordCommand(command(DAY1));
    await audit.flush();
    expect(readdirSync(dir)).toEqual(['2025-05-10.jsonl']);
  });
});

describe('AuditLedger: collapsing snapshot polls', () => {
  it('writes one line with a count for a tile polled within one minute', async () => {
    const audit = ledger();
    for (let i = 0; i < 6; i++) audit.record(decision(DAY1 + i * 10_000, { type: 'snapshot' }));
    audit.record(decision(DAY1 + 5_000, { type: 'motion' }));
    await audit.flush();
    const records = linesOf('2025-05-10').map((line) => parseAuditLine(line)!);
    expect(records.map((r) => [r.signal.type, r.count])).toEqual([
      ['motion', undefined],
      ['snapshot', 6],
    ]);
    expect(audit.stats()).toMatchObject({ recorded: 7, linesWritten: 2, collapsed: 5 });
  });

  it('lets the timer write a minute once the clock has passed it', async () => {
    const audit = ledger({ flushIntervalMs: 10 });
    audit.record(decision(DAY1, { type: 'snapshot' }));
    audit.record(decision(DAY1 + 10_000, { type: 'snapshot' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(linesOf('2025-05-10')).toHaveLength(0);
    clock = DAY1 + 60_000;
    await eventually(() => linesOf('2025-05-10').length === 1, 'the closed minute');
    expect(parseAuditLine(linesOf('2025-05-10')[0]!)!.count).toBe(2);
  });
});

describe('AuditLedger: days, retention and size', () => {
  it('rotates by UTC day, by the decision time', async () => {
    const audit = ledger();
    audit.record(decision(Date.parse('2025-05-10T23:59:59.999Z')));
    audit.record(decision(Date.parse('2025-05-11T00:00:00.000Z')));
    audit.record(decision(Date.parse('2025-05-11T08:00:00.000Z')));
    await audit.flush();
    expect(readdirSync(dir).sort()).toEqual(['2025-05-10.jsonl', '2025-05-11.jsonl']);
    expect(linesOf('2025-05-10')).toHaveLength(1);
    expect(linesOf('2025-05-11')).toHaveLength(2);
  });

  it('deletes day files past the retention, and only ledger files', async () => {
    await mkdir(dir, { recursive: true });
    for (const day of ['2025-04-01', '2025-05-07', '2025-05-08', '2025-05-09']) writeFileSync(join(dir, `${day}.jsonl`), 'x\n');
    writeFileSync(join(dir, 'README.txt'), 'keep me');
    const audit = ledger({ settings: settings({ retentionDays: 3 }) });
    audit.record(decision(DAY1));
    await audit.flush();
    expect(readdirSync(dir).sort()).toEqual(['2025-05-08.jsonl', '2025-05-09.jsonl', '2025-05-10.jsonl', 'README.txt']);

    // The next day the oldest kept file goes too.
    clock = DAY1 + DAY_MS;
    audit.record(decision(clock));
    await audit.flush();
    expect(readdirSync(dir).sort()).toEqual(['2025-05-09.jsonl', '2025-05-10.jsonl', '2025-05-11.jsonl', 'README.txt']);
    expect(audit.stats().filesDeleted).toBe(3);
  });

  it('prunes nothing while the clock is not trustworthy', async () => {
    await mkdir(dir, { recursive: true });
    writeFileSync(join(dir, '2025-04-01.jsonl'), 'x\n');
    clock = Date.parse('1970-01-01T00:05:00Z');
    const audit = ledger({ settings: settings({ retentionDays: 1 }) });
    audit.record(decision(clock));
    await audit.flush();
    expect(readdirSync(dir).sort()).toEqual(['1970-01-01.jsonl', '2025-04-01.jsonl']);
  });

  it('deletes the oldest files first when the folder outgrows maxMegabytes', async () => {
    const maxMegabytes = 0.01; // 10,485 bytes; 2,097 a day
    await mkdir(dir, { recursive: true });
    writeFileSync(join(dir, '2025-05-07.jsonl'), 'a'.repeat(4000));
    writeFileSync(join(dir, '2025-05-08.jsonl'), 'b'.repeat(4000));
    writeFileSync(join(dir, '2025-05-09.jsonl'), 'c'.repeat(2000));
    const audit = ledger({ settings: settings({ maxMegabytes }) });
    audit.record(decision(DAY1));
    await audit.flush();
    // 10,000 + one line fits; nothing is deleted yet.
    expect(readdirSync(dir).sort()).toEqual(['2025-05-07.jsonl', '2025-05-08.jsonl', '2025-05-09.jsonl', '2025-05-10.jsonl']);
    for (let i = 1; i < 4; i++) audit.record(decision(DAY1 + i));
    await audit.flush();
    const total = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(readdirSync(dir).sort()).toEqual(['2025-05-08.jsonl', '2025-05-09.jsonl', '2025-05-10.jsonl']);
    expect(total).toBeLessThanOrEqual(maxMegabytes * 1024 * 1024);
  });

  it('stops writing a day at its cap, counts what it did not write, and warns once', async () => {
    const maxMegabytes = 0.01;
    const dailyCap = Math.floor((maxMegabytes * 1024 * 1024) / 5);
    const lineBytes = Buffer.byteLength(formatAuditLine(toAuditRecord(decision(DAY1))!));
    const fitting = Math.floor(dailyCap / lineBytes);
    const audit = ledger({ settings: settings({ maxMegabytes }), maxBatch: 3 });
    for (let i = 0; i < fitting + 7; i++) audit.record(decision(DAY1 + i));
    await audit.flush();
    expect(linesOf('2025-05-10')).toHaveLength(fitting);
    expect(statSync(join(dir, '2025-05-10.jsonl')).size).toBeLessThanOrEqual(dailyCap);
    expect(audit.stats()).toMatchObject({ linesWritten: fitting, droppedOverDailyCap: 7 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('2025-05-10 reached its daily limit');

    // The next day has its own budget.
    audit.record(decision(DAY1 + DAY_MS));
    await audit.flush();
    expect(linesOf('2025-05-11')).toHaveLength(1);
  });
});

describe('AuditLedger: failed writes', () => {
  it('drops the batch and warns once when the folder cannot be created, without throwing', async () => {
    writeFileSync(join(root, 'trygr'), 'a file where the folder should be');
    const audit = ledger();
    audit.record(decision(DAY1));
    await expect(audit.flush()).resolves.toBeUndefined();
    audit.record(decision(DAY1 + 1));
    audit.record(decision(DAY1 + 2));
    await expect(audit.flush()).resolves.toBeUndefined();
    expect(audit.stats()).toMatchObject({ recorded: 3, linesWritten: 0, droppedOnWriteError: 3 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not write the ledger .*\(ENOTDIR\)/);
  });

  it('recovers when the disk has room again, and warns again on a new failure', async () => {
    let full = true;
    const fs: Partial<LedgerFileSystem> = {
      mkdir,
      readdir,
      stat,
      unlink,
      appendFile: async (path, data) => {
        if (full) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        await appendFile(path, data);
      },
    };
    const audit = ledger({ fs });
    audit.record(decision(DAY1));
    await audit.flush();
    full = false;
    audit.record(decision(DAY1 + 1));
    await audit.flush();
    full = true;
    audit.record(decision(DAY1 + 2));
    await audit.flush();
    expect(linesOf('2025-05-10').map((line) => parseAuditLine(line)!.time)).toEqual(['2025-05-10T12:00:00.001Z']);
    expect(warnings).toHaveLength(2);
    expect(warnings.every((w) => w.includes('ENOSPC'))).toBe(true);
    expect(audit.stats().droppedOnWriteError).toBe(2);
  });

  it('holds at most maxBuffered records while writes lag, and says so once', async () => {
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const fs: Partial<LedgerFileSystem> = {
      mkdir,
      readdir,
      stat,
      unlink,
      appendFile: async (path, data) => {
        await stalled;
        await appendFile(path, data);
      },
    };
    const audit = ledger({ fs, maxBuffered: 5, maxBatch: 2 });
    for (let i = 0; i < 2; i++) audit.record(decision(DAY1 + i));
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 2; i < 12; i++) audit.record(decision(DAY1 + i));
    release();
    await audit.flush();
    expect(linesOf('2025-05-10')).toHaveLength(7);
    expect(audit.stats().droppedBufferFull).toBe(5);
    expect(warnings).toEqual(['Privacy audit: the ledger cannot keep up; some decisions are not recorded.']);
  });
});
