/**
 * Property tests for decide(). The reference oracle below is deliberately naive and shares no
 * code with the implementation: it enumerates every possible world (each unknown input takes
 * every value; with the clock unknown every scheduled rule is independently on or off), runs a
 * plain first-match over the raw policy in each world, and joins the results.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ALARM_KINDS, CAMERA_KINDS, DEVICE_KINDS } from '../config/device-kinds.js';
import { compilePolicy } from './compile-policy.js';
import { decide } from './decide.js';
import { allowsLiveStream, forwardsEvent, isAtLeastAsRestrictive } from './decision-order.js';
import type { Policy, PolicyRule, Schedule } from './policy-types.js';
import { validatePolicy } from './policy-validate.js';
import type { Action, Decision, DecisionContext, DetectionType, DeviceDescriptor, Redaction, Signal } from './types.js';

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

const ORACLE_SENSORS = ['contact-sensor', 'motion-sensor', 'flood-freeze-sensor', 'smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'temperature-sensor'];
const ORACLE_ALWAYS_LIFE_SAFETY = ['smoke-co-sensor', 'smoke-sensor', 'co-sensor', 'flood-freeze-sensor'];
const ORACLE_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

interface OracleOutcome {
  action: Action;
  /** 'original' | 'placeholder' | sorted JSON texts of redactions */
  snapshot: string | string[];
  ruleIndex: number | undefined;
}

const rank = (o: OracleOutcome): number =>
  o.action === 'block' ? 3 : o.action === 'forward' ? 0 : o.snapshot === 'placeholder' ? 2 : 1;
const sameOutcome = (a: OracleOutcome, b: OracleOutcome): boolean =>
  a.action === b.action && JSON.stringify(a.snapshot) === JSON.stringify(b.snapshot);
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

function oracleDeviceMatches(rule: PolicyRule, device: DeviceDescriptor): boolean {
  if (!rule.devices) return true;
  const kinds: string[] = [];
  for (const k of rule.devices.kinds ?? []) {
    if (k === 'camera') kinds.push(...CAMERA_KINDS);
    else if (k === 'alarm') kinds.push(...ALARM_KINDS);
    else if (k === 'sensor') kinds.push(...ORACLE_SENSORS);
    else kinds.push(k);
  }
  const squash = (s: string): string => s.trim().split(/\s+/).join(' ').toLowerCase();
  return (
    kinds.includes(device.kind) ||
    (rule.devices.ids ?? []).includes(device.id) ||
    (rule.devices.names ?? []).some((n) => squash(n) === squash(device.name))
  );
}

function oracle(signal: Signal, device: DeviceDescriptor, context: DecisionContext, policy: Policy | undefined): OracleOutcome & { failedClosed: boolean } {
  if (signal.type === 'alarm-state' && (signal.lifeSafety || ORACLE_ALWAYS_LIFE_SAFETY.includes(device.kind))) {
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
  const detectionType = signal.type === 'alarm-state' ? undefined : signal.detectionType;
  const detections: (DetectionType | undefined)[] =
    detectionType !== undefined ? [detectionType] : signal.type === 'detection' ? ['person', 'vehicle', 'package', 'other'] : [undefined];
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
  for (const mode of modes) for (const on of switchOn) for (const detection of detections) for (const scheduleTruth of scheduleWorlds) {
    const switchBlocks = on && policy.privacySwitchBlocks && (CAMERA_KINDS as readonly string[]).includes(device.kind);
    const index = policy.rules.findIndex((rule, i) => {
      // While the switch blocks a camera, only rules written for "switch on" may speak.
      if (switchBlocks && rule.when?.privacySwitch !== 'on') return false;
      if (!oracleDeviceMatches(rule, device)) return false;
      if (rule.signals && !rule.signals.includes(signal.type)) return false;
      if (rule.when?.modes && !rule.when.modes.includes(mode as never)) return false;
      if (rule.when?.privacySwitch === 'on' && !on) return false;
      if (rule.when?.privacySwitch === 'off' && on) return false;
      if (rule.when?.detectionTypes && (detection === undefined || !rule.when.detectionTypes.includes(detection))) return false;
      return scheduleTruth[i]!;
    });
    if (index >= 0) {
      const rule = policy.rules[index]!;
      const snapshot = rule.action === 'forward' ? 'original' : rule.action === 'event-only' && rule.snapshot ? [...new Set(rule.snapshot.redact.map(redactionText))].sort() : 'placeholder';
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

const IDS = ['1', '2', '3', '4', '5', '6'];
const NAMES = ['Front Door', 'Living Room', 'Garden', 'Hall Smoke', 'Back Door', 'Panel'];
const nameVariant = fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('as-is', 'upper', 'spaced')).map(([name, style]) =>
  style === 'upper' ? name.toUpperCase() : style === 'spaced' ? `  ${name.replace(' ', '   ')} ` : name,
);
const subset = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
const time = fc.integer({ min: 0, max: 47 }).map((half) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`);

const scheduleArb: fc.Arbitrary<Schedule> = fc
  .record({ days: fc.option(subset(ORACLE_DAYS), { nil: undefined }), window: fc.option(fc.tuple(time, time), { nil: undefined }) })
  .filter(({ days, window }) => (days !== undefined || window !== undefined) && (window === undefined || window[0] !== window[1]))
  .map(({ days, window }) => ({ ...(days && { days }), ...(window && { from: window[0], to: window[1] }) }) as Schedule);

const zoneArb = fc
  .record({ x: fc.integer({ min: 0, max: 3 }), y: fc.integer({ min: 0, max: 3 }), w: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 4 }) })
  .map(({ x, y, w, h }) => ({ x: x / 4, y: y / 4, w: Math.min(w, 4 - x) / 4, h: Math.min(h, 4 - y) / 4 }));
const redactionArb: fc.Arbitrary<Redaction> = fc.oneof(
  fc.record({ method: fc.constant('mask' as const), zones: fc.option(fc.array(zoneArb, { minLength: 1, maxLength: 2 }), { nil: undefined }) }),
  fc.record({ method: fc.constantFrom('pixelate' as const, 'blur' as const), zones: fc.option(fc.array(zoneArb, { minLength: 1, maxLength: 2 }), { nil: undefined }), strength: fc.constantFrom(0.02, 0.05) }),
).map((r) => JSON.parse(JSON.stringify(r)) as Redaction); // drop undefined keys

const ruleArb = (index: number): fc.Arbitrary<PolicyRule> =>
  fc
    .record(
      {
        devices: fc
          .record(
            { kinds: subset([...DEVICE_KINDS, 'camera', 'alarm', 'sensor'] as const), ids: subset(IDS), names: fc.array(nameVariant, { minLength: 1, maxLength: 2 }) },
            { requiredKeys: [] },
          )
          .filter((d) => Object.keys(d).length > 0),
        signals: subset(['motion', 'detection', 'doorbell', 'event-snapshot', 'snapshot', 'stream-start', 'alarm-state'] as const),
        when: fc.record(
          {
            modes: subset(['home', 'away', 'disarmed'] as const),
            privacySwitch: fc.constantFrom('on' as const, 'off' as const),
            schedule: scheduleArb,
            detectionTypes: subset(['person', 'vehicle', 'package', 'other'] as const),
          },
          { requiredKeys: [] },
        ),
        action: fc.constantFrom<Action>('forward', 'event-only', 'block'),
        redact: fc.array(redactionArb, { minLength: 1, maxLength: 2 }),
        withSnapshot: fc.boolean(),
      },
      { requiredKeys: ['action', 'redact', 'withSnapshot'] },
    )
    .map(({ redact, withSnapshot, ...rule }) => ({
      name: `Rule ${index}`,
      ...rule,
      ...(rule.action === 'event-only' && withSnapshot && { snapshot: { redact } }),
    }));

/** Policies straight from the generator, including rules validation would refuse (decide must cope). */
const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    defaultAction: fc.constantFrom<Action>('forward', 'event-only', 'block'),
    timeZone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'),
    privacySwitchBlocks: fc.boolean(),
    ruleCount: fc.integer({ min: 0, max: 6 }),
  })
  .chain(({ ruleCount, ...top }) => fc.tuple(...Array.from({ length: ruleCount }, (_, i) => ruleArb(i))).map((rules) => ({ ...top, rules })));

const deviceArb: fc.Arbitrary<DeviceDescriptor> = fc.record({
  id: fc.constantFrom(...IDS),
  name: nameVariant,
  kind: fc.constantFrom(...DEVICE_KINDS),
  locationId: fc.constant('loc'),
});

const signalArb: fc.Arbitrary<Signal> = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('motion' as const, 'detection' as const, 'doorbell' as const, 'event-snapshot' as const, 'snapshot' as const, 'stream-start' as const),
      detectionType: fc.constantFrom<DetectionType>('person', 'vehicle', 'package', 'other'),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constant('alarm-state' as const), lifeSafety: fc.constantFrom(true, false, 'smoke' as const, 'security-alarm' as const) }, { requiredKeys: ['type'] }),
);

/** Instants around 2026's DST changes in Europe and the US, and ordinary weeks. */
const instantArb = fc
  .tuple(
    fc.constantFrom('2026-01-05', '2026-03-07', '2026-03-28', '2026-10-24', '2026-10-31', '2026-06-15'),
    fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }),
  )
  .map(([day, minutes]) => new Date(new Date(`${day}T00:00:00Z`).getTime() + minutes * 60_000));

const tri = fc.constantFrom(true, false, undefined);
const contextArb: fc.Arbitrary<DecisionContext> = fc.record({
  mode: fc.constantFrom('home' as const, 'away' as const, 'disarmed' as const, 'unknown' as const),
  globalPrivacy: tri,
  devicePrivacy: tri,
  now: fc.option(instantArb, { nil: undefined }),
});
const knownContextArb: fc.Arbitrary<DecisionContext> = fc.record({
  mode: fc.constantFrom('home' as const, 'away' as const, 'disarmed' as const),
  globalPrivacy: fc.boolean(),
  devicePrivacy: fc.boolean(),
  now: instantArb,
});

const streamArb = fc.array(fc.tuple(signalArb, deviceArb, contextArb), { minLength: 1, maxLength: 25 });

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
      fc.tuple(fc.constant<Signal>({ type: 'alarm-state' }), deviceArb.map((d) => ({ ...d, kind: 'smoke-co-sensor' as const }))),
      fc.tuple(fc.constantFrom<Signal>({ type: 'alarm-state', lifeSafety: true }, { type: 'alarm-state', lifeSafety: 'co' }), deviceArb),
      fc.tuple(fc.constant<Signal>({ type: 'alarm-state' }), fc.constantFrom('smoke-sensor', 'co-sensor', 'flood-freeze-sensor').chain((kind) => deviceArb.map((d) => ({ ...d, kind: kind as DeviceDescriptor['kind'] })))),
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
          const kinds = rule.devices ? rule.devices.kinds ?? [] : lifeSafetyKinds;
          const expanded = kinds.flatMap((k) => (k === 'alarm' ? ALARM_KINDS : k === 'sensor' ? ORACLE_SENSORS : [k]));
          expect(expanded.filter((k) => lifeSafetyKinds.includes(k))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });
});
