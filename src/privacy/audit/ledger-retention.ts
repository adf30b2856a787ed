/**
 * Which ledger files to delete: those older than the retention, then the oldest ones until the
 * folder fits the size cap. Pure; the ledger does the deleting.
 */
import { DAY_MS, dayStartMs, utcDay } from './audit-record.js';

export interface LedgerFile {
  readonly day: string;
  readonly bytes: number;
}

export interface PrunePlanInput {
  readonly files: readonly LedgerFile[];
  /** The ledger clock's current UTC day. */
  readonly today: string;
  /** Days kept, today included. */
  readonly retentionDays: number;
  readonly maxBytes: number;
  /** The file being written, never deleted (the daily cap keeps it below the total cap). */
  readonly keepDay?: string;
}

/** Days whose files should be deleted, oldest first. */
export function planPrune({ files, today, retentionDays, maxBytes, keepDay }: PrunePlanInput): string[] {
  const oldestKept = utcDay(dayStartMs(today) - (retentionDays - 1) * DAY_MS);
  const byAge = [...files].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const remove: string[] = [];
  let total = byAge.reduce((sum, file) => sum + file.bytes, 0);
  for (const file of byAge) {
    if (file.day === keepDay) continue;
    if (file.day < oldestKept || total > maxBytes) {
      remove.push(file.day);
      total -= file.bytes;
    }
  }
  return remove;
}

/** The most a single day may take: a flood of decisions on one day cannot push out the history. */
export function dailyCapBytes(maxBytes: number): number {
  return Math.floor(maxBytes / 5);
}
