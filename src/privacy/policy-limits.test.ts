/** The validator's bounds on untrusted input: sizes refused with clear messages, echoes kept short. */
import { describe, expect, it } from '@jest/globals';
import { MAX_RULES, validatePolicy } from './policy-validate.js';
import { LIMITS } from './validate-fields.js';
import { MAX_REDACTION_STEPS, MAX_ZONES } from './validate-rule.js';

const schedule = (i: number) => ({
  name: `Night ${i}`,
  devices: { kinds: ['camera'] },
  when: { schedule: { days: ['mon'], from: '22:00', to: '06:00' } },
  action: 'block',
});
const messages = (raw: unknown) => validatePolicy(raw).errors.map((e) => e.message);
const zone = { x: 0, y: 0, w: 0.1, h: 0.1 };
const maskRule = (zones: unknown[], steps = 1) => ({
  name: 'Masks',
  devices: { kinds: ['camera'] },
  action: 'event-only',
  snapshot: { redact: Array.from({ length: steps }, () => ({ method: 'mask', zones })) },
});

describe('the policy validator refuses sizes no home needs', () => {
  it(`takes ${MAX_RULES} rules, and refuses ${MAX_RULES + 1} with one clear message`, () => {
    expect(messages({ rules: Array.from({ length: MAX_RULES }, (_, i) => schedule(i)) })).toEqual([]);
    expect(messages({ rules: Array.from({ length: MAX_RULES + 1 }, (_, i) => schedule(i)) })).toEqual([
      `Privacy setting "rules": has ${MAX_RULES + 1} rules; at most ${MAX_RULES} are allowed. Combine rules that share an action (one rule can list many devices, signals and modes).`,
    ]);
  });

  it('10,000 schedule rules are refused at once, without reading them (time and memory)', () => {
    const rules = Array.from({ length: 10_000 }, (_, i) => schedule(i));
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    const { policy, errors } = validatePolicy({ rules });
    expect(Date.now() - started).toBeLessThan(200);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
    expect(policy).toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it(`takes ${MAX_ZONES} zones per step and ${MAX_REDACTION_STEPS} steps per rule, and refuses more`, () => {
    expect(
      messages({
        rules: [
          maskRule(
            Array.from({ length: MAX_ZONES }, () => zone),
            MAX_REDACTION_STEPS,
          ),
        ],
      }),
    ).toEqual([]);
    expect(messages({ rules: [maskRule(Array.from({ length: MAX_ZONES + 1 }, () => zone))] }).join()).toContain(
      `"snapshot.redact[0].zones": has ${MAX_ZONES + 1} zones; at most ${MAX_ZONES} are allowed per step.`,
    );
    expect(messages({ rules: [maskRule([zone], MAX_REDACTION_STEPS + 1)] }).join()).toContain(
      `"snapshot.redact": has ${MAX_REDACTION_STEPS + 1} steps; at most ${MAX_REDACTION_STEPS} are allowed`,
    );
  });

  it('refuses long rule names, device names and ids, and long device lists', () => {
    const long = 'n'.repeat(LIMITS.textLength + 1);
    expect(messages({ rules: [{ name: long, action: 'forward' }] })).toEqual([
      `Rule 1, "name": is ${LIMITS.textLength + 1} characters long; a rule name can have at most ${LIMITS.textLength}.`,
    ]);
    expect(messages({ rules: [{ name: 'R', action: 'forward', devices: { names: [long] } }] }).join()).toContain(
      `"devices.names[0]": is ${LIMITS.textLength + 1} characters long`,
    );
    expect(messages({ rules: [{ name: 'R', action: 'forward', devices: { ids: [long] } }] }).join()).toContain('"devices.ids[0]": is');
    const many = Array.from({ length: LIMITS.listEntries + 1 }, (_, i) => String(i));
    expect(messages({ rules: [{ name: 'R', action: 'forward', devices: { ids: many } }] })).toEqual([
      `Rule 1 ("R"), "devices.ids": has ${LIMITS.listEntries + 1} entries; at most ${LIMITS.listEntries} are allowed.`,
    ]);
  });
});

describe('messages stay short, whatever the input', () => {
  it('names a few unknown keys, cut short and escaped, and counts the rest; values are never shown', () => {
    const privacy: Record<string, unknown> = { rules: [] };
    for (let i = 0; i < 5_000; i++) privacy[`stray${i}`] = `secret-${i}`;
    const found = messages(privacy);
    expect(found).toHaveLength(LIMITS.unknownKeysNamed + 1);
    expect(found[0]).toBe('Privacy setting "stray0": "stray0" is not a setting here; allowed are "defaultAction", "timeZone", "privacySwitchBlocks", "rules", "audit".');
    expect(found[LIMITS.unknownKeysNamed]).toMatch(/^Privacy setting "privacy": has 4997 more unknown settings; allowed are/);
    expect(found.join()).not.toContain('secret');
    const odd = messages({ ['k'.repeat(10_000)]: 1, 'line\nbreak': 2 });
    expect(odd.every((m) => m.length < 300 && !m.includes('\n'))).toBe(true);
  });

  it('quotes long or odd text cut short, with control characters escaped', () => {
    const [tooLong] = messages({ defaultAction: 'x'.repeat(100_000) });
    expect(tooLong!.length).toBeLessThan(200);
    const [newline] = messages({ rules: [{ name: 'Evil\nRule 2 is fine', action: 'nope' }] });
    expect(newline).toBe('Rule 1 ("Evil\\nRule 2 is fine"), "action": "nope" is not allowed; use one of "forward", "event-only", "block".');
    expect(messages({ timeZone: 'Z'.repeat(1_000_000) })[0]!.length).toBeLessThan(300);
  });

  it('lists at most the first problems, and says how many more there are', () => {
    const broken = Array.from({ length: MAX_RULES }, () => ({ name: 'R', action: 'nope', signals: ['nope'] }));
    const found = messages({ rules: broken });
    expect(found).toHaveLength(LIMITS.errors + 1);
    expect(found[LIMITS.errors]).toBe(`Privacy settings: ${2 * MAX_RULES - LIMITS.errors} more problems not listed; fix these first.`);
  });
});
