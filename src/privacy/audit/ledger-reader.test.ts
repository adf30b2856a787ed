import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAuditLine, type AuditRecord } from './audit-record.js';
import { toCommandRecord } from './command-record.js';
import { readLatestDecisions, readLedger } from './ledger-reader.js';

function command(time: string, outcome: 'done' | 'failed' = 'done') {
  return toCommandRecord({
    time: new Date(time),
    device: { id: 'z-1', name: 'Front Lock', kind: 'lock', locationId: 'L' },
    command: { characteristic: 'LockTargetState', value: 0 },
    outcome: outcome === 'done' ? { outcome } : { outcome, reason: 'Ring answered HTTP 503' },
  })!;
}

function rec(time: string, deviceId = '1', action: AuditRecord['action'] = 'forward'): AuditRecord {
  return {
    v: 1,
    time,
    device: { id: deviceId, name: `Cam ${deviceId}`, kind: 'outdoor-camera', locationId: 'L' },
    signal: { type: 'motion' },
    context: { mode: 'away', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
    rule: { basis: 'default' },
    action,
    snapshot: { kind: action === 'forward' ? 'original' : 'placeholder' },
    failedClosed: false,
  };
}

let dir: string;

function writeDay(day: string, lines: string[]): void {
  writeFileSync(join(dir, `${day}.jsonl`), lines.join(''));
}

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'trygr-ledger-read-')), 'audit');
  mkdirSync(dir);
});

afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('readLedger', () => {
  it('reads every day file oldest first, skipping and counting corrupt lines', async () => {
    writeDay('2025-01-02', [
      formatAuditLine(rec('2025-01-02T10:00:00.000Z')),
      'not json\n',
      '\n',
      `${JSON.stringify({ v: 1, time: '2025-01-02T11:00:00.000Z' })}\n`,
      formatAuditLine(rec('2025-01-02T12:00:00.000Z')),
      // A line torn by a crash in the middle of a write.
      formatAuditLine(rec('2025-01-02T13:00:00.000Z')).slice(0, 50),
    ]);
    writeDay('2025-01-01', [formatAuditLine(rec('2025-01-01T09:00:00.000Z'))]);
    writeFileSync(join(dir, 'other.txt'), 'ignored');
    const result = await readLedger(dir);
    expect(result.files).toEqual(['2025-01-01.jsonl', '2025-01-02.jsonl']);
    expect(result.records.map((r) => r.time)).toEqual(['2025-01-01T09:00:00.000Z', '2025-01-02T10:00:00.000Z', '2025-01-02T12:00:00.000Z']);
    expect(result.corruptLines).toBe(3);
  });

  it('keeps only records in [from, to) and opens only the files that can hold them', async () => {
    writeDay('2025-01-01', [formatAuditLine(rec('2025-01-01T23:00:00.000Z'))]);
    writeDay('2025-01-02', [formatAuditLine(rec('2025-01-02T06:00:00.000Z')), formatAuditLine(rec('2025-01-02T18:00:00.000Z'))]);
    writeDay('2025-01-03', ['garbage\n', formatAuditLine(rec('2025-01-03T00:00:00.000Z'))]);
    const result = await readLedger(dir, { from: new Date('2025-01-02T06:00:00.000Z'), to: new Date('2025-01-03T00:00:00.000Z') });
    expect(result.files).toEqual(['2025-01-02.jsonl']);
    expect(result.records.map((r) => r.time)).toEqual(['2025-01-02T06:00:00.000Z', '2025-01-02T18:00:00.000Z']);
    expect(result.corruptLines).toBe(0);
  });

  it('reads an absent ledger as empty', async () => {
    await expect(readLedger(join(dir, 'missing'))).resolves.toEqual({ records: [], commands: [], corruptLines: 0, files: [] });
  });

  it('returns commands apart from decisions; old decision lines, without a type, read as before', async () => {
    writeDay('2025-01-02', [
      formatAuditLine(rec('2025-01-02T10:00:00.000Z')),
      formatAuditLine(command('2025-01-02T10:00:01.000Z')),
      formatAuditLine(command('2025-01-02T10:00:02.000Z', 'failed')),
      `${JSON.stringify({ ...command('2025-01-02T10:00:03.000Z'), type: 'something-newer' })}\n`,
      formatAuditLine(rec('2025-01-02T11:00:00.000Z')),
    ]);
    const result = await readLedger(dir, { to: new Date('2025-01-02T10:00:02.000Z') });
    expect(result.records.map((r) => r.time)).toEqual(['2025-01-02T10:00:00.000Z']);
    expect(result.commands).toEqual([command('2025-01-02T10:00:01.000Z')]);
    expect(result.corruptLines).toBe(1);
    const all = await readLedger(dir);
    expect(all.records).toHaveLength(2);
    expect(all.commands.map((c) => c.outcome)).toEqual(['done', 'failed']);
  });

  it('streams a large file', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => formatAuditLine(rec(new Date(Date.parse('2025-02-01T00:00:00Z') + i * 1000).toISOString())));
    writeDay('2025-02-01', lines);
    const result = await readLedger(dir);
    expect(result.records).toHaveLength(20_000);
    expect(result.records[19_999]!.time).toBe('2025-02-01T05:33:19.000Z');
  });
});

describe('readLatestDecisions', () => {
  it('returns the newest first, reading back only as many days as needed', async () => {
    writeDay('2025-01-01', ['corrupt but never read\n', formatAuditLine(rec('2025-01-01T10:00:00.000Z', '9'))]);
    writeDay('2025-01-02', [formatAuditLine(rec('2025-01-02T10:00:00.000Z', '2'))]);
    writeDay('2025-01-03', [formatAuditLine(rec('2025-01-03T12:00:00.000Z', '3', 'block')), formatAuditLine(rec('2025-01-03T08:00:00.000Z', '4'))]);
    const latest = await readLatestDecisions(dir, 3);
    expect(latest.map((d) => [d.time, d.deviceId, d.action])).toEqual([
      ['2025-01-03T12:00:00.000Z', '3', 'block'],
      ['2025-01-03T08:00:00.000Z', '4', 'forward'],
      ['2025-01-02T10:00:00.000Z', '2', 'forward'],
    ]);
    expect(await readLatestDecisions(dir, 10)).toHaveLength(4);
  });

  it('skips commands', async () => {
    writeDay('2025-01-01', [formatAuditLine(rec('2025-01-01T10:00:00.000Z', '9'))]);
    writeDay('2025-01-02', [formatAuditLine(command('2025-01-02T10:00:00.000Z')), formatAuditLine(command('2025-01-02T11:00:00.000Z'))]);
    expect((await readLatestDecisions(dir, 1)).map((d) => d.deviceId)).toEqual(['9']);
  });
});
