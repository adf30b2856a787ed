/**
 * The dry run: what a draft policy would have decided for everything the ledger recorded, next to
 * what was decided then (the CLI) or next to what the saved policy decides (the settings panel: an
 * edit is judged by what it changes, not by what rules saved since the recording changed). Pure
 * over parsed records; the CLI and the settings panel do the reading.
 */
import { weightOf, type AuditRecord, type AuditRule, type AuditSignal } from '../audit/audit-record.js';
import { isDecisionRecord, type LedgerRecord } from '../audit/ledger-record.js';
import { addToCounts, compareRules, emptyCounts, entry, ruleKey, type ActionCounts } from '../audit/ledger-summary.js';
import { compilePolicy } from '../compile-policy.js';
import { decideSignal } from '../decide-signal.js';
import type { PolicyError } from '../policy-types.js';
import { validatePolicy } from '../policy-validate.js';
import type { Action, DecisionBasis, Device, DeviceKind } from '../types.js';
import { outcomeLabel, outcomeOf, recordedOutcome, replayInputs, type ReplayOutcome } from './replay.js';

export interface DryRunOptions {
  /** Devices for the validator's life-safety check by id and name; default: the devices in the records. */
  readonly knownDevices?: readonly Device[];
  /** Zone for a draft that names none (default: the system zone). */
  readonly defaultTimeZone?: string;
  /** Examples kept per kind of change (default 3). */
  readonly examplesPerChange?: number;
  /**
   * Compare with this policy (the raw saved `privacy` value; undefined inside means none saved)
   * replayed over the same records, instead of with what was recorded. A saved policy the
   * validator refuses is not replayed: the comparison is then with what was recorded.
   */
  readonly against?: { readonly saved: unknown };
}

export interface DryRunInvalid {
  readonly valid: false;
  readonly errors: readonly PolicyError[];
}

export interface DryRunExample {
  readonly time: string;
  readonly device: { readonly id: string; readonly name: string; readonly kind: DeviceKind };
  readonly signal: AuditSignal;
  readonly before: ReplayOutcome;
  readonly after: ReplayOutcome;
  /** Decisions this example stands for (collapsed snapshot polls). */
  readonly count: number;
}

/** One kind of change, e.g. `forward` → `block`. */
export interface DryRunChange {
  readonly before: string;
  readonly after: string;
  readonly decisions: number;
  readonly examples: DryRunExample[];
}

export interface DryRunTransition {
  readonly before: Action;
  readonly after: Action;
  readonly decisions: number;
}

/** A rule (or fallback) of the draft, with what it would decide. */
export interface DryRunRuleRow {
  readonly basis: DecisionBasis;
  readonly ruleIndex?: number;
  readonly ruleName?: string;
  readonly decisions: number;
  readonly changed: number;
  readonly after: ActionCounts;
}

export interface DryRunDeviceRow {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly before: ActionCounts;
  readonly after: ActionCounts;
  readonly changed: number;
}

export interface DryRunResult {
  readonly valid: true;
  /** What "before" is: the saved policy replayed, or the decisions as recorded. */
  readonly comparedWith: 'saved' | 'recorded';
  /** Ledger lines replayed. */
  readonly records: number;
  /** HomeKit commands in the ledger: not decisions, so not replayed, only counted. */
  readonly commands: number;
  /** Decisions they stand for (a collapsed line counts its `count`). */
  readonly decisions: number;
  readonly changed: number;
  readonly firstTime?: string;
  readonly lastTime?: string;
  readonly before: ActionCounts;
  readonly after: ActionCounts;
  /** Action changes only, most decisions first. */
  readonly transitions: DryRunTransition[];
  /** Every change of what reaches Apple Home (action or snapshot treatment), most decisions first. */
  readonly changes: DryRunChange[];
  /** Every draft rule in order (also those that would decide nothing), then the fallbacks that would decide. */
  readonly rules: DryRunRuleRow[];
  /** Devices with changes first, then by name. */
  readonly devices: DryRunDeviceRow[];
}

export type DryRunReport = DryRunInvalid | DryRunResult;

/** Replays the decisions among `ledger`; its HomeKit commands are skipped and counted. */
export function dryRun(ledger: readonly LedgerRecord[], draftRaw: unknown, options: DryRunOptions = {}): DryRunReport {
  const records = ledger.filter(isDecisionRecord);
  const knownDevices = options.knownDevices ?? devicesIn(ledger);
  const { policy, errors } = validatePolicy(draftRaw, {
    knownDevices,
    ...(options.defaultTimeZone !== undefined && { defaultTimeZone: options.defaultTimeZone }),
  });
  if (!policy) return { valid: false, errors };
  const compiled = compilePolicy(policy);
  const saved =
    options.against &&
    validatePolicy(options.against.saved, { knownDevices, ...(options.defaultTimeZone !== undefined && { defaultTimeZone: options.defaultTimeZone }) }).policy;
  const savedCompiled = saved && compilePolicy(saved);
  const examplesPerChange = options.examplesPerChange ?? 3;

  const before = emptyCounts();
  const after = emptyCounts();
  const transitions = new Map<string, DryRunTransition & { decisions: number }>();
  const changes = new Map<string, DryRunChange & { decisions: number }>();
  const rules = new Map<string, { rule: AuditRule; decisions: number; changed: number; after: ActionCounts }>();
  policy.rules.forEach((rule, index) => {
    const audit: AuditRule = { basis: 'rule', index, name: rule.name };
    rules.set(ruleKey(audit), { rule: audit, decisions: 0, changed: 0, after: emptyCounts() });
  });
  const devices = new Map<string, { id: string; name: string; kind: DeviceKind; time: string; before: ActionCounts; after: ActionCounts; changed: number }>();
  let decisions = 0;
  let changed = 0;

  for (const record of [...records].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))) {
    const inputs = replayInputs(record);
    const was = savedCompiled ? outcomeOf(decideSignal(inputs.signal, inputs.device, inputs.context, savedCompiled)) : recordedOutcome(record);
    const now = outcomeOf(decideSignal(inputs.signal, inputs.device, inputs.context, compiled));
    const weight = weightOf(record);
    const beforeLabel = outcomeLabel(was);
    const afterLabel = outcomeLabel(now);
    const isChange = beforeLabel !== afterLabel;
    decisions += weight;
    addToCounts(before, was.action, weight, was.failedClosed);
    addToCounts(after, now.action, weight, now.failedClosed);

    const rule = entry(rules, ruleKey(now.rule), () => ({ rule: now.rule, decisions: 0, changed: 0, after: emptyCounts() }));
    rule.decisions += weight;
    addToCounts(rule.after, now.action, weight, now.failedClosed);

    const device = entry(devices, record.device.id, () => ({ ...record.device, time: record.time, before: emptyCounts(), after: emptyCounts(), changed: 0 }));
    Object.assign(device, { name: record.device.name, kind: record.device.kind, time: record.time });
    addToCounts(device.before, was.action, weight, was.failedClosed);
    addToCounts(device.after, now.action, weight, now.failedClosed);

    if (!isChange) continue;
    changed += weight;
    rule.changed += weight;
    device.changed += weight;
    if (was.action !== now.action) {
      entry(transitions, `${was.action}>${now.action}`, () => ({ before: was.action, after: now.action, decisions: 0 })).decisions += weight;
    }
    const change = entry(changes, `${beforeLabel}>${afterLabel}`, () => ({ before: beforeLabel, after: afterLabel, decisions: 0, examples: [] }));
    change.decisions += weight;
    if (change.examples.length < examplesPerChange) {
      const { id, name, kind } = record.device;
      change.examples.push({ time: record.time, device: { id, name, kind }, signal: record.signal, before: was, after: now, count: weight });
    }
  }

  const byDecisions = (a: { decisions: number }, b: { decisions: number }): number => b.decisions - a.decisions;
  return {
    valid: true,
    comparedWith: savedCompiled ? 'saved' : 'recorded',
    records: records.length,
    commands: ledger.length - records.length,
    decisions,
    changed,
    ...timeSpan(records),
    before,
    after,
    transitions: [...transitions.values()].sort(byDecisions),
    changes: [...changes.values()].sort(byDecisions),
    rules: [...rules.values()]
      .sort((a, b) => compareRules(a.rule, b.rule))
      .map(({ rule, decisions: n, changed: c, after: counts }) => ({
        basis: rule.basis,
        ...(rule.index !== undefined && { ruleIndex: rule.index }),
        ...(rule.name !== undefined && { ruleName: rule.name }),
        decisions: n,
        changed: c,
        after: counts,
      })),
    devices: [...devices.values()]
      .map(({ id, name, kind, before: b, after: a, changed: c }) => ({ id, name, kind, before: b, after: a, changed: c }))
      .sort((a, b) => b.changed - a.changed || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1)),
  };
}

/** Each device once, as last recorded. */
export function devicesIn(records: readonly LedgerRecord[]): Device[] {
  const latest = new Map<string, LedgerRecord>();
  for (const record of records) {
    const seen = latest.get(record.device.id);
    if (!seen || record.time >= seen.time) latest.set(record.device.id, record);
  }
  return [...latest.values()].map(({ device: { id, name, kind, locationId } }) => ({ id, name, kind, locationId }));
}

function timeSpan(records: readonly AuditRecord[]): { firstTime?: string; lastTime?: string } {
  if (records.length === 0) return {};
  let firstTime = records[0]!.time;
  let lastTime = firstTime;
  for (const { time } of records) {
    if (time < firstTime) firstTime = time;
    if (time > lastTime) lastTime = time;
  }
  return { firstTime, lastTime };
}
