/**
 * Rules that can never decide anything, and why. The first matching rule decides, and quick choices
 * put their rules first, so a rule written later for the same camera (a mask, say) can be dead
 * without any error: every case it covers is decided by an earlier rule. A rule may also name no
 * device of this home (an id from another home, a mistyped name).
 *
 * Exact over devices, signals, modes, Privacy switch states and detection types, which are few; over
 * time only an earlier rule without a schedule, or with one that contains this rule's, counts as
 * covering. So a rule reported dead is dead (the property test checks that against decide()), while
 * a rule covered only by several schedules together goes unreported.
 */
import { compilePolicy, MODE_AWAY, MODE_DISARMED, MODE_HOME, selectsDevice, SWITCH_OFF, SWITCH_ON, type CompiledRule } from './compile-policy.js';
import type { Policy } from './policy-types.js';
import { CAMERA_KINDS, DETECTION_TYPES, SIGNAL_KINDS, isStateSignalKind, type Device } from './types.js';

export interface RuleWarning {
  readonly ruleIndex: number;
  readonly ruleName: string;
  readonly message: string;
}

const CAMERA_KIND_SET = new Set<string>(CAMERA_KINDS);
const MODE_BITS = [MODE_HOME, MODE_AWAY, MODE_DISARMED];
const DETECTION_VALUES = [0, ...DETECTION_TYPES.map((_, i) => 1 << i)];

/** Warnings for the rules of a valid policy, in rule order; none without known devices. */
export function ruleWarnings(policy: Policy, knownDevices: readonly Device[]): RuleWarning[] {
  if (knownDevices.length === 0) return [];
  const rules = compilePolicy(policy).rules;
  const warnings: RuleWarning[] = [];
  rules.forEach((rule, index) => {
    const ruleName = policy.rules[index]!.name;
    const label = `Rule ${index + 1} ("${ruleName}")`;
    const devices = knownDevices.filter((device) => selectsDevice(rule, device));
    if (devices.length === 0) {
      warnings.push({
        ruleIndex: index,
        ruleName,
        message: `${label} names no device of this home, so it never applies. ${unknownIds(policy, index, knownDevices)}`.trim(),
      });
      return;
    }
    const deciders = decidedEarlier(rules, index, devices, policy.privacySwitchBlocks);
    if (deciders) {
      const which = deciders.map((i) => `rule ${i + 1} ("${policy.rules[i]!.name}")`);
      const by = which.length === 1 ? which[0]! : `${which.slice(0, -1).join(', ')} and ${which.at(-1)}`;
      warnings.push({
        ruleIndex: index,
        ruleName,
        message: `${label} never applies: ${by} ${which.length === 1 ? 'comes' : 'come'} first and ${which.length === 1 ? 'decides' : 'decide'} every case it covers. Move it above to make it count.`,
      });
    }
  });
  return warnings;
}

function unknownIds(policy: Policy, index: number, knownDevices: readonly Device[]): string {
  const ids = policy.rules[index]!.devices?.ids ?? [];
  const unknown = ids.filter((id) => !knownDevices.some((device) => device.id === id));
  return unknown.length > 0 ? `No device here has the id ${unknown.map((id) => `"${id}"`).join(', ')}.` : '';
}

/**
 * The earlier rules that decide every case `rules[index]` would, or undefined when some case is
 * left to it. Mirrors decide(): per device the rules that select it, per signal those listing it,
 * and while a camera's Privacy switch blocks it only the rules written for the switch being on.
 */
function decidedEarlier(rules: readonly CompiledRule[], index: number, devices: readonly Device[], switchBlocks: boolean): number[] | undefined {
  const rule = rules[index]!;
  const deciders = new Set<number>();
  for (const device of devices) {
    const earlier = rules.slice(0, index).filter((other) => selectsDevice(other, device));
    const blockedBySwitch = switchBlocks && CAMERA_KIND_SET.has(device.kind);
    for (let signal = 0; signal < SIGNAL_KINDS.length; signal++) {
      if ((rule.signalMask & (1 << signal)) === 0) continue;
      const detections = isStateSignalKind(SIGNAL_KINDS[signal]!) ? [0] : DETECTION_VALUES;
      for (const mode of MODE_BITS) {
        if ((rule.modeMask & mode) === 0) continue;
        for (const switchState of [SWITCH_ON, SWITCH_OFF]) {
          if ((rule.switchMask & switchState) === 0) continue;
          const onlySwitchRules = blockedBySwitch && switchState === SWITCH_ON;
          if (onlySwitchRules && rule.switchMask !== SWITCH_ON) continue; // not consulted here at all
          for (const detection of detections) {
            if (!conditionsHold(rule, signal, mode, switchState, detection)) continue;
            const decider = earlier.find(
              (other) =>
                (!onlySwitchRules || other.switchMask === SWITCH_ON) && conditionsHold(other, signal, mode, switchState, detection) && scheduleCovers(other, rule),
            );
            if (!decider) return undefined;
            deciders.add(decider.index);
          }
        }
      }
    }
  }
  return [...deciders].sort((a, b) => a - b);
}

function conditionsHold(rule: CompiledRule, signal: number, mode: number, switchState: number, detection: number): boolean {
  return (
    (rule.signalMask & (1 << signal)) !== 0 &&
    (rule.modeMask & mode) !== 0 &&
    (rule.switchMask & switchState) !== 0 &&
    (rule.detectionMask === 0 || (rule.detectionMask & detection) !== 0)
  );
}

/** Whether `earlier` is in force at every minute `later` is. */
function scheduleCovers(earlier: CompiledRule, later: CompiledRule): boolean {
  if (earlier.schedule === null) return true;
  if (later.schedule === null) return false;
  for (let minute = 0; minute < later.schedule.length; minute++) if (later.schedule[minute] === 1 && earlier.schedule[minute] === 0) return false;
  return true;
}
