/**
 * One meaning per signal: a push is decided once under every signal kind it carries, and its
 * picture never shows more than the push. Truth tables for the cases the README states, then
 * properties over random policies.
 */
import { describe, expect, it, test } from '@jest/globals';
import fc from 'fast-check';
import { contextArb, deviceArb, policyArb } from '../../test/support/privacy-arbitraries.js';
import { compilePolicy } from './compile-policy.js';
import { decide } from './decide.js';
import { decidePush, decideSignal, pictureOf, pushSignal, pushSignals } from './decide-signal.js';
import { isAtLeastAsRestrictive } from './decision-order.js';
import { validatePolicy } from './policy-validate.js';
import type { DecisionContext, Device, EventSignal, SeenDetection } from './types.js';

const doorbell: Device = { id: '1', name: 'Front Door', kind: 'doorbell', locationId: 'loc' };
const context: DecisionContext = { mode: 'away', globalPrivacy: false, devicePrivacy: false, now: new Date('2026-06-15T12:00:00Z') };

function policy(raw: unknown) {
  const { policy: valid, errors } = validatePolicy(raw);
  expect(errors).toEqual([]);
  return compilePolicy(valid!);
}

const noPeople = policy({ rules: [{ name: 'No people', when: { detectionTypes: ['person'] }, action: 'block' }] });
const noPeopleDetections = policy({ rules: [{ name: 'No person sensor', signals: ['detection'], when: { detectionTypes: ['person'] }, action: 'block' }] });
const maskedPictures = policy({
  rules: [{ name: 'Mask', signals: ['event-snapshot'], action: 'event-only', snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }] } }],
});
const quietMotion = policy({ rules: [{ name: 'No motion', signals: ['motion'], action: 'block' }] });

describe('a push is one signal', () => {
  test.each<[string, ReturnType<typeof policy>, SeenDetection | undefined, string]>([
    ['"no people" blocks a person push', noPeople, 'person', 'block'],
    ['"no people" lets a plain motion through', noPeople, undefined, 'forward'],
    ['"no people" lets a vehicle through', noPeople, 'vehicle', 'forward'],
    ['"no people" blocks a detection word Ring sent that we do not know', noPeople, 'unknown', 'block'],
    ['a rule on the person sensor alone blocks the whole push, plain Motion sensor included', noPeopleDetections, 'person', 'block'],
    ['a rule on the person sensor alone leaves other pushes alone', noPeopleDetections, 'package', 'forward'],
    ['a rule on detections fails closed for an unknown word', noPeopleDetections, 'unknown', 'block'],
  ])('%s', (_name, compiled, detection, action) => {
    expect(decidePush(pushSignal('motion', detection), doorbell, context, compiled).action).toBe(action);
  });

  test('a doorbell press is judged as a doorbell only', () => {
    expect(pushSignals(pushSignal('doorbell', 'person'))).toEqual([{ type: 'doorbell' }]);
    expect(decidePush({ type: 'doorbell' }, doorbell, context, quietMotion).action).toBe('forward');
    expect(decidePush({ type: 'motion' }, doorbell, context, quietMotion).action).toBe('block');
  });

  test('the picture of a push is bounded by the push and by its own rules', () => {
    const blockedPush = pictureOf(pushSignal('motion', 'person'));
    expect(blockedPush).toEqual({ type: 'event-snapshot', cause: 'motion', detectionType: 'person' });
    expect(decideSignal(blockedPush, doorbell, context, noPeople)).toMatchObject({ action: 'block', snapshot: { kind: 'placeholder' } });
    // Motion blocked, but a press's picture is the press's.
    expect(decideSignal(pictureOf({ type: 'motion' }), doorbell, context, quietMotion).action).toBe('block');
    expect(decideSignal(pictureOf({ type: 'doorbell' }), doorbell, context, quietMotion).action).toBe('forward');
    // A mask on pictures applies to a forwarded push's picture.
    expect(decideSignal(pictureOf({ type: 'doorbell' }), doorbell, context, maskedPictures).snapshot).toMatchObject({ kind: 'redacted' });
    // A picture without a known push is judged on its own.
    expect(decideSignal({ type: 'event-snapshot', detectionType: 'person' }, doorbell, context, noPeople).action).toBe('block');
  });

  test('every other signal is decided by decide() alone', () => {
    for (const signal of [{ type: 'snapshot' }, { type: 'stream-start' }, { type: 'detection', detectionType: 'person' }] as EventSignal[]) {
      expect(decideSignal(signal, doorbell, context, noPeople)).toBe(decide(signal, doorbell, context, noPeople));
    }
  });
});

describe('a push is one signal: properties', () => {
  const detectionArb = fc.option(fc.constantFrom<SeenDetection>('person', 'vehicle', 'package', 'other', 'unknown'), { nil: undefined });

  it('the push decision is at least as strict as each signal kind it carries', () => {
    fc.assert(
      fc.property(policyArb, deviceArb, contextArb, detectionArb, (raw, device, ctx, detection) => {
        const compiled = compilePolicy(raw);
        const push = pushSignal('motion', detection);
        const joined = decidePush(push, device, ctx, compiled);
        for (const signal of pushSignals(push)) {
          expect(isAtLeastAsRestrictive(joined, decide(signal, device, ctx, compiled))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a picture never shows more than its push, nor more than a picture rule allows', () => {
    fc.assert(
      fc.property(policyArb, deviceArb, contextArb, detectionArb, fc.constantFrom('motion' as const, 'doorbell' as const), (raw, device, ctx, detection, kind) => {
        const compiled = compilePolicy(raw);
        const push = pushSignal(kind, detection);
        const picture = decideSignal(pictureOf(push), device, ctx, compiled);
        expect(isAtLeastAsRestrictive(picture, decidePush(push, device, ctx, compiled))).toBe(true);
        expect(isAtLeastAsRestrictive(picture, decide(pictureOf(push), device, ctx, compiled))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('an unknown detection word is never less strict than any known one', () => {
    fc.assert(
      fc.property(
        policyArb,
        deviceArb,
        contextArb,
        fc.constantFrom('person' as const, 'vehicle' as const, 'package' as const, 'other' as const),
        (raw, device, ctx, known) => {
          const compiled = compilePolicy(raw);
          const unknown = decidePush(pushSignal('motion', 'unknown'), device, ctx, compiled);
          expect(isAtLeastAsRestrictive(unknown, decidePush(pushSignal('motion', known), device, ctx, compiled))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
