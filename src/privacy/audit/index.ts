/** The audit ledger's public surface: the platform wires the ledger, the panel and CLI read it. */
export { AuditLedger, auditDirectory, type AuditLedgerOptions, type AuditLedgerStats } from './audit-ledger.js';
export { auditSettingsFromPrivacy, DEFAULT_AUDIT_SETTINGS, readAuditSettings, type AuditSettings } from './audit-settings.js';
export { parseAuditLine, formatAuditLine, toAuditRecord, type AuditRecord } from './audit-record.js';
export { commandLabel, toCommandRecord, type AuditCommand, type AuditCommandRecord } from './command-record.js';
export { isCommandRecord, isDecisionRecord, parseLedgerLine, type LedgerRecord } from './ledger-record.js';
export { readLedger, readLatestDecisions, type LedgerPeriod, type LedgerReadResult } from './ledger-reader.js';
export {
  latestDecisions,
  latestEntries,
  summarizeLedger,
  type ActionCounts,
  type CommandCounts,
  type LatestCommand,
  type LatestDecision,
  type LatestEntry,
  type LedgerSummary,
  type SummaryOptions,
} from './ledger-summary.js';
