/**
 * fast-check generators for the privacy layer's plain data: policies (including rules validation
 * would refuse), devices, signals and decision contexts around daylight-saving changes. Shared by
 * the property tests of decide() and the model-based test of the gate and accessories.
 */
import fc from 'fast-check';
import { DEVICE_KINDS } from '../../src/config/device-kinds.js';
import type { Policy, PolicyRule, Schedule } from '../../src/privacy/policy-types.js';
import type { Action, DecisionContext, Device, Redaction, SeenDetection, Signal } from '../../src/privacy/types.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const IDS = ['1', '2', '3', '4', '5', '6'];
export const NAMES = ['Front Door', 'Living Room', 'Garden', 'Hall Smoke', 'Back Door', 'Panel'];
export const nameVariant = fc
  .tuple(fc.constantFrom(...NAMES), fc.constantFrom('as-is', 'upper', 'spaced'))
  .map(([name, style]) => (style === 'upper' ? name.toUpperCase() : style === 'spaced' ? `  ${name.replace(' ', '   ')} ` : name));
export const subset = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
export const time = fc.integer({ min: 0, max: 47 }).map((half) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`);

export const scheduleArb: fc.Arbitrary<Schedule> = fc
  .record({ days: fc.option(subset(WEEKDAYS), { nil: undefined }), window: fc.option(fc.tuple(time, time), { nil: undefined }) })
  .filter(({ days, window }) => (days !== undefined || window !== undefined) && (window === undefined || window[0] !== window[1]))
  .map(({ days, window }) => ({ ...(days && { days }), ...(window && { from: window[0], to: window[1] }) }) as Schedule);

export const zoneArb = fc
  .record({ x: fc.integer({ min: 0, max: 3 }), y: fc.integer({ min: 0, max: 3 }), w: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 4 }) })
  .map(({ x, y, w, h }) => ({ x: x / 4, y: y / 4, w: Math.min(w, 4 - x) / 4, h: Math.min(h, 4 - y) / 4 }));
export const redactionArb: fc.Arbitrary<Redaction> = fc
  .oneof(
    fc.record({ method: fc.constant('mask' as const), zones: fc.option(fc.array(zoneArb, { minLength: 1, maxLength: 2 }), { nil: undefined }) }),
    fc.record({
      method: fc.constantFrom('pixelate' as const, 'blur' as const),
      zones: fc.option(fc.array(zoneArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      strength: fc.constantFrom(0.02, 0.05),
    }),
  )
  .map((r) => JSON.parse(JSON.stringify(r)) as Redaction); // drop undefined keys

export const ruleArb = (index: number): fc.Arbitrary<PolicyRule> =>
  fc
    .record(
      {
        devices: fc
          .record(
            { kinds: subset([...DEVICE_KINDS, 'camera', 'alarm', 'sensor'] as const), ids: subset(IDS), names: fc.array(nameVariant, { minLength: 1, maxLength: 2 }) },
            { requiredKeys: [] },
          )
          .filter((d) => Object.keys(d).length > 0),
        signals: subset([
          'motion',
          'detection',
          'doorbell',
          'event-snapshot',
          'snapshot',
          'stream-start',
          'alarm-state',
          'lock-state',
          'light-state',
          'switch-state',
          'mode-change',
        ] as const),
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
export const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    defaultAction: fc.constantFrom<Action>('forward', 'event-only', 'block'),
    timeZone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'),
    privacySwitchBlocks: fc.boolean(),
    ruleCount: fc.integer({ min: 0, max: 6 }),
  })
  .chain(({ ruleCount, ...top }) => fc.tuple(...Array.from({ length: ruleCount }, (_, i) => ruleArb(i))).map((rules) => ({ ...top, rules })));

export const deviceArb: fc.Arbitrary<Device> = fc.record({
  id: fc.constantFrom(...IDS),
  name: nameVariant,
  kind: fc.constantFrom(...DEVICE_KINDS),
  locationId: fc.constant('loc'),
});

export const signalArb: fc.Arbitrary<Signal> = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('motion' as const, 'detection' as const, 'doorbell' as const, 'event-snapshot' as const, 'snapshot' as const, 'stream-start' as const),
      detectionType: fc.constantFrom<SeenDetection>('person', 'vehicle', 'package', 'other', 'unknown'),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('alarm-state' as const, 'lock-state' as const, 'light-state' as const, 'switch-state' as const, 'mode-change' as const),
      lifeSafety: fc.constantFrom(true, false, 'smoke' as const, 'security-alarm' as const),
    },
    { requiredKeys: ['type'] },
  ),
);

/** Instants around 2026's DST changes in Europe and the US, and ordinary weeks. */
export const instantArb = fc
  .tuple(fc.constantFrom('2026-01-05', '2026-03-07', '2026-03-28', '2026-10-24', '2026-10-31', '2026-06-15'), fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }))
  .map(([day, minutes]) => new Date(new Date(`${day}T00:00:00Z`).getTime() + minutes * 60_000));

export const tri = fc.constantFrom(true, false, undefined);
export const contextArb: fc.Arbitrary<DecisionContext> = fc.record({
  mode: fc.constantFrom('home' as const, 'away' as const, 'disarmed' as const, 'unknown' as const),
  globalPrivacy: tri,
  devicePrivacy: tri,
  now: fc.option(instantArb, { nil: undefined }),
});
export const knownContextArb: fc.Arbitrary<DecisionContext> = fc.record({
  mode: fc.constantFrom('home' as const, 'away' as const, 'disarmed' as const),
  globalPrivacy: fc.boolean(),
  devicePrivacy: fc.boolean(),
  now: instantArb,
});

export const streamArb = fc.array(fc.tuple(signalArb, deviceArb, contextArb), { minLength: 1, maxLength: 25 });
