/**
 * Random `privacy` blocks, near valid and far from it: the validator never throws, returns either a
 * policy or errors (never both, never neither), every error is one short line, and large inputs
 * are refused cheaply.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ruleArb } from '../../test/support/privacy-arbitraries.js';
import { MAX_RULES, validatePolicy } from './policy-validate.js';
import { LIMITS } from './validate-fields.js';

/** A rule with some of its parts replaced by anything at all. */
const mangledRule = fc
  .tuple(ruleArb(0), fc.dictionary(fc.constantFrom('name', 'devices', 'signals', 'when', 'action', 'snapshot', 'extra'), fc.anything({ maxDepth: 3 }), { maxKeys: 3 }))
  .map(([rule, damage]) => ({ ...rule, ...damage }));

const privacyBlock = fc.record(
  {
    defaultAction: fc.oneof(fc.constantFrom('forward', 'event-only', 'block'), fc.anything({ maxDepth: 1 })),
    timeZone: fc.oneof(fc.constantFrom('Europe/Berlin', 'UTC', 'Mars/Base'), fc.string({ maxLength: 200 })),
    privacySwitchBlocks: fc.oneof(fc.boolean(), fc.anything({ maxDepth: 1 })),
    rules: fc.oneof(fc.array(fc.oneof(ruleArb(0), mangledRule, fc.anything({ maxDepth: 2 })), { maxLength: 8 }), fc.anything({ maxDepth: 2 })),
    audit: fc.anything({ maxDepth: 2 }),
    stray: fc.anything({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

describe('validatePolicy on random blocks', () => {
  it('never throws: a policy and no errors, or errors and no policy; errors are short single lines', () => {
    fc.assert(
      fc.property(fc.oneof(privacyBlock, fc.anything({ maxDepth: 4 })), (raw) => {
        const { policy, errors } = validatePolicy(raw, { defaultTimeZone: 'UTC' });
        expect(policy === undefined).toBe(errors.length > 0);
        expect(errors.length).toBeLessThanOrEqual(LIMITS.errors + 1);
        for (const error of errors) {
          expect(error.message.length).toBeLessThan(600);
          expect(error.message).not.toMatch(/[\n\r]/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('valid rules stay valid, in any number up to the limit', () => {
    fc.assert(
      fc.property(fc.array(ruleArb(0), { maxLength: 30 }), (rules) => {
        // "forward" never touches life safety; a snapshot belongs to event-only rules only.
        const named = rules.map(({ snapshot: _snapshot, ...rule }, i) => ({ ...rule, name: `Rule ${i}`, action: 'forward' }));
        expect(validatePolicy({ timeZone: 'UTC', rules: named }).errors).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('huge inputs of every shape cost little time and memory', () => {
    const big = 'x'.repeat(100_000);
    const shapes: unknown[] = [
      { rules: Array.from({ length: 100_000 }, () => ({ action: 'block' })) },
      {
        rules: [
          {
            name: 'R',
            action: 'event-only',
            devices: { kinds: ['camera'] },
            snapshot: { redact: [{ method: 'mask', zones: Array.from({ length: 100_000 }, () => ({ x: 0, y: 0, w: 1, h: 1 })) }] },
          },
        ],
      },
      { rules: [{ name: 'R', action: 'forward', devices: { ids: Array.from({ length: 100_000 }, (_, i) => String(i)) } }] },
      { rules: Array.from({ length: MAX_RULES }, () => ({ name: big, action: big, [big]: big })) },
      Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, big])),
    ];
    for (const raw of shapes) {
      const before = process.memoryUsage().heapUsed;
      const started = Date.now();
      const { errors } = validatePolicy(raw, { defaultTimeZone: 'UTC' });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(process.memoryUsage().heapUsed - before).toBeLessThan(30 * 1024 * 1024);
      expect(errors.length).toBeGreaterThan(0);
      expect(JSON.stringify(errors).length).toBeLessThan(40_000);
    }
  });
});
