import { describe, expect, it } from '@jest/globals';
import { compilePolicy, type CompiledPolicy } from './compile-policy.js';
import { decide, NO_POLICY_DECISION } from './decide.js';
import { allowsLiveStream, forwardsEvent } from './decision-order.js';
import type { Policy } from './policy-types.js';
import { validatePolicy } from './policy-validate.js';
import type { Action, DecisionContext, DetectionType, Device, Signal } from './types.js';

const device = (id: string, name: string, kind: Device['kind']): Device => ({ id, name, kind, locationId: 'loc' });
const livingRoom = device('1', 'Living Room', 'indoor-camera');
const frontDoor = device('2', 'Front Door', 'doorbell');
const hallSmoke = device('3', 'Hall Smoke', 'smoke-co-sensor');
const backDoor = device('4', 'Back Door', 'contact-sensor');
const panel = device('5', 'Alarm', 'security-panel');

const motion: Signal = { type: 'motion' };
const snapshot: Signal = { type: 'snapshot' };
const alarmState: Signal = { type: 'alarm-state' };
const person: Signal = { type: 'detection', detectionType: 'person' };

/** Monday 2026-01-05 23:00 in Berlin. */
const MONDAY_NIGHT = new Date('2026-01-05T22:00:00Z');
/** Monday 2026-01-05 12:00 in Berlin. */
const MONDAY_NOON = new Date('2026-01-05T11:00:00Z');

const ctx = (overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  mode: 'home',
  globalPrivacy: false,
  devicePrivacy: false,
  now: MONDAY_NOON,
  ...overrides,
});

function compiled(raw: unknown): CompiledPolicy {
  const { policy, errors } = validatePolicy(raw);
  expect(errors).toEqual([]);
  return compilePolicy(policy!);
}

describe('decide: rules', () => {
  const policy = compiled({
    timeZone: 'Europe/Berlin',
    rules: [
      { name: 'Indoor private at home', devices: { kinds: ['indoor-camera'] }, when: { modes: ['home'] }, action: 'block' },
      {
        name: 'Redact indoor when away',
        devices: { names: ['living room'] },
        signals: ['snapshot', 'event-snapshot', 'motion', 'stream-start'],
        action: 'event-only',
        snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 1 }] }] },
      },
      { name: 'Doorbell quiet at night', devices: { ids: ['2'] }, when: { schedule: { from: '22:00', to: '06:00' } }, action: 'event-only' },
    ],
  });

  it('the first matching rule wins', () => {
    const home = decide(motion, livingRoom, ctx({ mode: 'home' }), policy);
    expect(home).toMatchObject({ action: 'block', basis: 'rule', ruleIndex: 0, ruleName: 'Indoor private at home', failedClosed: false });
    expect(home.snapshot).toEqual({ kind: 'placeholder' });
    const away = decide(motion, livingRoom, ctx({ mode: 'away' }), policy);
    expect(away).toMatchObject({ action: 'event-only', ruleIndex: 1 });
    expect(away.snapshot).toEqual({ kind: 'redacted', redactions: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 1 }] }] });
  });

  it('signals outside a rule fall through to the default', () => {
    expect(decide(person, livingRoom, ctx({ mode: 'away' }), policy)).toMatchObject({ action: 'forward', basis: 'default' });
  });

  it('an event-only rule without a snapshot setting shows the placeholder', () => {
    const night = decide(snapshot, frontDoor, ctx({ now: MONDAY_NIGHT }), policy);
    expect(night).toMatchObject({ action: 'event-only', ruleIndex: 2, snapshot: { kind: 'placeholder' } });
    expect(decide(snapshot, frontDoor, ctx({ now: MONDAY_NOON }), policy)).toMatchObject({ action: 'forward', snapshot: { kind: 'original' } });
  });

  it('matches names case- and space-insensitively and notices a renamed device', () => {
    const renamed = { ...livingRoom, name: '  LIVING   room ' };
    expect(decide(motion, renamed, ctx({ mode: 'away' }), policy).ruleIndex).toBe(1);
    const other = { ...livingRoom, name: 'Study', kind: 'outdoor-camera' as const };
    expect(decide(motion, other, ctx({ mode: 'away' }), policy).basis).toBe('default');
    expect(decide(motion, livingRoom, ctx({ mode: 'away' }), policy).ruleIndex).toBe(1);
  });

  it('returns frozen decisions (they are shared between calls)', () => {
    const decision = decide(motion, livingRoom, ctx(), policy);
    expect(Object.isFrozen(decision)).toBe(true);
    expect(Object.isFrozen(decision.snapshot)).toBe(true);
    expect(decide(motion, livingRoom, ctx(), policy)).toBe(decision);
  });

  it('selects devices by group', () => {
    const byGroup = compiled({ rules: [{ name: 'Cameras', devices: { kinds: ['camera'] }, action: 'block' }] });
    expect(decide(motion, frontDoor, ctx(), byGroup).action).toBe('block');
    expect(decide(motion, livingRoom, ctx(), byGroup).action).toBe('block');
    expect(decide(alarmState, backDoor, ctx(), byGroup).action).toBe('forward');
  });
});

describe('decide: the privacy switch', () => {
  const switchOn = ctx({ devicePrivacy: true });
  const globalOn = ctx({ globalPrivacy: true });

  it('blocks a camera whose switch (or the global switch) is on, by default', () => {
    const policy = compiled({});
    expect(decide(motion, livingRoom, switchOn, policy)).toMatchObject({ action: 'block', basis: 'privacy-switch' });
    expect(decide(snapshot, frontDoor, globalOn, policy)).toMatchObject({ action: 'block', snapshot: { kind: 'placeholder' } });
    expect(decide(motion, livingRoom, ctx(), policy)).toMatchObject({ action: 'forward', basis: 'default' });
  });

  it('does not block alarm sensors, which have no camera to hide', () => {
    expect(decide(alarmState, backDoor, globalOn, compiled({})).action).toBe('forward');
  });

  it('can be switched off, or refined by a rule', () => {
    expect(decide(motion, livingRoom, switchOn, compiled({ privacySwitchBlocks: false })).action).toBe('forward');
    const refined = compiled({
      rules: [{ name: 'Doorbell still rings', devices: { kinds: ['doorbell'] }, signals: ['doorbell'], when: { privacySwitch: 'on' }, action: 'forward' }],
    });
    expect(decide({ type: 'doorbell' }, frontDoor, switchOn, refined)).toMatchObject({ action: 'forward', ruleIndex: 0 });
    expect(decide(motion, frontDoor, switchOn, refined)).toMatchObject({ action: 'block', basis: 'privacy-switch' });
  });

  it('is not undone by rules that never mention it', () => {
    const general = compiled({
      rules: [
        { name: 'Packages always', devices: { kinds: ['doorbell'] }, signals: ['detection'], action: 'forward' },
        { name: 'Doorbell rings with the switch on', devices: { kinds: ['doorbell'] }, signals: ['doorbell'], when: { privacySwitch: 'on' }, action: 'forward' },
      ],
    });
    const packageSeen: Signal = { type: 'detection', detectionType: 'package' };
    expect(decide(packageSeen, frontDoor, ctx(), general)).toMatchObject({ action: 'forward', ruleIndex: 0 });
    expect(decide(packageSeen, frontDoor, switchOn, general)).toMatchObject({ action: 'block', basis: 'privacy-switch' });
    expect(decide({ type: 'doorbell' }, frontDoor, switchOn, general)).toMatchObject({ action: 'forward', ruleIndex: 1 });
    // Without privacySwitchBlocks the switch is only a condition rules may test.
    const plain = compiled({ privacySwitchBlocks: false, rules: [{ name: 'All', devices: { kinds: ['camera'] }, action: 'event-only' }] });
    expect(decide(motion, frontDoor, switchOn, plain)).toMatchObject({ action: 'event-only', ruleIndex: 0 });
  });
});

describe('decide: life safety always forwards', () => {
  // Validation refuses these rules; decide must hold the line on its own anyway.
  const hostile: Policy = {
    defaultAction: 'block',
    timeZone: 'UTC',
    privacySwitchBlocks: true,
    rules: [{ name: 'Block everything', action: 'block' }],
  };
  const policy = compilePolicy(hostile);

  it.each([
    ['a smoke sensor alarm', hallSmoke, alarmState],
    ['a flagged panel alarm', panel, { type: 'alarm-state', lifeSafety: 'security-alarm' } as Signal],
    ['a flag set to true', backDoor, { type: 'alarm-state', lifeSafety: true } as Signal],
  ])('%s', (_label, dev, signal) => {
    for (const context of [ctx(), ctx({ mode: 'unknown', now: undefined, devicePrivacy: undefined, globalPrivacy: true })]) {
      for (const p of [policy, undefined]) {
        expect(decide(signal, dev, context, p)).toMatchObject({ action: 'forward', basis: 'life-safety', snapshot: { kind: 'original' } });
      }
    }
  });

  it('other alarm states follow the policy', () => {
    expect(decide(alarmState, backDoor, ctx(), policy).action).toBe('block');
    expect(decide({ type: 'alarm-state', lifeSafety: false }, panel, ctx(), policy).action).toBe('block');
    expect(decide(motion, hallSmoke, ctx(), policy).action).toBe('block');
  });
});

describe('decide: state changes that say who is home have kinds of their own', () => {
  const frontLock = device('6', 'Front Lock', 'lock');
  const policy = compiled({
    rules: [
      { name: 'Locking private', signals: ['lock-state'], action: 'block' },
      { name: 'Lights private', signals: ['light-state', 'switch-state'], action: 'block' },
      { name: 'Lock and door private at home', devices: { kinds: ['lock', 'contact-sensor'] }, signals: ['alarm-state'], when: { modes: ['home'] }, action: 'block' },
    ],
  });

  // Which rule decides, per signal kind and mode: `alarm-state` in a rule covers every state kind.
  it.each<[Signal['type'], 'home' | 'away', Action, number | undefined]>([
    ['lock-state', 'away', 'block', 0],
    ['lock-state', 'home', 'block', 0],
    ['light-state', 'away', 'block', 1],
    ['switch-state', 'away', 'block', 1],
    ['mode-change', 'away', 'forward', undefined],
    ['mode-change', 'home', 'block', 2],
    ['alarm-state', 'away', 'forward', undefined],
    ['alarm-state', 'home', 'block', 2],
  ])('%s in %s: %s (rule %s)', (type, mode, action, ruleIndex) => {
    const decision = decide({ type, lifeSafety: false } as Signal, frontLock, ctx({ mode }), policy);
    expect(decision.action).toBe(action);
    expect(decision.ruleIndex).toBe(ruleIndex);
  });

  it('a narrower kind never stands for alarm-state: a lock-state rule leaves a contact sensor alone', () => {
    expect(decide(alarmState, backDoor, ctx({ mode: 'away' }), policy).action).toBe('forward');
  });

  it('a life-safety change is forwarded whatever kind it came as', () => {
    for (const type of ['lock-state', 'mode-change', 'light-state'] as const) {
      expect(decide({ type, lifeSafety: 'security-alarm' }, panel, ctx(), policy)).toMatchObject({ action: 'forward', basis: 'life-safety' });
    }
  });
});

describe('decide: garbage from untyped callers fails closed', () => {
  it('blocks a signal type it does not know', () => {
    const decision = decide({ type: 'teleport' } as unknown as Signal, livingRoom, ctx(), compiled({}));
    expect(decision).toMatchObject({ action: 'block', failedClosed: true });
  });
});

describe('decide: no valid policy', () => {
  it('blocks everything but life safety', () => {
    expect(decide(motion, livingRoom, ctx(), undefined)).toBe(NO_POLICY_DECISION);
    expect(NO_POLICY_DECISION).toMatchObject({ action: 'block', failedClosed: true, basis: 'no-policy', snapshot: { kind: 'placeholder' } });
    expect(decide(alarmState, backDoor, ctx(), undefined).action).toBe('block');
  });
});

describe('decide: fail closed on unknown inputs', () => {
  const homeBlock = compiled({ rules: [{ name: 'Home', devices: { kinds: ['camera'] }, when: { modes: ['home'] }, action: 'block' }] });

  it('an unknown mode takes the strictest outcome a mode could give', () => {
    const decision = decide(motion, livingRoom, ctx({ mode: 'unknown' }), homeBlock);
    expect(decision).toMatchObject({ action: 'block', ruleIndex: 0, failedClosed: true });
    expect(decision.reason).toContain('mode unknown');
  });

  it('does not claim to fail closed when every possibility agrees', () => {
    const allModes = compiled({ rules: [{ name: 'All', devices: { kinds: ['camera'] }, when: { modes: ['home', 'away', 'disarmed'] }, action: 'block' }] });
    expect(decide(motion, livingRoom, ctx({ mode: 'unknown' }), allModes)).toMatchObject({ action: 'block', failedClosed: false });
    expect(decide(motion, livingRoom, ctx({ now: undefined }), compiled({}))).toMatchObject({ action: 'forward', failedClosed: false });
  });

  it('enumerates the real possibilities instead of over-blocking (rules covering every mode between them)', () => {
    const split = compiled({
      defaultAction: 'block',
      rules: [
        { name: 'Home', devices: { kinds: ['camera'] }, when: { modes: ['home'] }, action: 'forward' },
        { name: 'Rest', devices: { kinds: ['camera'] }, when: { modes: ['away', 'disarmed'] }, action: 'forward' },
      ],
    });
    expect(decide(motion, livingRoom, ctx({ mode: 'unknown' }), split)).toMatchObject({ action: 'forward', failedClosed: false });
  });

  it('an unknown clock treats every schedule as possibly on', () => {
    const night = compiled({ rules: [{ name: 'Night', devices: { kinds: ['camera'] }, when: { schedule: { from: '22:00', to: '06:00' } }, action: 'event-only' }] });
    expect(decide(motion, livingRoom, ctx({ now: MONDAY_NOON }), night).action).toBe('forward');
    expect(decide(motion, livingRoom, ctx({ now: undefined }), night)).toMatchObject({ action: 'event-only', failedClosed: true });
    expect(decide(motion, livingRoom, ctx({ now: new Date(Number.NaN) }), night).failedClosed).toBe(true);
  });

  it('an unknown switch blocks a camera when the switch would', () => {
    const policy = compiled({});
    expect(decide(motion, livingRoom, ctx({ devicePrivacy: undefined }), policy)).toMatchObject({ action: 'block', basis: 'privacy-switch', failedClosed: true });
    // Known-on wins over unknown: either switch on means on.
    expect(decide(motion, livingRoom, ctx({ devicePrivacy: undefined, globalPrivacy: true }), policy).failedClosed).toBe(false);
    expect(decide(alarmState, backDoor, ctx({ devicePrivacy: undefined }), policy)).toMatchObject({ action: 'forward', failedClosed: false });
  });

  it('a detection without a type counts as every type', () => {
    const people = compiled({ rules: [{ name: 'People', devices: { kinds: ['camera'] }, when: { detectionTypes: ['person'] }, action: 'block' }] });
    expect(decide({ type: 'detection' }, frontDoor, ctx(), people)).toMatchObject({ action: 'block', failedClosed: true });
    expect(decide({ type: 'detection', detectionType: 'vehicle' }, frontDoor, ctx(), people).action).toBe('forward');
    // Motion without a type is not a detection, so the rule simply does not apply.
    expect(decide(motion, frontDoor, ctx(), people)).toMatchObject({ action: 'forward', failedClosed: false });
  });

  it('joins the redactions of equally strict possibilities', () => {
    const twoMasks = compiled({
      rules: [
        {
          name: 'Home mask',
          devices: { kinds: ['camera'] },
          when: { modes: ['home'] },
          action: 'event-only',
          snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }] },
        },
        { name: 'Away blur', devices: { kinds: ['camera'] }, when: { modes: ['away'] }, action: 'event-only', snapshot: { redact: [{ method: 'blur' }] } },
      ],
    });
    const decision = decide(snapshot, livingRoom, ctx({ mode: 'unknown' }), twoMasks);
    expect(decision).toMatchObject({ action: 'event-only', ruleIndex: 0, failedClosed: true });
    expect(decision.snapshot).toEqual({
      kind: 'redacted',
      redactions: [
        { method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] },
        { method: 'blur', strength: 0.03 },
      ],
    });
  });
});

/**
 * The truth table: one rule "modes home/away, switch off, Sat+Mon 22:00–06:00 (Berlin), person" with each
 * action, the default forwarding. Rows cover every combination, including unknowns, schedules across
 * midnight and daylight-saving nights.
 */
describe('decide: truth table mode × switch × schedule × detection × action', () => {
  const times = {
    // [instant, in the window?]; undefined = clock unknown
    'Mon 23:00 (in)': [new Date('2026-01-05T22:00:00Z'), true],
    'Tue 05:59 after midnight (in)': [new Date('2026-01-06T04:59:00Z'), true],
    'Tue 06:00 (out)': [new Date('2026-01-06T05:00:00Z'), false],
    'Mon 21:59 (out)': [new Date('2026-01-05T20:59:00Z'), false],
    'Tue 22:30, day not listed (out)': [new Date('2026-01-06T21:30:00Z'), false],
    'Sun 2026-03-29 01:59 CET before DST starts (in)': [new Date('2026-03-29T00:59:00Z'), true],
    'Sun 2026-03-29 03:00 CEST just after the gap (in)': [new Date('2026-03-29T01:00:00Z'), true],
    'Sun 2026-03-29 05:59 CEST (in)': [new Date('2026-03-29T03:59:00Z'), true],
    'Sun 2026-03-29 06:00 CEST (out)': [new Date('2026-03-29T04:00:00Z'), false],
    'Sun 2026-10-25 02:30 CEST, first pass (in)': [new Date('2026-10-25T00:30:00Z'), true],
    'Sun 2026-10-25 02:30 CET, second pass (in)': [new Date('2026-10-25T01:30:00Z'), true],
    'Sun 2026-10-25 05:59 CET (in)': [new Date('2026-10-25T04:59:00Z'), true],
    'Sun 2026-10-25 06:00 CET (out)': [new Date('2026-10-25T05:00:00Z'), false],
    'clock unknown': [undefined, undefined],
  } as const;
  const modes = { home: true, away: true, disarmed: false, unknown: undefined } as const;
  const switches = { off: [false, true], on: [true, false], unknown: [undefined, undefined] } as const;
  const detections: Record<string, [DetectionType | undefined, boolean | undefined]> = {
    person: ['person', true],
    vehicle: ['vehicle', false],
    'no type': [undefined, undefined],
  };
  const actions: Action[] = ['block', 'event-only', 'forward'];

  const rows: [string, string, string, string, Action][] = [];
  for (const t of Object.keys(times))
    for (const m of Object.keys(modes))
      for (const s of Object.keys(switches)) for (const d of Object.keys(detections)) for (const a of actions) rows.push([t, m, s, d, a]);

  const policies = Object.fromEntries(
    actions.map((action) => [
      action,
      compiled({
        timeZone: 'Europe/Berlin',
        privacySwitchBlocks: false,
        rules: [
          {
            name: 'Row rule',
            when: { modes: ['home', 'away'], privacySwitch: 'off', schedule: { days: ['sat', 'mon'], from: '22:00', to: '06:00' }, detectionTypes: ['person'] },
            action,
          },
        ],
      }),
    ]),
  );

  it.each(rows)('%s, mode %s, switch %s, detection %s, action %s', (t, m, s, d, action) => {
    const [now, inWindow] = times[t as keyof typeof times];
    const modeMatches = modes[m as keyof typeof modes];
    const [devicePrivacy, switchMatches] = switches[s as keyof typeof switches];
    const [detectionType, detectionMatches] = detections[d]!;
    const conditions = [inWindow, modeMatches, switchMatches, detectionMatches];
    // Three-valued AND: false if any is false; true if all true; otherwise unknown.
    const matches = conditions.includes(false) ? false : conditions.every((c) => c === true) ? true : undefined;

    const decision = decide(
      detectionType ? { type: 'detection', detectionType } : { type: 'detection' },
      livingRoom,
      { mode: m as DecisionContext['mode'], globalPrivacy: false, devicePrivacy, now },
      policies[action]!,
    );
    const expected = matches === false ? 'forward' : action;
    expect(decision.action).toBe(expected);
    expect(decision.failedClosed).toBe(matches === undefined && action !== 'forward');
    expect(forwardsEvent(decision)).toBe(expected !== 'block');
    expect(allowsLiveStream(decision)).toBe(expected === 'forward');
    expect(decision.snapshot.kind).toBe(expected === 'forward' ? 'original' : 'placeholder');
  });
});
