/**
 * Turns the raw `privacy` config block into a Policy, or into a list of sentences saying what is
 * wrong. An invalid policy is never half-applied: the caller gets no policy and decide() then
 * blocks everything except life safety (fail closed).
 */
import type { Policy, PolicyError, PolicyRule } from './policy-types.js';
import { canonicalTimeZone, systemTimeZone } from './schedule.js';
import { expandKinds, normalizeDeviceName } from './device-selection.js';
import { ACTIONS, DEVICE_KINDS, LIFE_SAFETY_CAPABLE_KINDS, type Device, type DeviceKind } from './types.js';
import { checkKeys, describe, ErrorSink, isPlainObject, readBoolean, readChoice, type RuleSink } from './validate-fields.js';
import { readRule, ruleNameOf } from './validate-rule.js';
import { readAuditSettings } from './audit/audit-settings.js';

export interface ValidateOptions {
  /**
   * Devices known right now. When given, rules that select by id or name are checked against
   * life safety too (without it only kinds can be checked; decide() still always forwards life safety).
   */
  readonly knownDevices?: readonly Device[];
  /** Zone used when the config names none (defaults to the system zone). */
  readonly defaultTimeZone?: string;
}

export interface ValidationResult {
  /** Present only when there are no errors. */
  readonly policy?: Policy;
  readonly errors: readonly PolicyError[];
}

const TOP_KEYS = ['defaultAction', 'timeZone', 'privacySwitchBlocks', 'rules', 'audit'];
/**
 * Far more than a home needs (the panel's quick choices write one per device and choice), and few
 * enough that checking every signal against every rule stays cheap. More are refused without being
 * read: 10,000 rules used to cost about 100 MB.
 */
export const MAX_RULES = 200;
/** The longest IANA zone name is 32 characters; anything much longer is not worth asking Intl about. */
const MAX_TIME_ZONE = 64;

/** `raw` is the value of `privacy` in the platform config; undefined means "no privacy settings". */
export function validatePolicy(raw: unknown, options: ValidateOptions = {}): ValidationResult {
  const sink = new ErrorSink();
  const block = raw === undefined || raw === null ? {} : raw;
  if (!isPlainObject(block)) {
    return {
      errors: [{ path: '', message: `The "privacy" setting must be an object, not ${describe(raw)}.` }],
    };
  }
  checkKeys(block, TOP_KEYS, '', sink);

  const defaultAction = block.defaultAction === undefined ? 'forward' : readChoice(block.defaultAction, ACTIONS, 'defaultAction', sink);
  const privacySwitchBlocks = block.privacySwitchBlocks === undefined ? true : readBoolean(block.privacySwitchBlocks, 'privacySwitchBlocks', sink);
  const timeZone = readTimeZone(block.timeZone, options.defaultTimeZone, sink);
  const rules = readRules(block.rules, sink, options.knownDevices);
  // The ledger reads its settings itself (audit/audit-settings.ts); a bad one is still reported
  // here, so the policy is not applied half-understood.
  readAuditSettings(block.audit, sink);

  if (sink.errors.length > 0 || !defaultAction || privacySwitchBlocks === undefined || !timeZone || !rules) {
    return { errors: sink.errors };
  }
  return { policy: { defaultAction, timeZone, privacySwitchBlocks, rules }, errors: [] };
}

function readTimeZone(raw: unknown, fallback: string | undefined, sink: ErrorSink): string | undefined {
  if (raw === undefined) {
    const zone = canonicalTimeZone(fallback ?? systemTimeZone());
    if (!zone) sink.add('timeZone', `the system time zone "${fallback}" is unknown; set "timeZone" to an IANA name such as "Europe/Berlin".`);
    return zone;
  }
  const zone = typeof raw === 'string' && raw.trim() !== '' && raw.length <= MAX_TIME_ZONE ? canonicalTimeZone(raw) : undefined;
  if (!zone) sink.add('timeZone', `${describe(raw)} is not a time zone this system knows; use an IANA name such as "Europe/Berlin".`);
  return zone;
}

function readRules(raw: unknown, sink: ErrorSink, knownDevices: readonly Device[] | undefined): PolicyRule[] | undefined {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    sink.add('rules', `must be a list of rules, not ${describe(raw)}.`);
    return undefined;
  }
  if (raw.length > MAX_RULES) {
    sink.add(
      'rules',
      `has ${raw.length} rules; at most ${MAX_RULES} are allowed. Combine rules that share an action (one rule can list many devices, signals and modes).`,
    );
    return undefined;
  }
  const rules: PolicyRule[] = [];
  let ok = true;
  raw.forEach((rawRule, index) => {
    const ruleSink = sink.forRule(index, ruleNameOf(rawRule));
    const rule = readRule(rawRule, ruleSink);
    if (rule && checkLifeSafety(rule, ruleSink, knownDevices)) rules.push(rule);
    else ok = false;
  });
  return ok ? rules : undefined;
}

/**
 * Refuses a restrictive rule whose selection covers a life-safety alarm. Such a rule would be
 * overridden at runtime anyway; refusing it tells the user their rule does not mean what they think.
 */
function checkLifeSafety(rule: PolicyRule, sink: RuleSink, knownDevices: readonly Device[] | undefined): boolean {
  if (rule.action === 'forward') return true;
  if (rule.signals && !rule.signals.includes('alarm-state')) return true;
  // Alarm-state signals carry no detection type, so a detection condition can never match them.
  if (rule.when?.detectionTypes) return true;
  const hit = lifeSafetyKindsSelected(rule, knownDevices);
  if (hit.length === 0) return true;
  sink.add(
    '',
    `is a "${rule.action}" rule that would cover life-safety alarms: it applies to "alarm-state" signals of ` +
      `${hit.join(', ')} devices, and smoke, CO, flood and security alarms always reach Apple Home. ` +
      'Limit "signals" to leave out "alarm-state", or limit "devices" to other kinds.',
  );
  return false;
}

function lifeSafetyKindsSelected(rule: PolicyRule, knownDevices: readonly Device[] | undefined): DeviceKind[] {
  const selector = rule.devices;
  const selected = selector ? expandKinds(selector.kinds ?? []) : new Set<DeviceKind>(DEVICE_KINDS);
  if (knownDevices && selector) {
    const ids = new Set(selector.ids ?? []);
    const names = new Set((selector.names ?? []).map(normalizeDeviceName));
    for (const device of knownDevices) {
      if (ids.has(device.id) || names.has(normalizeDeviceName(device.name))) selected.add(device.kind);
    }
  }
  return LIFE_SAFETY_CAPABLE_KINDS.filter((kind) => selected.has(kind));
}
