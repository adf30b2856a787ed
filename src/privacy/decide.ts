/**
 * The privacy decision: what of one signal from one device may reach Apple Home.
 *
 * Order of precedence:
 *  1. Life safety (any state change of smoke/CO/flood sensors, or one flagged lifeSafety)
 *     always forwards, whatever the policy, even without a valid policy.
 *  2. No valid policy: block (fail closed).
 *  3. A camera whose Privacy switch is on (with `privacySwitchBlocks`) is blocked, unless a rule
 *     written for that case (`"privacySwitch": "on"`) matches: the switch must not be undone by
 *     rules that never mention it.
 *  4. Otherwise the first rule whose devices, signals and conditions all match;
 *     if none does, `defaultAction`.
 *
 * Unknowns (mode "unknown", switch state undefined, clock undefined, detection without a type)
 * are treated as every value they could have; the result is the most restrictive outcome over
 * those possibilities (see decision-order.ts). With the clock unknown each schedule counts as
 * possibly on and possibly off, independently of the others.
 */
import {
  ALL_DETECTIONS,
  ALL_MODES,
  DETECTION_BIT,
  MODE_AWAY,
  MODE_DISARMED,
  MODE_HOME,
  SIGNAL_INDEX,
  SWITCH_EITHER,
  SWITCH_OFF,
  SWITCH_ON,
  makeOutcome,
  type CompiledPolicy,
  type CompiledRule,
  type DeviceRules,
  type Outcome,
} from './compile-policy.js';
import { LEVEL_REDACTED, redactionKey } from './decision-order.js';
import { LIFE_SAFETY_DEVICE_KINDS, isStateSignal, type Decision, type DecisionContext, type Device, type DeviceKind, type Redaction, type Signal } from './types.js';

const LIFE_SAFETY_DEVICE_SET: ReadonlySet<DeviceKind> = new Set(LIFE_SAFETY_DEVICE_KINDS);

export const LIFE_SAFETY_DECISION: Decision = makeOutcome(
  'forward',
  Object.freeze({ kind: 'original' }),
  'life-safety',
  'Life-safety alarms always reach Apple Home.',
).decision;

/** What an invalid or missing policy means: nothing but life safety gets through. */
export const NO_POLICY_DECISION: Decision = Object.freeze({
  ...makeOutcome('block', Object.freeze({ kind: 'placeholder' }), 'no-policy', 'The privacy policy is invalid or missing, so everything is blocked.').decision,
  failedClosed: true,
});

/** A signal type this policy layer does not know (only reachable from untyped callers). */
export const UNKNOWN_SIGNAL_DECISION: Decision = Object.freeze({
  ...makeOutcome('block', Object.freeze({ kind: 'placeholder' }), 'no-policy', 'The signal type is unknown, so it is blocked.').decision,
  failedClosed: true,
});

export function isLifeSafety(signal: Signal, device: Device): boolean {
  return isStateSignal(signal) && (Boolean(signal.lifeSafety) || LIFE_SAFETY_DEVICE_SET.has(device.kind));
}

export function decide(signal: Signal, device: Device, context: DecisionContext, policy: CompiledPolicy | undefined): Decision {
  if (isLifeSafety(signal, device)) return LIFE_SAFETY_DECISION;
  if (policy === undefined) return NO_POLICY_DECISION;

  const deviceRules = policy.rulesFor(device);
  const signalIndex = SIGNAL_INDEX[signal.type];
  if (signalIndex === undefined) return UNKNOWN_SIGNAL_DECISION;
  const modes = modeBits(context.mode);
  const switches = switchBits(context.globalPrivacy, context.devicePrivacy);
  const detections = detectionBits(signal);
  const epochMs = context.now === undefined ? Number.NaN : context.now.getTime();

  const known = modes !== ALL_MODES && switches !== SWITCH_EITHER && detections !== ALL_DETECTIONS && !Number.isNaN(epochMs);
  if (known) {
    const rules = rulesFor(deviceRules, signalIndex, switches);
    return firstMatch(rules, policy, deviceRules, modes, switches, detections, epochMs).decision;
  }
  return decideUnderUncertainty(signalIndex, policy, deviceRules, modes, switches, detections, epochMs);
}

function rulesFor(device: DeviceRules, signalIndex: number, switchState: number): readonly CompiledRule[] {
  return (switchState === SWITCH_ON ? device.bySignalWhileSwitchOn : device.bySignal)[signalIndex]!;
}

/** The hot path: every input known, so exactly one outcome; returns a prebuilt Decision. */
function firstMatch(
  rules: readonly CompiledRule[],
  policy: CompiledPolicy,
  device: DeviceRules,
  mode: number,
  switchState: number,
  detection: number,
  epochMs: number,
): Outcome {
  let minute = -1;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if ((rule.modeMask & mode) === 0 || (rule.switchMask & switchState) === 0) continue;
    if (rule.detectionMask !== 0 && (rule.detectionMask & detection) === 0) continue;
    if (rule.schedule !== null) {
      if (minute < 0) minute = policy.clock.minuteOfWeek(epochMs);
      if (rule.schedule[minute] === 0) continue;
    }
    return rule.outcome;
  }
  return defaultOutcome(policy, device, switchState);
}

function defaultOutcome(policy: CompiledPolicy, device: DeviceRules, switchState: number): Outcome {
  if (switchState === SWITCH_ON && device.switchBlocks) return policy.switchOutcome!;
  return policy.defaultOutcome;
}

/** Enumerates every combination of the unknown inputs and joins their outcomes (rarely used, may allocate). */
function decideUnderUncertainty(
  signalIndex: number,
  policy: CompiledPolicy,
  device: DeviceRules,
  modes: number,
  switches: number,
  detections: number,
  epochMs: number,
): Decision {
  const join = new OutcomeJoin();
  const clockKnown = !Number.isNaN(epochMs);
  const minute = clockKnown ? policy.clock.minuteOfWeek(epochMs) : -1;
  for (const mode of eachBit(modes)) {
    for (const switchState of eachBit(switches)) {
      const rules = rulesFor(device, signalIndex, switchState);
      for (const detection of detections === 0 ? [0] : eachBit(detections)) {
        let matched = false;
        for (const rule of rules) {
          if ((rule.modeMask & mode) === 0 || (rule.switchMask & switchState) === 0) continue;
          if (rule.detectionMask !== 0 && (rule.detectionMask & detection) === 0) continue;
          if (rule.schedule !== null && clockKnown && rule.schedule[minute] === 0) continue;
          join.add(rule.outcome);
          // With the clock unknown a scheduled rule may also not match: later rules stay possible.
          if (rule.schedule === null || clockKnown) {
            matched = true;
            break;
          }
        }
        if (!matched) join.add(defaultOutcome(policy, device, switchState));
      }
    }
  }
  return join.result(unknownInputs(modes, switches, detections, clockKnown));
}

/** Collects possible outcomes; the result is their most restrictive join. */
class OutcomeJoin {
  private strictest: Outcome | undefined;
  /** Every event-only-with-redactions outcome seen, while that is the strictest level. */
  private readonly redacting: Outcome[] = [];
  private firstKey: string | undefined;
  private differ = false;

  add(outcome: Outcome): void {
    if (this.firstKey === undefined) this.firstKey = outcome.key;
    else if (outcome.key !== this.firstKey) this.differ = true;
    const best = this.strictest;
    if (best === undefined || outcome.level > best.level) {
      this.strictest = outcome;
      this.redacting.length = 0;
    } else if (outcome.level === best.level && precedes(outcome, best)) {
      this.strictest = outcome;
    }
    if (outcome.level === LEVEL_REDACTED && outcome.level === this.strictest!.level && !this.redacting.includes(outcome)) {
      this.redacting.push(outcome);
    }
  }

  result(unknowns: string): Decision {
    const chosen = this.strictest!.decision;
    if (!this.differ) return chosen;
    const snapshot =
      this.strictest!.level === LEVEL_REDACTED ? Object.freeze({ kind: 'redacted' as const, redactions: unionOfRedactions(this.redacting) }) : chosen.snapshot;
    return Object.freeze({
      ...chosen,
      snapshot,
      reason: `Failed closed (${unknowns}): the strictest possible outcome applies. ${chosen.reason}`,
      failedClosed: true,
    });
  }
}

/** Among equally strict outcomes, name the earliest rule (the defaults come after every rule). */
function precedes(a: Outcome, b: Outcome): boolean {
  const ia = a.decision.ruleIndex ?? Number.MAX_SAFE_INTEGER;
  const ib = b.decision.ruleIndex ?? Number.MAX_SAFE_INTEGER;
  return ia < ib;
}

function unionOfRedactions(outcomes: readonly Outcome[]): readonly Redaction[] {
  const ordered = [...outcomes].sort((a, b) => (a.decision.ruleIndex ?? 0) - (b.decision.ruleIndex ?? 0));
  const seen = new Set<string>();
  const union: Redaction[] = [];
  for (const outcome of ordered) {
    const snapshot = outcome.decision.snapshot;
    if (snapshot.kind !== 'redacted') continue;
    for (const redaction of snapshot.redactions) {
      const key = redactionKey(redaction);
      if (seen.has(key)) continue;
      seen.add(key);
      union.push(redaction);
    }
  }
  return Object.freeze(union);
}

function modeBits(mode: DecisionContext['mode']): number {
  switch (mode) {
    case 'home':
      return MODE_HOME;
    case 'away':
      return MODE_AWAY;
    case 'disarmed':
      return MODE_DISARMED;
    default:
      return ALL_MODES;
  }
}

/** Either switch on means on; both off means off; anything else is unknown. */
function switchBits(globalPrivacy: boolean | undefined, devicePrivacy: boolean | undefined): number {
  if (globalPrivacy === true || devicePrivacy === true) return SWITCH_ON;
  if (globalPrivacy === false && devicePrivacy === false) return SWITCH_OFF;
  return SWITCH_EITHER;
}

/**
 * 0 = the signal carries no detection type (and is not a detection, so none is expected).
 * `unknown` (a word Ring sent that we do not know), or anything else outside our vocabulary, is
 * every type at once: the decision fails closed over them.
 */
function detectionBits(signal: Signal): number {
  if (isStateSignal(signal)) return 0;
  if (signal.detectionType !== undefined) return (DETECTION_BIT as Record<string, number | undefined>)[signal.detectionType] ?? ALL_DETECTIONS;
  return signal.type === 'detection' ? ALL_DETECTIONS : 0;
}

function eachBit(mask: number): number[] {
  const out: number[] = [];
  for (let bit = 1; bit <= mask; bit <<= 1) if ((mask & bit) !== 0) out.push(bit);
  return out;
}

function unknownInputs(modes: number, switches: number, detections: number, clockKnown: boolean): string {
  const parts: string[] = [];
  if (modes === ALL_MODES) parts.push('mode unknown');
  if (switches === SWITCH_EITHER) parts.push('privacy switch unknown');
  if (!clockKnown) parts.push('clock unknown');
  if (detections === ALL_DETECTIONS) parts.push('detection type unknown');
  return parts.join(', ');
}
