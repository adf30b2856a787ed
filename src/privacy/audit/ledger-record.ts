/**
 * What a ledger line can hold: a privacy decision (no `type`, the original format) or a HomeKit
 * command (`type: 'command'`). Readers take lines through here, so old ledgers read as before and a
 * line of a kind this version does not know is skipped like any other unreadable line.
 */
import { parseDecisionRecord, parseJsonObject, type AuditRecord } from './audit-record.js';
import { parseCommandRecord, type AuditCommandRecord } from './command-record.js';

export type LedgerRecord = AuditRecord | AuditCommandRecord;

export function isCommandRecord(record: LedgerRecord): record is AuditCommandRecord {
  return record.type === 'command';
}

export function isDecisionRecord(record: LedgerRecord): record is AuditRecord {
  return record.type === undefined;
}

/** undefined for anything that is not a well-formed record of a known kind. */
export function parseLedgerLine(line: string): LedgerRecord | undefined {
  const raw = parseJsonObject(line);
  if (!raw) return undefined;
  return raw.type === undefined ? parseDecisionRecord(raw) : parseCommandRecord(raw);
}
