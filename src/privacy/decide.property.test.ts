/**
 * Property tests for decide(). The reference oracle below is deliberately naive and shares no
 * code with the implementation: it enumerates every possible world (each unknown input takes
 * every value; with the clock unknown every scheduled rule is independently on or off), runs a
 * plain first-match over the raw policy in each world, and joins the results.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ALARM_KINDS, CAMERA_KINDS } from '../config/device-kinds.js';
import { compilePolicy } from './compile-policy.js';
import { decide } from './decide.js';
import { allowsLiveStream, forwardsEvent, isAtLeastAsRestrictive } from './decision-order.js';
import type { Policy, PolicyRule, Schedule } from './policy-types.js';
import { validatePolicy } from './policy-validate.js';
import type { Action, Decision, DecisionContext, DetectionType, Device, Redaction, Signal } from './types.js';
import { contextArb, deviceArb, knownContextArb, policyArb, signalArb, streamArb } from '../../test/support/privacy-arbitraries.js';

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

const ORACLE_SENSORS = ['contact-sensor', 'motion-sensor', 'flood-freeze-sensor', 'smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'temperature-sensor'];
const ORACLE_ALWAYS_LIFE_SAFETY = ['smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'flood-freeze-sensor'];
const ORACLE_STATE_KINDS: readonly string[] = ['alarm-state', 'lock-state', 'light-state', 'switch-state', 'mode-change'];
const ORACLE_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface OracleOutcome {
  action: Action;
  /** 'original' | 'placeholder' | sorted JSON texts of redactions */
  snapshot: string | string[];
  ruleIndex: number | undefined;
}

const rank = (o: OracleOutcome): number => (o.action === 'block' ? 3 : o.action === 'forward' ? 0 : o.snapshot === 'placeholder' ? 2 : 1);
const sameOutcome = (a: OracleOutcome, b: OracleOutcome): boolean => a.action === b.action && JSON.stringify(a.snapshot) === JSON.stringify(b.snapshot);
const redactionText = (r: Redaction): string =>
  JSON.stringify([r.method, 'strength' in r ? r.strength : null, r.zones ? r.zones.map((z) => [z.x, z.y, z.w, z.h]) : null]);

function oracleLocalTime(now: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)!.value;
  const day = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].indexOf(get('weekday'));
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

function oracleInSchedule(schedule: Schedule, now: Date, timeZone: string): boolean {
  const { day, minute } = oracleLocalTime(now, timeZone);
  const days = schedule.days ?? ORACLE_DAYS;
  const listed = (d: number): boolean => days.includes(ORACLE_DAYS[(d + 7) % 7] as never);
  if (schedule.from === undefined || schedule.to === undefined) return listed(day);
  const toMinutes = (t: string): number => Number(t.split(':')[0]) * 60 + Number(t.split(':')[1]);
  const from = toMinutes(schedule.from);
  const to = toMinutes(schedule.to);
  if (from < to) return listed(day) && minute >= from && minute < to;
  return (listed(day) && minute >= from) || (listed(day - 1) && minute < to);
}

function oracleDeviceMatches(rule: PolicyRule, device: Device): boolean {
  if (!rule.devices) return true;
  const kinds: string[] = [];
  for (const k of rule.devices.kinds ?? []) {
    if (k === 'camera') kinds.push(...CAMERA_KINDS);
    else if (k === 'alarm') kinds.push(...ALARM_KINDS);
    else if (k === 'sensor') kinds.push(...ORACLE_SENSORS);
    else kinds.push(k);
  }
  const squash = (s: string): string => s.trim().split(/\s+/).join(' ').toLowerCase();
  return kinds.includes(device.kind) || (rule.devices.ids ?? []).includes(device.id) || (rule.devices.names ?? []).some((n) => squash(n) === squash(device.name));
}

function oracle(signal: Signal, device: Device, context: DecisionContext, policy: Policy | undefined): OracleOutcome & { failedClosed: boolean } {
  const isState = ORACLE_STATE_KINDS.includes(signal.type);
  if (isState && ((signal as { lifeSafety?: unknown }).lifeSafety || ORACLE_ALWAYS_LIFE_SAFETY.includes(device.kind))) {
    return { action: 'forward', snapshot: 'original', ruleIndex: undefined, failedClosed: false };
  }
  if (!policy) return { action: 'block', snapshot: 'placeholder', ruleIndex: undefined, failedClosed: true };

  const modes = context.mode === 'unknown' ? ['home', 'away', 'disarmed'] : [context.mode];
  const switchOn =
    context.globalPrivacy === true || context.devicePrivacy === true
      ? [true]
      : context.globalPrivacy === false && context.devicePrivacy === false
        ? [false]
        : [true, false];
  const detectionType = isState || !('detectionType' in signal) ? undefined : signal.detectionType;
  const everyType: DetectionType[] = ['person', 'vehicle', 'package', 'other'];
  const detections: (DetectionType | undefined)[] =
    detectionType === 'unknown' ? everyType : detectionType !== undefined ? [detectionType] : signal.type === 'detection' ? everyType : [undefined];
  const clockKnown = context.now !== undefined && !Number.isNaN(context.now.getTime());
  const scheduled = policy.rules.map((r, i) => (r.when?.schedule ? i : -1)).filter((i) => i >= 0);
  const scheduleWorlds: boolean[][] = [];
  if (clockKnown) {
    scheduleWorlds.push(policy.rules.map((r) => (r.when?.schedule ? oracleInSchedule(r.when.schedule, context.now!, policy.timeZone) : true)));
  } else {
    for (let bits = 0; bits < 1 << scheduled.length; bits++) {
      const truth = policy.rules.map(() => true);
      scheduled.forEach((ruleIndex, j) => (truth[ruleIndex] = (bits & (1 << j)) !== 0));
      scheduleWorlds.push(truth);
    }
  }

  const outcomes: OracleOutcome[] = [];
  for (const mode of modes)
    for (const on of switchOn)
      for (const detection of detections)
        for (const scheduleTruth of scheduleWorlds) {
          const switchBlocks = on && policy.privacySwitchBlocks && (CAMERA_KINDS as readonly string[]).includes(device.kind);
          const index = policy.rules.findIndex((rule, i) => {
            // While the switch blocks a camera, only rules written for "switch on" may speak.
            if (switchBlocks && rule.when?.privacySwitch !== 'on') return false;
            if (!oracleDeviceMatches(rule, device)) return false;
            // "alarm-state" in a rule stands for every kind of state change.
            if (rule.signals && !rule.signals.includes(signal.type) && !(isState && rule.signals.includes('alarm-state'))) return false;
            if (rule.when?.modes && !rule.when.modes.includes(mode as never)) return false;
            if (rule.when?.privacySwitch === 'on' && !on) return false;
            if (rule.when?.privacySwitch === 'off' && on) return false;
            if (rule.when?.detectionTypes && (detection === undefined || !rule.when.detectionTypes.includes(detection))) return false;
            return scheduleTruth[i]!;
          });
          if (index >= 0) {
            const rule = policy.rules[index]!;
            const snapshot =
              rule.action === 'forward'
                ? 'original'
                : rule.action === 'event-only' && rule.snapshot
                  ? [...new Set(rule.snapshot.redact.map(redactionText))].sort()
                  : 'placeholder';
            outcomes.push({ action: rule.action, snapshot, ruleIndex: index });
          } else if (switchBlocks) {
            outcomes.push({ action: 'block', snapshot: 'placeholder', ruleIndex: undefined });
          } else {
            outcomes.push({ action: policy.defaultAction, snapshot: policy.defaultAction === 'forward' ? 'original' : 'placeholder', ruleIndex: undefined });
          }
        }

  const top = Math.max(...outcomes.map(rank));
  const strictest = outcomes.filter((o) => rank(o) === top);
  const indices = strictest.map((o) => o.ruleIndex).filter((i): i is number => i !== undefined);
  const snapshot = top === 1 ? [...new Set(strictest.flatMap((o) => o.snapshot as string[]))].sort() : strictest[0]!.snapshot;
  return {
    action: strictest[0]!.action,
    snapshot,
    ruleIndex: indices.length > 0 ? Math.min(...indices) : undefined,
    failedClosed: outcomes.some((o) => !sameOutcome(o, outcomes[0]!)),
  };
}

function summarise(decision: Decision): OracleOutcome & { failedClosed: boolean } {
  const s = decision.snapshot;
  return {
    action: decision.action,
    snapshot: s.kind === 'redacted' ? [...new Set(s.redactions.map(redactionText))].sort() : s.kind,
    ruleIndex: decision.ruleIndex,
    failedClosed: decision.failedClosed,
  };
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('decide: properties', () => {
  it('agrees with the naive reference oracle over random policies and signal streams', () => {
    fc.assert(
      fc.property(policyArb, streamArb, (policy, stream) => {
        const compiled = compilePolicy(policy);
        for (const [signal, device, context] of stream) {
          expect(summarise(decide(signal, device, context, compiled))).toEqual(oracle(signal, device, context, policy));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('block never forwards an event, an original snapshot or a stream; only forward streams', () => {
    fc.assert(
      fc.property(fc.option(policyArb, { nil: undefined }), streamArb, (policy, stream) => {
        const compiled = policy && compilePolicy(policy);
        for (const [signal, device, context] of stream) {
          const decision = decide(signal, device, context, compiled);
          if (decision.action === 'block') {
            expect(forwardsEvent(decision)).toBe(false);
            expect(decision.snapshot.kind).toBe('placeholder');
          }
          expect(decision.snapshot.kind === 'original').toBe(decision.action === 'forward');
          expect(allowsLiveStream(decision)).toBe(decision.action === 'forward');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('life safety always forwards, whatever the policy and context', () => {
    const lifeSafetyCase = fc.oneof(
      fc.tuple(
        fc.constant<Signal>({ type: 'alarm-state' }),
        deviceArb.map((d) => ({ ...d, kind: 'smoke-co-sensor' as const })),
      ),
      fc.tuple(fc.constantFrom<Signal>({ type: 'alarm-state', lifeSafety: true }, { type: 'alarm-state', lifeSafety: 'co' }), deviceArb),
      fc.tuple(
        fc.constant<Signal>({ type: 'alarm-state' }),
        fc.constantFrom('smoke-sensor', 'co-sensor', 'flood-freeze-sensor').chain((kind) => deviceArb.map((d) => ({ ...d, kind: kind as Device['kind'] }))),
      ),
    );
    fc.assert(
      fc.property(fc.option(policyArb, { nil: undefined }), lifeSafetyCase, contextArb, (policy, [signal, device], context) => {
        const decision = decide(signal, device, context, policy && compilePolicy(policy));
        expect(decision).toMatchObject({ action: 'forward', basis: 'life-safety', snapshot: { kind: 'original' } });
      }),
      { numRuns: 300 },
    );
  });

  it('an unknown mode, clock, switch or detection type is never less restrictive than any known value', () => {
    const blur = fc.record({ mode: fc.boolean(), now: fc.boolean(), globalPrivacy: fc.boolean(), devicePrivacy: fc.boolean(), detection: fc.boolean() });
    fc.assert(
      fc.property(policyArb, signalArb, deviceArb, knownContextArb, blur, (policy, signal, device, known, hide) => {
        const compiled = compilePolicy(policy);
        const unknown: DecisionContext = {
          mode: hide.mode ? 'unknown' : known.mode,
          now: hide.now ? undefined : known.now,
          globalPrivacy: hide.globalPrivacy ? undefined : known.globalPrivacy,
          devicePrivacy: hide.devicePrivacy ? undefined : known.devicePrivacy,
        };
        const vague: Signal = hide.detection && signal.type === 'detection' ? { type: 'detection' } : signal;
        const whenKnown = decide(signal, device, known, compiled);
        const whenUnknown = decide(vague, device, unknown, compiled);
        expect(isAtLeastAsRestrictive(whenUnknown, whenKnown)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('validatePolicy never throws, and accepted policies never aim a restrictive rule at life safety', () => {
    const lifeSafetyKinds = ['smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'flood-freeze-sensor', 'security-panel', 'base-station', 'other-alarm-device'];
    const rawArb = fc.oneof(policyArb as fc.Arbitrary<unknown>, fc.jsonValue(), fc.record({ rules: fc.array(fc.jsonValue(), { maxLength: 3 }) }));
    fc.assert(
      fc.property(rawArb, (raw) => {
        const { policy, errors } = validatePolicy(raw);
        expect(policy === undefined).toBe(errors.length > 0);
        for (const rule of policy?.rules ?? []) {
          if (rule.action === 'forward' || rule.when?.detectionTypes) continue;
          if (rule.signals && !rule.signals.includes('alarm-state')) continue;
          const kinds = rule.devices ? (rule.devices.kinds ?? []) : lifeSafetyKinds;
          const expanded = kinds.flatMap((k) => (k === 'alarm' ? ALARM_KINDS : k === 'sensor' ? ORACLE_SENSORS : [k]));
          expect(expanded.filter((k) => lifeSafetyKinds.includes(k))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
