/**
 * Precompiles a validated Policy into bitmasks, sets and schedule bitmaps so decide() runs
 * without parsing or allocating. Every outcome a rule or default can produce is built once here
 * as a frozen Decision and returned as-is by decide().
 */
import { expandKinds, normalizeDeviceName } from './device-selection.js';
import { outcomeKey, restrictiveness } from './decision-order.js';
import type { Policy, PolicyRule } from './policy-types.js';
import { compileSchedule, zoneClock, type CompiledSchedule, type ZoneClock } from './schedule.js';
import {
  CAMERA_KINDS,
  DETECTION_TYPES,
  DEVICE_KINDS,
  SIGNAL_KINDS,
  STATE_SIGNAL_KINDS,
  type Action,
  type Decision,
  type DecisionBasis,
  type DetectionType,
  type Device,
  type DeviceKind,
  type SignalKind,
  type SnapshotTreatment,
} from './types.js';

export const MODE_HOME = 1;
export const MODE_AWAY = 2;
export const MODE_DISARMED = 4;
export const ALL_MODES = MODE_HOME | MODE_AWAY | MODE_DISARMED;
export const SWITCH_ON = 1;
export const SWITCH_OFF = 2;
export const SWITCH_EITHER = SWITCH_ON | SWITCH_OFF;
export const ALL_DETECTIONS = (1 << DETECTION_TYPES.length) - 1;

export const SIGNAL_INDEX = Object.fromEntries(SIGNAL_KINDS.map((kind, i) => [kind, i])) as Record<SignalKind, number>;
export const DETECTION_BIT = Object.fromEntries(DETECTION_TYPES.map((type, i) => [type, 1 << i])) as Record<DetectionType, number>;
const KIND_BIT = Object.fromEntries(DEVICE_KINDS.map((kind, i) => [kind, 1 << i])) as Record<DeviceKind, number>;
const MODE_BIT = { home: MODE_HOME, away: MODE_AWAY, disarmed: MODE_DISARMED } as const;
const CAMERA_KIND_SET: ReadonlySet<DeviceKind> = new Set(CAMERA_KINDS);
/** Bound on the per-device cache; a real home has far fewer devices. */
const MAX_CACHED_DEVICES = 4096;

/** One way a decision can come out, with what is needed to compare and combine outcomes. */
export interface Outcome {
  readonly decision: Decision;
  readonly level: number;
  readonly key: string;
}

export interface CompiledRule {
  readonly index: number;
  readonly outcome: Outcome;
  readonly signalMask: number;
  readonly allDevices: boolean;
  readonly kindMask: number;
  readonly ids: ReadonlySet<string> | null;
  readonly names: ReadonlySet<string> | null;
  readonly modeMask: number;
  readonly switchMask: number;
  /** 0 = the rule has no detection condition. */
  readonly detectionMask: number;
  readonly schedule: CompiledSchedule | null;
}

/** Rules that can apply to one device, split by signal kind. */
export interface DeviceRules {
  readonly name: string;
  readonly kind: DeviceKind;
  /** Whether this device's Privacy switch blocks it by default (a camera, with privacySwitchBlocks). */
  readonly switchBlocks: boolean;
  readonly bySignal: readonly (readonly CompiledRule[])[];
  /**
   * The rules that still apply while the switch blocks the device: only those written for the
   * switch being on. Any other rule would quietly undo the switch.
   */
  readonly bySignalWhileSwitchOn: readonly (readonly CompiledRule[])[];
}

export class CompiledPolicy {
  readonly rules: readonly CompiledRule[];
  readonly clock: ZoneClock;
  readonly defaultOutcome: Outcome;
  /** Set when a camera whose privacy switch is on is blocked by default. */
  readonly switchOutcome: Outcome | undefined;
  private readonly devices = new Map<string, DeviceRules>();

  constructor(readonly policy: Policy) {
    this.rules = policy.rules.map(compileRule);
    this.clock = zoneClock(policy.timeZone);
    this.defaultOutcome = makeOutcome(
      policy.defaultAction,
      defaultSnapshot(policy.defaultAction),
      'default',
      `No rule matched; the default action "${policy.defaultAction}" applies.`,
    );
    this.switchOutcome = policy.privacySwitchBlocks
      ? makeOutcome('block', PLACEHOLDER, 'privacy-switch', 'The Privacy switch is on, which blocks this camera.')
      : undefined;
  }

  /** The rules that can match this device, cached per device id (revalidated on name or kind change). */
  rulesFor(device: Device): DeviceRules {
    const cached = this.devices.get(device.id);
    if (cached !== undefined && cached.name === device.name && cached.kind === device.kind) return cached;
    if (this.devices.size >= MAX_CACHED_DEVICES) this.devices.clear();
    const entry = this.selectRules(device);
    this.devices.set(device.id, entry);
    return entry;
  }

  private selectRules(device: Device): DeviceRules {
    const name = normalizeDeviceName(device.name);
    const matching = this.rules.filter((rule) => selectsDevice(rule, device, name));
    const bySignal = SIGNAL_KINDS.map((_, i) => matching.filter((rule) => (rule.signalMask & (1 << i)) !== 0));
    const switchBlocks = this.switchOutcome !== undefined && CAMERA_KIND_SET.has(device.kind);
    return {
      name: device.name,
      kind: device.kind,
      switchBlocks,
      bySignal,
      bySignalWhileSwitchOn: switchBlocks ? bySignal.map((rules) => rules.filter((rule) => rule.switchMask === SWITCH_ON)) : bySignal,
    };
  }
}

/** Whether a rule's device selector picks this device (`name` normalized, when already at hand). */
export function selectsDevice(rule: CompiledRule, device: Device, name = normalizeDeviceName(device.name)): boolean {
  const kindBit = KIND_BIT[device.kind] ?? 0;
  return rule.allDevices || (rule.kindMask & kindBit) !== 0 || (rule.ids?.has(device.id) ?? false) || (rule.names?.has(name) ?? false);
}

/** Build once per policy change; decide() takes the result. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  return new CompiledPolicy(policy);
}

const PLACEHOLDER: SnapshotTreatment = Object.freeze({ kind: 'placeholder' });
const ORIGINAL: SnapshotTreatment = Object.freeze({ kind: 'original' });

function defaultSnapshot(action: Action): SnapshotTreatment {
  return action === 'forward' ? ORIGINAL : PLACEHOLDER;
}

export function makeOutcome(action: Action, snapshot: SnapshotTreatment, basis: DecisionBasis, reason: string, rule?: { index: number; name: string }): Outcome {
  const decision: Decision = Object.freeze({
    action,
    snapshot,
    basis,
    ...(rule && { ruleIndex: rule.index, ruleName: rule.name }),
    reason,
    failedClosed: false,
  });
  return { decision, level: restrictiveness(decision), key: outcomeKey(decision) };
}

function ruleSnapshot(rule: PolicyRule): SnapshotTreatment {
  if (rule.action === 'forward') return ORIGINAL;
  if (rule.action === 'block' || !rule.snapshot) return PLACEHOLDER;
  return deepFreeze({ kind: 'redacted', redactions: structuredClone(rule.snapshot.redact) });
}

function compileRule(rule: PolicyRule, index: number): CompiledRule {
  const devices = rule.devices;
  const when = rule.when;
  const label = `Rule ${index + 1} ("${rule.name}")`;
  return {
    index,
    outcome: makeOutcome(rule.action, ruleSnapshot(rule), 'rule', `${label} matched: ${rule.action}.`, { index, name: rule.name }),
    signalMask: bits(ruleSignals(rule), SIGNAL_INDEX),
    allDevices: devices === undefined,
    kindMask: devices?.kinds ? [...expandKinds(devices.kinds)].reduce((mask, kind) => mask | KIND_BIT[kind], 0) : 0,
    ids: devices?.ids ? new Set(devices.ids) : null,
    names: devices?.names ? new Set(devices.names.map(normalizeDeviceName)) : null,
    modeMask: when?.modes ? when.modes.reduce((mask, mode) => mask | MODE_BIT[mode], 0) : ALL_MODES,
    switchMask: when?.privacySwitch === 'on' ? SWITCH_ON : when?.privacySwitch === 'off' ? SWITCH_OFF : SWITCH_EITHER,
    detectionMask: when?.detectionTypes ? when.detectionTypes.reduce((mask, type) => mask | DETECTION_BIT[type], 0) : 0,
    schedule: when?.schedule ? compileSchedule(when.schedule) : null,
  };
}

/** The signal kinds a rule covers: `alarm-state` stands for every state change (see STATE_SIGNAL_KINDS). */
export function ruleSignals(rule: Pick<PolicyRule, 'signals'>): readonly SignalKind[] {
  const listed = rule.signals;
  if (listed === undefined) return SIGNAL_KINDS;
  return listed.includes('alarm-state') ? [...new Set([...listed, ...STATE_SIGNAL_KINDS])] : listed;
}

function bits<T extends string>(values: readonly T[], index: Record<T, number>): number {
  return values.reduce((mask, value) => mask | (1 << index[value]), 0);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
