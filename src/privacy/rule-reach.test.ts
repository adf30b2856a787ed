import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compilePolicy } from './compile-policy.js';
import { decide } from './decide.js';
import type { Policy, PolicyRule } from './policy-types.js';
import { ruleWarnings } from './rule-reach.js';
import type { Device } from './types.js';
import { deviceArb, knownContextArb, policyArb, signalArb, subset } from '../../test/support/privacy-arbitraries.js';

const LIVING_ROOM: Device = { id: '10', name: 'Living Room', kind: 'indoor-camera', locationId: 'l' };
const DRIVEWAY: Device = { id: '11', name: 'Driveway', kind: 'floodlight-camera', locationId: 'l' };
const DOOR: Device = { id: '12', name: 'Front Door Contact', kind: 'contact-sensor', locationId: 'l' };
const HOME = [LIVING_ROOM, DRIVEWAY, DOOR];

const policy = (rules: PolicyRule[], privacySwitchBlocks = true): Policy => ({ defaultAction: 'forward', timeZone: 'UTC', privacySwitchBlocks, rules });
const mask: PolicyRule = {
  name: 'Mask the sofa',
  devices: { ids: ['10'] },
  signals: ['snapshot', 'event-snapshot'],
  action: 'event-only',
  snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }] },
};
const warned = (p: Policy, devices: readonly Device[] = HOME) => ruleWarnings(p, devices).map((w) => [w.ruleIndex, w.message]);

describe('ruleWarnings', () => {
  it.each([
    [
      'a quick "no snapshots" first: the mask after it never applies',
      [{ name: 'Living Room: no snapshots', devices: { ids: ['10'] }, signals: ['snapshot', 'event-snapshot'], action: 'event-only' }, mask],
      [[1, 'Rule 2 ("Mask the sofa") never applies: rule 1 ("Living Room: no snapshots") comes first and decides every case it covers. Move it above to make it count.']],
    ],
    [
      '"private while home" first: the mask still applies when away',
      [{ name: 'Private while home', devices: { ids: ['10'] }, when: { modes: ['home', 'disarmed'] }, action: 'block' }, mask],
      [],
    ],
    [
      'two earlier rules that together cover every mode',
      [
        { name: 'Home', devices: { kinds: ['camera'] }, when: { modes: ['home'] }, action: 'block' },
        { name: 'Not home', devices: { ids: ['10'] }, when: { modes: ['away', 'disarmed'] }, action: 'forward' },
        mask,
      ],
      [
        [
          2,
          'Rule 3 ("Mask the sofa") never applies: rule 1 ("Home") and rule 2 ("Not home") come first and decide every case it covers. Move it above to make it count.',
        ],
      ],
    ],
    [
      'a device id this home does not have',
      [{ name: 'Gone', devices: { ids: ['999'] }, action: 'block' }],
      [[0, 'Rule 1 ("Gone") names no device of this home, so it never applies. No device here has the id "999".']],
    ],
    [
      'a name this home does not have',
      [{ name: 'Typo', devices: { names: ['Livng Room'] }, action: 'block' }],
      [[0, 'Rule 1 ("Typo") names no device of this home, so it never applies.']],
    ],
    [
      'an earlier schedule that contains the later one',
      [
        { name: 'Nights', devices: { ids: ['10'] }, when: { schedule: { from: '20:00', to: '08:00' } }, action: 'block' },
        { ...mask, when: { schedule: { from: '22:00', to: '06:00' } } },
      ],
      [[1, expect.stringContaining('rule 1 ("Nights") comes first')]],
    ],
    [
      'an earlier schedule, a later rule at all hours',
      [{ name: 'Nights', devices: { ids: ['10'] }, when: { schedule: { from: '20:00', to: '08:00' } }, action: 'block' }, mask],
      [],
    ],
    [
      'an earlier rule on person detections, a later one on every detection',
      [
        { name: 'People', when: { detectionTypes: ['person'] }, action: 'block' },
        { name: 'Detections', signals: ['detection'], action: 'event-only' },
      ],
      [],
    ],
    [
      'an earlier rule on every detection, a later one on people',
      [
        { name: 'Detections', signals: ['detection'], action: 'event-only' },
        { name: 'People', signals: ['detection'], when: { detectionTypes: ['person'] }, action: 'block' },
      ],
      [[1, expect.stringContaining('rule 1 ("Detections")')]],
    ],
  ] as [string, PolicyRule[], unknown[]][])('%s', (_label, rules, expected) => {
    expect(warned(policy(rules))).toEqual(expected);
  });

  it("a rule for a camera's Privacy switch being on is still consulted when the switch blocks cameras", () => {
    const rules: PolicyRule[] = [
      { name: 'Everything', devices: { ids: ['10'] }, action: 'forward' },
      { name: 'Switch on: events only', devices: { ids: ['10'] }, when: { privacySwitch: 'on' }, action: 'event-only' },
    ];
    expect(warned(policy(rules, true))).toEqual([]);
    // Without the switch blocking, "Everything" decides first whatever the switch says.
    expect(warned(policy(rules, false))).toEqual([[1, expect.stringContaining('never applies')]]);
  });

  it('says nothing without known devices', () => {
    expect(ruleWarnings(policy([{ name: 'Gone', devices: { ids: ['999'] }, action: 'block' }]), [])).toEqual([]);
  });

  it('property: a rule reported as never applying is never the one decide() picks', () => {
    // Each policy gets a narrowed copy of one of its rules appended, so dead rules are common.
    const narrowedCopy = (p: Policy): fc.Arbitrary<Policy> =>
      p.rules.length === 0
        ? fc.constant(p)
        : fc
            .record({
              index: fc.nat(p.rules.length - 1),
              signals: subset(['motion', 'detection', 'doorbell', 'event-snapshot', 'snapshot', 'stream-start', 'alarm-state'] as const),
              modes: subset(['home', 'away', 'disarmed'] as const),
            })
            .map(({ index, signals, modes }) => {
              const source = p.rules[index]!;
              const keptSignals = source.signals ? signals.filter((s) => source.signals!.includes(s)) : signals;
              const keptModes = source.when?.modes ? modes.filter((m) => source.when!.modes!.includes(m)) : modes;
              const copy: PolicyRule = {
                ...source,
                name: 'Narrowed copy',
                ...(keptSignals.length > 0 && { signals: keptSignals }),
                when: { ...source.when, ...(keptModes.length > 0 && { modes: keptModes }) },
              };
              return { ...p, rules: [...p.rules, copy] };
            });
    const home = fc.uniqueArray(deviceArb, { minLength: 1, maxLength: 4, selector: (d) => d.id });
    const situations = fc.array(fc.tuple(signalArb, fc.nat(3), knownContextArb), { minLength: 1, maxLength: 60 });
    let reported = 0;
    fc.assert(
      fc.property(policyArb.chain(narrowedCopy), home, situations, (p, devices, cases) => {
        const dead = new Set(ruleWarnings(p, devices).map((w) => w.ruleIndex));
        reported += dead.size;
        const compiled = compilePolicy(p);
        for (const [signal, which, context] of cases) {
          const decision = decide(signal, devices[which % devices.length]!, context, compiled);
          if (decision.ruleIndex !== undefined && dead.has(decision.ruleIndex)) return false;
        }
        return true;
      }),
      { seed: 2612, numRuns: 400 },
    );
    expect(reported).toBeGreaterThan(50); // the property was not vacuous
  });
});
