/**
 * One line of the audit ledger, and the pure conversions to and from it.
 *
 * A record keeps only what explains a decision: when, which device, which signal, the situation
 * (mode, Privacy switches, whether the clock was trusted), the rule and what was let through.
 * Fields are copied one by one from the DecisionRecord, never spread, so nothing else a caller
 * attaches to a device or decision (images, tokens, account data) can reach the disk.
 */
import type { DecisionRecord } from '../privacy-gate.js';
import {
  ACTIONS,
  ANONYMIZE_FAILURES,
  ANONYMIZE_TARGETS,
  DETECTION_TYPES,
  DEVICE_KINDS,
  LIFE_SAFETY_CAUSES,
  REDACTION_METHODS,
  SIGNAL_KINDS,
  isStateSignal,
  isStateSignalKind,
  type Action,
  type AnonymizeFailure,
  type AnonymizeOutcome,
  type AnonymizeTarget,
  type DecisionBasis,
  type Device,
  type PushKind,
  type SeenDetection,
  type LifeSafetyCause,
  type LocationMode,
  type RedactionMethod,
  type SignalKind,
  type SnapshotTreatment,
} from '../types.js';

export const AUDIT_RECORD_VERSION = 1;

export interface AuditSignal {
  readonly type: SignalKind;
  readonly detectionType?: SeenDetection;
  readonly cause?: PushKind;
  readonly lifeSafety?: boolean | LifeSafetyCause;
}

export interface AuditContext {
  readonly mode: LocationMode;
  /** null: the state was unknown when deciding. */
  readonly globalPrivacy: boolean | null;
  readonly devicePrivacy: boolean | null;
  /** false when the decision was made without a trustworthy clock (schedules failed closed). */
  readonly clockTrusted: boolean;
}

export interface AuditRule {
  readonly basis: DecisionBasis;
  readonly index?: number;
  readonly name?: string;
}

export interface AuditSnapshot {
  readonly kind: 'original' | 'placeholder' | 'redacted';
  /** For `redacted`: the methods applied, in order, without zones or strengths. */
  readonly methods?: readonly RedactionMethod[];
  /** For `redacted` with anonymizing steps: what they look for. */
  readonly anonymize?: readonly AnonymizeTarget[];
  /** For a picture that was anonymized: how many regions were treated. */
  readonly anonymized?: number;
  /** For a picture that became the placeholder because anonymizing could not be done. */
  readonly anonymizeFailed?: AnonymizeFailure;
}

/** A decision of the gate. Decision lines carry no `type` (they came first); other records do. */
export interface AuditRecord {
  readonly v: typeof AUDIT_RECORD_VERSION;
  readonly type?: undefined;
  /** ISO 8601 in UTC, from the gate's clock. */
  readonly time: string;
  readonly device: Device;
  readonly signal: AuditSignal;
  readonly context: AuditContext;
  readonly rule: AuditRule;
  readonly action: Action;
  readonly snapshot: AuditSnapshot;
  readonly failedClosed: boolean;
  /** Present (> 1) when identical on-demand snapshot decisions of one minute were collapsed. */
  readonly count?: number;
  /** The event never arrived by push; it was found in Ring's history (src/ring/push-reconcile.ts). */
  readonly missedByPush?: true;
  /** With missedByPush: it was offered to HomeKit late, as the decision allowed; absent: recorded only. */
  readonly lateDelivery?: true;
}

const SEEN_DETECTIONS: readonly SeenDetection[] = [...DETECTION_TYPES, 'unknown'];
const PUSH_KINDS: readonly PushKind[] = ['motion', 'doorbell'];
export const LOCATION_MODES: readonly LocationMode[] = ['home', 'away', 'disarmed', 'unknown'];
const BASES: readonly DecisionBasis[] = ['rule', 'default', 'privacy-switch', 'life-safety', 'no-policy'];
const SNAPSHOT_KINDS: readonly AuditSnapshot['kind'][] = ['original', 'placeholder', 'redacted'];

/** undefined when the record cannot be stored (its time is not a valid date). */
export function toAuditRecord(record: DecisionRecord): AuditRecord | undefined {
  const epochMs = record.time.getTime();
  if (!Number.isFinite(epochMs)) return undefined;
  const { device, signal, context, decision } = record;
  const snapshot = decision.snapshot;
  return {
    v: AUDIT_RECORD_VERSION,
    time: new Date(epochMs).toISOString(),
    device: storedDevice(device),
    signal: auditSignal(signal),
    context: {
      mode: context.mode,
      globalPrivacy: context.globalPrivacy ?? null,
      devicePrivacy: context.devicePrivacy ?? null,
      clockTrusted: context.now !== undefined,
    },
    rule: {
      basis: decision.basis,
      ...(decision.ruleIndex !== undefined && { index: decision.ruleIndex }),
      ...(decision.ruleName !== undefined && { name: decision.ruleName }),
    },
    action: decision.action,
    snapshot: auditSnapshot(snapshot, record.anonymized),
    failedClosed: decision.failedClosed,
    ...(record.missedByPush && { missedByPush: true as const }),
    ...(record.missedByPush?.lateDelivery === true && { lateDelivery: true as const }),
  };
}

/** A treatment as the ledger keeps it: methods and what anonymizing looks for, no zones or strengths; with what rendering did, if known. */
export function auditSnapshot(snapshot: SnapshotTreatment, anonymized?: AnonymizeOutcome): AuditSnapshot {
  if (snapshot.kind !== 'redacted') return { kind: snapshot.kind };
  const targets = [...new Set(snapshot.redactions.flatMap((r) => (r.anonymize ? [r.anonymize] : [])))];
  return {
    kind: 'redacted',
    methods: [...new Set(snapshot.redactions.map((r) => r.method))],
    ...(targets.length > 0 && { anonymize: targets }),
    ...(anonymized && 'regions' in anonymized && { anonymized: anonymized.regions }),
    ...(anonymized && 'failed' in anonymized && { anonymizeFailed: anonymized.failed }),
  };
}

/** The four fields of a device, and nothing else a caller attached to it. */
export function storedDevice(device: Device): Device {
  return { id: String(device.id), name: String(device.name), kind: device.kind, locationId: String(device.locationId) };
}

function auditSignal(signal: DecisionRecord['signal']): AuditSignal {
  if (isStateSignal(signal)) {
    return signal.lifeSafety === undefined ? { type: signal.type } : { type: signal.type, lifeSafety: signal.lifeSafety };
  }
  return {
    type: signal.type,
    ...(signal.detectionType !== undefined && { detectionType: signal.detectionType }),
    ...(signal.cause !== undefined && { cause: signal.cause }),
  };
}

export function withCount(record: AuditRecord, count: number): AuditRecord {
  return count > 1 ? { ...record, count } : record;
}

/** How many decisions a record stands for (a command line: one). */
export function weightOf(record: { readonly v: number; readonly count?: number }): number {
  return record.count ?? 1;
}

/** Any ledger record (a decision or a command) as its line. */
export function formatAuditLine(record: { readonly v: typeof AUDIT_RECORD_VERSION }): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * A ledger line back into a record; undefined for anything that is not a well-formed record
 * (a torn last line after a crash, a hand edit, a future format), so readers can skip and count it.
 */
export function parseAuditLine(line: string): AuditRecord | undefined {
  const raw = parseJsonObject(line);
  return raw && parseDecisionRecord(raw);
}

/** A line as a JSON object, or undefined for anything else (a torn line, a list, text). */
export function parseJsonObject(line: string): Record<string, unknown> | undefined {
  try {
    const raw: unknown = JSON.parse(line);
    return isObject(raw) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** A decision line's fields; a line with a `type` (a command, a later kind of record) is not one. */
export function parseDecisionRecord(raw: Record<string, unknown>): AuditRecord | undefined {
  if (raw.v !== AUDIT_RECORD_VERSION || raw.type !== undefined) return undefined;
  const { time, device, signal, context, rule, action, snapshot, failedClosed, count, missedByPush, lateDelivery } = raw;
  if (typeof time !== 'string' || !Number.isFinite(Date.parse(time))) return undefined;
  const parsed = {
    device: parseDevice(device),
    signal: parseSignal(signal),
    context: parseContext(context),
    rule: parseRule(rule),
    snapshot: parseSnapshot(snapshot),
  };
  if (!parsed.device || !parsed.signal || !parsed.context || !parsed.rule || !parsed.snapshot) return undefined;
  if (!isOneOf(action, ACTIONS) || typeof failedClosed !== 'boolean') return undefined;
  if (count !== undefined && !(Number.isSafeInteger(count) && (count as number) >= 1)) return undefined;
  if ((missedByPush !== undefined && missedByPush !== true) || (lateDelivery !== undefined && (lateDelivery !== true || missedByPush !== true))) return undefined;
  return {
    v: AUDIT_RECORD_VERSION,
    time: new Date(Date.parse(time)).toISOString(),
    device: parsed.device,
    signal: parsed.signal,
    context: parsed.context,
    rule: parsed.rule,
    action,
    snapshot: parsed.snapshot,
    failedClosed,
    ...(typeof count === 'number' && count > 1 && { count }),
    ...(missedByPush === true && { missedByPush: true as const }),
    ...(lateDelivery === true && { lateDelivery: true as const }),
  };
}

export function parseDevice(raw: unknown): Device | undefined {
  if (!isObject(raw)) return undefined;
  const { id, name, kind, locationId } = raw;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof locationId !== 'string' || !isOneOf(kind, DEVICE_KINDS)) return undefined;
  return { id, name, kind, locationId };
}

function parseSignal(raw: unknown): AuditSignal | undefined {
  if (!isObject(raw) || !isOneOf(raw.type, SIGNAL_KINDS)) return undefined;
  const { type, detectionType, cause, lifeSafety } = raw;
  if (isStateSignalKind(type)) {
    if (lifeSafety === undefined) return { type };
    return typeof lifeSafety === 'boolean' || isOneOf(lifeSafety, LIFE_SAFETY_CAUSES) ? { type, lifeSafety } : undefined;
  }
  if (detectionType !== undefined && !isOneOf(detectionType, SEEN_DETECTIONS)) return undefined;
  if (cause !== undefined && !isOneOf(cause, PUSH_KINDS)) return undefined;
  return { type, ...(detectionType !== undefined && { detectionType }), ...(cause !== undefined && { cause }) };
}

function parseContext(raw: unknown): AuditContext | undefined {
  if (!isObject(raw)) return undefined;
  const { mode, globalPrivacy, devicePrivacy, clockTrusted } = raw;
  if (!isOneOf(mode, LOCATION_MODES) || !isSwitch(globalPrivacy) || !isSwitch(devicePrivacy) || typeof clockTrusted !== 'boolean') {
    return undefined;
  }
  return { mode, globalPrivacy, devicePrivacy, clockTrusted };
}

function parseRule(raw: unknown): AuditRule | undefined {
  if (!isObject(raw) || !isOneOf(raw.basis, BASES)) return undefined;
  const { basis, index, name } = raw;
  if (index !== undefined && !(Number.isSafeInteger(index) && (index as number) >= 0)) return undefined;
  if (name !== undefined && typeof name !== 'string') return undefined;
  return { basis, ...(typeof index === 'number' && { index }), ...(typeof name === 'string' && { name }) };
}

function parseSnapshot(raw: unknown): AuditSnapshot | undefined {
  if (!isObject(raw) || !isOneOf(raw.kind, SNAPSHOT_KINDS)) return undefined;
  const { kind, methods, anonymize, anonymized, anonymizeFailed } = raw;
  if (kind !== 'redacted') return methods === undefined && anonymize === undefined && anonymized === undefined && anonymizeFailed === undefined ? { kind } : undefined;
  if (!Array.isArray(methods) || !methods.every((m) => isOneOf(m, REDACTION_METHODS))) return undefined;
  if (anonymize !== undefined && !(Array.isArray(anonymize) && anonymize.every((a) => isOneOf(a, ANONYMIZE_TARGETS)))) return undefined;
  if (anonymized !== undefined && !(Number.isSafeInteger(anonymized) && (anonymized as number) >= 0)) return undefined;
  if (anonymizeFailed !== undefined && !isOneOf(anonymizeFailed, ANONYMIZE_FAILURES)) return undefined;
  return {
    kind,
    methods: methods as RedactionMethod[],
    ...(anonymize !== undefined && { anonymize: anonymize as AnonymizeTarget[] }),
    ...(typeof anonymized === 'number' && { anonymized }),
    ...(anonymizeFailed !== undefined && { anonymizeFailed: anonymizeFailed as AnonymizeFailure }),
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isSwitch(value: unknown): value is boolean | null {
  return value === null || typeof value === 'boolean';
}

/** The UTC day a record belongs to, which is also its file: `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

const LEDGER_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

export function ledgerFileName(day: string): string {
  return `${day}.jsonl`;
}

/** The day of a ledger file name, or undefined for any other file in the folder. */
export function dayOfLedgerFile(fileName: string): string | undefined {
  return LEDGER_FILE.exec(fileName)?.[1];
}

export const DAY_MS = 86_400_000;

/** Midnight UTC starting `day`. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}
