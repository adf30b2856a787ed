/**
 * Counts over ledger records, shaped for the settings panel's chart and tables: plain JSON,
 * arrays in a stable order, every count weighted by how many decisions a record stands for.
 */
import { SIGNAL_KINDS, type Action, type DecisionBasis, type SeenDetection, type DeviceKind, type SignalKind } from '../types.js';
import { weightOf, type AuditRecord, type AuditRule } from './audit-record.js';
import type { AuditCommandRecord } from './command-record.js';
import { isCommandRecord, type LedgerRecord } from './ledger-record.js';

export interface ActionCounts {
  forwarded: number;
  eventOnly: number;
  blocked: number;
  total: number;
  /** Of the total, decisions that failed closed (something was unknown, or the policy was invalid). */
  failedClosed: number;
}

/** HomeKit commands: counted apart, they are not privacy decisions. */
export interface CommandCounts {
  total: number;
  done: number;
  failed: number;
  /** Of the total, this plugin's own settings (Privacy switches), which never went to Ring. */
  local: number;
}

export interface DaySummary {
  /** `YYYY-MM-DD` in the summary's time zone. */
  readonly day: string;
  readonly counts: ActionCounts;
}

export interface DeviceSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly counts: ActionCounts;
}

export interface SignalSummary {
  readonly signal: SignalKind;
  readonly counts: ActionCounts;
}

export interface RuleSummary {
  readonly basis: DecisionBasis;
  readonly ruleIndex?: number;
  readonly ruleName?: string;
  readonly counts: ActionCounts;
}

/** One bar segment of a per-device chart: a day, a device and a signal. */
export interface CellSummary {
  readonly day: string;
  readonly deviceId: string;
  readonly signal: SignalKind;
  readonly counts: ActionCounts;
}

export interface LedgerSummary {
  /** The period asked for (ISO), when one was. */
  readonly from?: string;
  readonly to?: string;
  /** Time of the first and last decision counted (commands aside). */
  readonly firstTime?: string;
  readonly lastTime?: string;
  readonly timeZone: string;
  /** Decisions only; commands are in `commands`. */
  readonly totals: ActionCounts;
  readonly commands: CommandCounts;
  /** Oldest first; only days with decisions. */
  readonly days: DaySummary[];
  /** Most decisions first. The name is the latest one recorded. */
  readonly devices: DeviceSummary[];
  /** In the order of SIGNAL_KINDS. */
  readonly signals: SignalSummary[];
  /** Rules by index, then the other bases. */
  readonly rules: RuleSummary[];
  readonly cells: CellSummary[];
}

export interface SummaryOptions {
  readonly from?: Date;
  readonly to?: Date;
  /** IANA zone the days are counted in (default UTC; pass the policy's zone for the panel). */
  readonly timeZone?: string;
}

export function emptyCounts(): ActionCounts {
  return { forwarded: 0, eventOnly: 0, blocked: 0, total: 0, failedClosed: 0 };
}

export function addToCounts(counts: ActionCounts, action: Action, weight: number, failedClosed: boolean): void {
  if (action === 'forward') counts.forwarded += weight;
  else if (action === 'event-only') counts.eventOnly += weight;
  else counts.blocked += weight;
  counts.total += weight;
  if (failedClosed) counts.failedClosed += weight;
}

export function emptyCommandCounts(): CommandCounts {
  return { total: 0, done: 0, failed: 0, local: 0 };
}

export function addCommand(counts: CommandCounts, record: AuditCommandRecord): void {
  counts.total += 1;
  if (record.outcome === 'done') counts.done += 1;
  else counts.failed += 1;
  if (record.local) counts.local += 1;
}

/** Counts decisions by action and, apart from them, HomeKit commands by outcome. */
export function summarizeLedger(records: readonly LedgerRecord[], options: SummaryOptions = {}): LedgerSummary {
  const timeZone = options.timeZone ?? 'UTC';
  const dayOf = dayFormatter(timeZone);
  const totals = emptyCounts();
  const commands = emptyCommandCounts();
  const days = new Map<string, ActionCounts>();
  const devices = new Map<string, { name: string; kind: DeviceKind; time: string; counts: ActionCounts }>();
  const signals = new Map<SignalKind, ActionCounts>();
  const rules = new Map<string, { rule: AuditRule; counts: ActionCounts }>();
  const cells = new Map<string, CellSummary>();
  let firstTime: string | undefined;
  let lastTime: string | undefined;

  for (const record of records) {
    const ms = Date.parse(record.time);
    if ((options.from && ms < options.from.getTime()) || (options.to && ms >= options.to.getTime())) continue;
    if (isCommandRecord(record)) {
      addCommand(commands, record);
      continue;
    }
    if (firstTime === undefined || record.time < firstTime) firstTime = record.time;
    if (lastTime === undefined || record.time > lastTime) lastTime = record.time;
    const day = dayOf(ms);
    const add = (counts: ActionCounts): void => addToCounts(counts, record.action, weightOf(record), record.failedClosed);

    add(totals);
    add(entry(days, day, emptyCounts));
    const device = entry(devices, record.device.id, () => ({ ...record.device, time: record.time, counts: emptyCounts() }));
    if (record.time >= device.time) Object.assign(device, { name: record.device.name, kind: record.device.kind, time: record.time });
    add(device.counts);
    add(entry(signals, record.signal.type, emptyCounts));
    add(entry(rules, ruleKey(record.rule), () => ({ rule: record.rule, counts: emptyCounts() })).counts);
    const cellKey = `${day}\u0000${record.device.id}\u0000${record.signal.type}`;
    add(entry(cells, cellKey, () => ({ day, deviceId: record.device.id, signal: record.signal.type, counts: emptyCounts() })).counts);
  }

  return {
    ...(options.from && { from: options.from.toISOString() }),
    ...(options.to && { to: options.to.toISOString() }),
    ...(firstTime !== undefined && { firstTime, lastTime }),
    timeZone,
    totals,
    commands,
    days: [...days].sort(([a], [b]) => compare(a, b)).map(([day, counts]) => ({ day, counts })),
    devices: [...devices]
      .map(([id, d]) => ({ id, name: d.name, kind: d.kind, counts: d.counts }))
      .sort((a, b) => b.counts.total - a.counts.total || compare(a.name, b.name) || compare(a.id, b.id)),
    signals: SIGNAL_KINDS.flatMap((signal) => {
      const counts = signals.get(signal);
      return counts ? [{ signal, counts }] : [];
    }),
    rules: [...rules.values()].sort((a, b) => compareRules(a.rule, b.rule)).map(({ rule, counts }) => ruleSummary(rule, counts)),
    cells: [...cells.values()].sort(
      (a, b) => compare(a.day, b.day) || compare(a.deviceId, b.deviceId) || SIGNAL_KINDS.indexOf(a.signal) - SIGNAL_KINDS.indexOf(b.signal),
    ),
  };
}

/** One row of the "latest decisions" table. */
export interface LatestDecision {
  /** Absent: a decision (commands say `command`). */
  readonly type?: undefined;
  readonly time: string;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly deviceKind: DeviceKind;
  readonly signal: SignalKind;
  readonly detectionType?: SeenDetection;
  readonly action: Action;
  readonly snapshot: AuditRecord['snapshot']['kind'];
  readonly basis: DecisionBasis;
  readonly ruleIndex?: number;
  readonly ruleName?: string;
  readonly failedClosed: boolean;
  /** How many decisions this row stands for (collapsed snapshot polls). */
  readonly count: number;
  /** The event never arrived by push (found in Ring's history); `late`: offered to HomeKit late. */
  readonly missedByPush?: 'late' | 'recorded';
}

/** One HomeKit command in the "latest" list. */
export interface LatestCommand {
  readonly type: 'command';
  readonly time: string;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly deviceKind: DeviceKind;
  readonly characteristic: string;
  readonly value: boolean | number | null;
  readonly service?: string;
  readonly label: string;
  readonly local: boolean;
  readonly outcome: AuditCommandRecord['outcome'];
  readonly reason?: string;
}

export type LatestEntry = LatestDecision | LatestCommand;

/** The newest `n` decisions, newest first, each with the rule that made the decision; commands are left out. */
export function latestDecisions(records: readonly LedgerRecord[], n: number): LatestDecision[] {
  return newest(
    records.filter((record): record is AuditRecord => !isCommandRecord(record)),
    n,
  ).map(latestDecision);
}

/** The newest `n` records of either kind, newest first: decisions with their rule, commands with their outcome. */
export function latestEntries(records: readonly LedgerRecord[], n: number): LatestEntry[] {
  return newest(records, n).map((record) => (isCommandRecord(record) ? latestCommand(record) : latestDecision(record)));
}

function newest<T extends LedgerRecord>(records: readonly T[], n: number): T[] {
  const newestFirst = records.map((record, order) => ({ record, order })).sort((a, b) => compare(b.record.time, a.record.time) || b.order - a.order);
  return newestFirst.slice(0, Math.max(0, n)).map(({ record }) => record);
}

function latestCommand(record: AuditCommandRecord): LatestCommand {
  const { command } = record;
  return {
    type: 'command',
    time: record.time,
    deviceId: record.device.id,
    deviceName: record.device.name,
    deviceKind: record.device.kind,
    characteristic: command.characteristic,
    value: command.value,
    ...(command.service !== undefined && { service: command.service }),
    label: command.label,
    local: record.local === true,
    outcome: record.outcome,
    ...(record.reason !== undefined && { reason: record.reason }),
  };
}

function latestDecision(record: AuditRecord): LatestDecision {
  return {
    time: record.time,
    deviceId: record.device.id,
    deviceName: record.device.name,
    deviceKind: record.device.kind,
    signal: record.signal.type,
    ...('detectionType' in record.signal && record.signal.detectionType !== undefined && { detectionType: record.signal.detectionType }),
    action: record.action,
    snapshot: record.snapshot.kind,
    basis: record.rule.basis,
    ...(record.rule.index !== undefined && { ruleIndex: record.rule.index }),
    ...(record.rule.name !== undefined && { ruleName: record.rule.name }),
    failedClosed: record.failedClosed,
    count: weightOf(record),
    ...(record.missedByPush && { missedByPush: record.lateDelivery ? ('late' as const) : ('recorded' as const) }),
  };
}

/** Rules are told apart by index and name: an edited policy may put another rule at an index. */
export function ruleKey(rule: AuditRule): string {
  return rule.index === undefined ? rule.basis : `${rule.basis}#${rule.index}#${rule.name ?? ''}`;
}

const BASIS_ORDER: readonly DecisionBasis[] = ['rule', 'privacy-switch', 'default', 'life-safety', 'no-policy'];

export function compareRules(a: AuditRule, b: AuditRule): number {
  return BASIS_ORDER.indexOf(a.basis) - BASIS_ORDER.indexOf(b.basis) || (a.index ?? -1) - (b.index ?? -1) || compare(a.name ?? '', b.name ?? '');
}

function ruleSummary(rule: AuditRule, counts: ActionCounts): RuleSummary {
  return {
    basis: rule.basis,
    ...(rule.index !== undefined && { ruleIndex: rule.index }),
    ...(rule.name !== undefined && { ruleName: rule.name }),
    counts,
  };
}

/** The map's value for `key`, created on first use. */
export function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `YYYY-MM-DD` of an instant in a zone; UTC needs no Intl. */
export function dayFormatter(timeZone: string): (epochMs: number) => string {
  if (timeZone === 'UTC') return (ms) => new Date(ms).toISOString().slice(0, 10);
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => {
    const parts = format.formatToParts(ms);
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  };
}
