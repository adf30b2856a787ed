/**
 * Reads the ledger back: streams the day files line by line, keeps the records inside the
 * requested period and counts the lines that are not records (a line torn by a crash, a hand edit).
 * Decisions and HomeKit commands come back apart: whatever replays or counts decisions cannot
 * mistake a command for one.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DAY_MS, dayOfLedgerFile, dayStartMs, type AuditRecord } from './audit-record.js';
import type { AuditCommandRecord } from './command-record.js';
import { isCommandRecord, parseLedgerLine, type LedgerRecord } from './ledger-record.js';
import { latestDecisions, type LatestDecision } from './ledger-summary.js';

export interface LedgerPeriod {
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
}

export interface LedgerReadResult {
  /** The privacy decisions. */
  readonly records: AuditRecord[];
  /** The HomeKit commands. */
  readonly commands: AuditCommandRecord[];
  readonly corruptLines: number;
  /** The day files read, oldest first. */
  readonly files: string[];
}

/** The ledger's day files, oldest first; none when the folder does not exist yet. */
export async function ledgerDays(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.flatMap((name) => dayOfLedgerFile(name) ?? []).sort();
}

export async function readLedger(dir: string, period: LedgerPeriod = {}): Promise<LedgerReadResult> {
  const days = (await ledgerDays(dir)).filter((day) => dayOverlaps(day, period));
  const records: AuditRecord[] = [];
  const commands: AuditCommandRecord[] = [];
  let corruptLines = 0;
  for (const day of days) {
    corruptLines += await readDayFile(join(dir, `${day}.jsonl`), (record) => {
      if (!inPeriod(record, period)) return;
      if (isCommandRecord(record)) commands.push(record);
      else records.push(record);
    });
  }
  return { records, commands, corruptLines, files: days.map((day) => `${day}.jsonl`) };
}

/** The newest `n` decisions, reading the newest files first and stopping once there are enough. */
export async function readLatestDecisions(dir: string, n: number): Promise<LatestDecision[]> {
  const records: AuditRecord[] = [];
  // A file holds exactly its day's records, so older files cannot hold anything newer.
  for (const day of (await ledgerDays(dir)).reverse()) {
    await readDayFile(join(dir, `${day}.jsonl`), (record) => {
      if (!isCommandRecord(record)) records.push(record);
    });
    if (records.length >= n) break;
  }
  return latestDecisions(records, n);
}

/** Calls `onRecord` for each record in the file; returns the number of corrupt lines. */
async function readDayFile(path: string, onRecord: (record: LedgerRecord) => void): Promise<number> {
  let corrupt = 0;
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const record = parseLedgerLine(line);
      if (record) onRecord(record);
      else corrupt += 1;
    }
  } catch (error) {
    // The file was deleted by retention between listing and reading: nothing to read.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return corrupt;
}

/** A day file holds the records timed within its UTC day. */
function dayOverlaps(day: string, { from, to }: LedgerPeriod): boolean {
  const start = dayStartMs(day);
  const end = start + DAY_MS;
  return (from === undefined || end > from.getTime()) && (to === undefined || start < to.getTime());
}

function inPeriod(record: LedgerRecord, { from, to }: LedgerPeriod): boolean {
  const ms = Date.parse(record.time);
  return (from === undefined || ms >= from.getTime()) && (to === undefined || ms < to.getTime());
}
