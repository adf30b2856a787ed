/** The audit ledger's public surface: the platform wires the ledger, the panel and CLI read it. */
export { AuditLedger, auditDirectory, type AuditLedgerOptions, type AuditLedgerStats } from './audit-ledger.js';
export { auditSettingsFromPrivacy, DEFAULT_AUDIT_SETTINGS, readAuditSettings, type AuditSettings } from './audit-settings.js';
export { parseAuditLine, formatAuditLine, toAuditRecord, type AuditRecord } from './audit-record.js';
export { readLedger, readLatestDecisions, type LedgerPeriod, type LedgerReadResult } from './ledger-reader.js';
export { latestDecisions, summarizeLedger, type ActionCounts, type LatestDecision, type LedgerSummary, type SummaryOptions } from './ledger-summary.js';
