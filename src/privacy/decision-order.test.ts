import { describe, expect, it } from '@jest/globals';
import { allowsLiveStream, forwardsEvent, isAtLeastAsRestrictive, outcomeKey, restrictiveness } from './decision-order.js';
import type { Decision, Redaction, SnapshotTreatment } from './types.js';

const decision = (action: Decision['action'], snapshot: SnapshotTreatment): Decision => ({
  action,
  snapshot,
  basis: 'rule',
  reason: 'test',
  failedClosed: false,
});
const blur: Redaction = { method: 'blur', strength: 0.03 };
const mask: Redaction = { method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] };
const forward = decision('forward', { kind: 'original' });
const blurred = decision('event-only', { kind: 'redacted', redactions: [blur] });
const masked = decision('event-only', { kind: 'redacted', redactions: [mask] });
const both = decision('event-only', { kind: 'redacted', redactions: [mask, blur] });
const placeholder = decision('event-only', { kind: 'placeholder' });
const block = decision('block', { kind: 'placeholder' });

describe('restrictiveness order', () => {
  it('ranks block > event-only placeholder > event-only redacted > forward', () => {
    expect([forward, blurred, placeholder, block].map(restrictiveness)).toEqual([0, 1, 2, 3]);
  });

  it('compares as a partial order: redactions only by inclusion', () => {
    const all = [forward, blurred, masked, both, placeholder, block];
    const table = all.map((a) => all.map((b) => (isAtLeastAsRestrictive(a, b) ? 1 : 0)).join(''));
    expect(table).toEqual([
      '100000', // forward
      '110000', // blurred
      '101000', // masked
      '111100', // mask + blur
      '111110', // placeholder
      '111111', // block
    ]);
  });

  it('keys outcomes by effect, not by the order redactions are listed in', () => {
    const reversed = decision('event-only', { kind: 'redacted', redactions: [blur, mask] });
    expect(outcomeKey(reversed)).toBe(outcomeKey(both));
    expect(outcomeKey(blurred)).not.toBe(outcomeKey(masked));
    expect(outcomeKey(placeholder)).not.toBe(outcomeKey(block));
  });

  it('an anonymizing step is its own effect: not the same as blurring the whole frame, and each target differs', () => {
    const faces = decision('event-only', { kind: 'redacted', redactions: [{ ...blur, anonymize: 'faces' }] });
    const persons = decision('event-only', { kind: 'redacted', redactions: [{ ...blur, anonymize: 'persons' }] });
    expect(new Set([outcomeKey(blurred), outcomeKey(faces), outcomeKey(persons)]).size).toBe(3);
    expect(isAtLeastAsRestrictive(faces, blurred)).toBe(false);
    expect(isAtLeastAsRestrictive(blurred, faces)).toBe(false);
  });

  it('says what each action lets through', () => {
    expect([forward, blurred, placeholder, block].map(forwardsEvent)).toEqual([true, true, true, false]);
    expect([forward, blurred, placeholder, block].map(allowsLiveStream)).toEqual([true, false, false, false]);
  });
});
