/**
 * The `privacy.audit` block: whether decisions are written to the local ledger, for how many days,
 * and how much disk it may use.
 *
 * ```jsonc
 * "privacy": { "audit": { "enabled": true, "retentionDays": 30, "maxMegabytes": 20 } }
 * ```
 */
import type { PolicyError } from '../policy-types.js';
import { checkKeys, describe, ErrorSink, isPlainObject, readBoolean, type Sink } from '../validate-fields.js';

export interface AuditSettings {
  readonly enabled: boolean;
  /** Days of ledger kept, today included. */
  readonly retentionDays: number;
  /** Upper bound for all ledger files together. */
  readonly maxMegabytes: number;
}

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = Object.freeze({ enabled: true, retentionDays: 30, maxMegabytes: 20 });

export const RETENTION_DAYS_RANGE = { min: 1, max: 365 } as const;
export const MAX_MEGABYTES_RANGE = { min: 1, max: 1024 } as const;

const AUDIT_KEYS = ['enabled', 'retentionDays', 'maxMegabytes'];

/**
 * Reads `privacy.audit`. Problems go to `sink` (paths `audit.<field>`); each field that cannot be
 * used falls back to its default, so the ledger keeps recording while the user fixes the setting.
 */
export function readAuditSettings(raw: unknown, sink: Sink): AuditSettings {
  if (raw === undefined) return DEFAULT_AUDIT_SETTINGS;
  if (!isPlainObject(raw)) {
    sink.add('audit', `must be an object such as { "enabled": true, "retentionDays": 30, "maxMegabytes": 20 }, not ${describe(raw)}.`);
    return DEFAULT_AUDIT_SETTINGS;
  }
  checkKeys(raw, AUDIT_KEYS, 'audit', sink);
  const enabled = raw.enabled === undefined ? undefined : readBoolean(raw.enabled, 'audit.enabled', sink);
  return {
    enabled: enabled ?? DEFAULT_AUDIT_SETTINGS.enabled,
    retentionDays: readNumber(raw.retentionDays, 'audit.retentionDays', RETENTION_DAYS_RANGE, true, sink) ?? DEFAULT_AUDIT_SETTINGS.retentionDays,
    maxMegabytes: readNumber(raw.maxMegabytes, 'audit.maxMegabytes', MAX_MEGABYTES_RANGE, false, sink) ?? DEFAULT_AUDIT_SETTINGS.maxMegabytes,
  };
}

function readNumber(value: unknown, field: string, range: { min: number; max: number }, whole: boolean, sink: Sink): number | undefined {
  if (value === undefined) return undefined;
  const kind = whole ? 'a whole number' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
    sink.add(field, `must be ${kind} from ${range.min} to ${range.max}, not ${describe(value)}.`);
    return undefined;
  }
  if (value < range.min || value > range.max) {
    sink.add(field, `${value} is out of range; use ${kind} from ${range.min} to ${range.max}.`);
    return undefined;
  }
  return value;
}

/**
 * The ledger's settings from the raw `privacy` block, independent of whether the rest of the
 * policy is valid: a broken policy blocks everything, and those decisions are worth recording.
 */
export function auditSettingsFromPrivacy(rawPrivacy: unknown): { settings: AuditSettings; errors: readonly PolicyError[] } {
  const sink = new ErrorSink();
  const raw = isPlainObject(rawPrivacy) ? rawPrivacy.audit : undefined;
  return { settings: readAuditSettings(raw, sink), errors: sink.errors };
}
