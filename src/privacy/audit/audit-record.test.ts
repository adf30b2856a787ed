import { describe, expect, it } from '@jest/globals';
import { compilePolicy } from '../compile-policy.js';
import { decide } from '../decide.js';
import { validatePolicy } from '../policy-validate.js';
import type { DecisionRecord } from '../privacy-gate.js';
import type { Decision, DecisionContext, Device, Signal } from '../types.js';
import { dayOfLedgerFile, formatAuditLine, ledgerFileName, parseAuditLine, toAuditRecord, utcDay, type AuditRecord } from './audit-record.js';

const garden: Device = { id: '42', name: 'Garden', kind: 'outdoor-camera', locationId: 'loc-1' };
const known: DecisionContext = { mode: 'home', globalPrivacy: false, devicePrivacy: false, now: new Date('2025-03-04T05:06:07.089Z') };

function record(signal: Signal, decision: Decision, context: DecisionContext = known, device: Device = garden): DecisionRecord {
  return { time: new Date('2025-03-04T05:06:07.089Z'), device, signal, context, decision };
}

const redacting: Decision = {
  action: 'event-only',
  snapshot: {
    kind: 'redacted',
    redactions: [{ method: 'blur', strength: 0.03, zones: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.4 }] }, { method: 'mask' }, { method: 'blur', strength: 0.2 }],
  },
  basis: 'rule',
  ruleIndex: 2,
  ruleName: 'Neighbour window',
  reason: 'Rule 3 ("Neighbour window") matched: event-only.',
  failedClosed: false,
};

/** Every key path of a JSON value, e.g. `device.id`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key));
}

describe('toAuditRecord and formatAuditLine', () => {
  it('writes exactly the listed fields, as one JSON line', () => {
    const line = formatAuditLine(toAuditRecord(record({ type: 'detection', detectionType: 'person' }, redacting))!);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({
      v: 1,
      time: '2025-03-04T05:06:07.089Z',
      device: { id: '42', name: 'Garden', kind: 'outdoor-camera', locationId: 'loc-1' },
      signal: { type: 'detection', detectionType: 'person' },
      context: { mode: 'home', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
      rule: { basis: 'rule', index: 2, name: 'Neighbour window' },
      action: 'event-only',
      snapshot: { kind: 'redacted', methods: ['blur', 'mask'] },
      failedClosed: false,
    });
  });

  it('never copies anything else a caller attached to the device, signal, context or decision', () => {
    const secrets = {
      refreshToken: 'rt-SECRET-1',
      email: 'someone@example.invalid',
      image: Buffer.from('JPEG-BYTES'),
    };
    const device = { ...garden, ...secrets } as Device;
    const signal = { type: 'motion', ...secrets } as Signal;
    const context = { ...known, ...secrets } as DecisionContext;
    const decision = { ...redacting, ...secrets } as Decision;
    const line = formatAuditLine(toAuditRecord(record(signal, decision, context, device))!);
    for (const leak of ['SECRET', 'example.invalid', 'JPEG', 'refreshToken', 'email', 'image', 'reason', 'zones', 'strength']) {
      expect(line).not.toContain(leak);
    }
    expect(keyPaths(JSON.parse(line)).sort()).toEqual([
      'action',
      'context.clockTrusted',
      'context.devicePrivacy',
      'context.globalPrivacy',
      'context.mode',
      'device.id',
      'device.kind',
      'device.locationId',
      'device.name',
      'failedClosed',
      'rule.basis',
      'rule.index',
      'rule.name',
      'signal.type',
      'snapshot.kind',
      'snapshot.methods',
      'time',
      'v',
    ]);
  });

  it('stores unknown switches as null and an untrusted clock as clockTrusted false, never the Date itself', () => {
    const policy = compilePolicy(
      validatePolicy({
        timeZone: 'UTC',
        rules: [{ name: 'Nights', action: 'block', devices: { kinds: ['camera'] }, when: { schedule: { from: '22:00', to: '06:00' } } }],
      }).policy!,
    );
    const context: DecisionContext = { mode: 'unknown', globalPrivacy: undefined, devicePrivacy: undefined, now: undefined };
    const decision = decide({ type: 'motion' }, garden, context, policy);
    const audit = toAuditRecord(record({ type: 'motion' }, decision, context))!;
    expect(audit.context).toEqual({ mode: 'unknown', globalPrivacy: null, devicePrivacy: null, clockTrusted: false });
    expect(audit).toMatchObject({ action: 'block', failedClosed: true, rule: { basis: 'rule', index: 0, name: 'Nights' }, snapshot: { kind: 'placeholder' } });
  });

  it('keeps life-safety flags of alarm signals and leaves out absent optional fields', () => {
    const lifeSafety = decide({ type: 'alarm-state', lifeSafety: 'smoke' }, garden, known, undefined);
    const audit = toAuditRecord(record({ type: 'alarm-state', lifeSafety: 'smoke' }, lifeSafety))!;
    expect(audit.signal).toEqual({ type: 'alarm-state', lifeSafety: 'smoke' });
    expect(audit.rule).toEqual({ basis: 'life-safety' });
    expect(audit.snapshot).toEqual({ kind: 'original' });
    expect(toAuditRecord(record({ type: 'doorbell' }, lifeSafety))!.signal).toEqual({ type: 'doorbell' });
  });

  it('refuses a record whose time is not a date instead of throwing', () => {
    expect(toAuditRecord({ ...record({ type: 'motion' }, redacting), time: new Date(Number.NaN) })).toBeUndefined();
  });
});

describe('parseAuditLine', () => {
  const sample = toAuditRecord(record({ type: 'detection', detectionType: 'vehicle' }, redacting))!;

  it('reads back what formatAuditLine wrote, with and without a count', () => {
    expect(parseAuditLine(formatAuditLine(sample))).toEqual(sample);
    const counted: AuditRecord = { ...sample, count: 6 };
    expect(parseAuditLine(formatAuditLine(counted).trim())).toEqual(counted);
  });

  it('writes and reads back a decision about a push that was missed, delivered late or recorded only', () => {
    const late = toAuditRecord({ ...record({ type: 'doorbell' }, redacting), missedByPush: { lateDelivery: true } })!;
    expect(late).toMatchObject({ missedByPush: true, lateDelivery: true });
    expect(parseAuditLine(formatAuditLine(late))).toEqual(late);
    const recorded = toAuditRecord({ ...record({ type: 'motion' }, redacting), missedByPush: { lateDelivery: false } })!;
    expect(recorded.missedByPush).toBe(true);
    expect('lateDelivery' in recorded).toBe(false);
    expect(parseAuditLine(formatAuditLine(recorded))).toEqual(recorded);
    // A decision about a push that did arrive carries neither field.
    expect(Object.keys(sample)).not.toContain('missedByPush');
  });

  it('writes and reads back what anonymizing looked for, and how many regions it treated or why it failed', () => {
    const anonymizing: Decision = {
      ...redacting,
      snapshot: { kind: 'redacted', redactions: [{ method: 'blur', strength: 0.03, anonymize: 'faces' }, { method: 'mask', anonymize: 'persons' }, { method: 'mask' }] },
    };
    const treated = toAuditRecord({ ...record({ type: 'snapshot' }, anonymizing), anonymized: { regions: 3 } })!;
    expect(treated.snapshot).toEqual({ kind: 'redacted', methods: ['blur', 'mask'], anonymize: ['faces', 'persons'], anonymized: 3 });
    expect(parseAuditLine(formatAuditLine(treated))).toEqual(treated);
    const failed = toAuditRecord({ ...record({ type: 'snapshot' }, anonymizing), anonymized: { failed: 'timeout' } })!;
    expect(failed.snapshot).toEqual({ kind: 'redacted', methods: ['blur', 'mask'], anonymize: ['faces', 'persons'], anonymizeFailed: 'timeout' });
    expect(parseAuditLine(formatAuditLine(failed))).toEqual(failed);
    // A decision without anonymizing steps says nothing about it.
    expect(Object.keys(sample.snapshot)).toEqual(['kind', 'methods']);
  });

  it('reads back the state kinds that say who is home, as they were written', () => {
    for (const type of ['lock-state', 'light-state', 'switch-state', 'mode-change'] as const) {
      const state = toAuditRecord(record({ type, lifeSafety: false }, redacting))!;
      expect(state.signal).toEqual({ type, lifeSafety: false });
      expect(parseAuditLine(formatAuditLine(state))).toEqual(state);
    }
  });

  it.each([
    ['a torn line', formatAuditLine(sample).slice(0, 40)],
    ['an empty object', '{}'],
    ['a future format', JSON.stringify({ ...sample, v: 2 })],
    ['a bad time', JSON.stringify({ ...sample, time: 'yesterday' })],
    ['an unknown device kind', JSON.stringify({ ...sample, device: { ...sample.device, kind: 'toaster' } })],
    ['a numeric device id', JSON.stringify({ ...sample, device: { ...sample.device, id: 42 } })],
    ['an unknown signal', JSON.stringify({ ...sample, signal: { type: 'ring' } })],
    ['an unknown detection', JSON.stringify({ ...sample, signal: { type: 'detection', detectionType: 'cat' } })],
    ['an unknown mode', JSON.stringify({ ...sample, context: { ...sample.context, mode: 'vacation' } })],
    ['a switch as text', JSON.stringify({ ...sample, context: { ...sample.context, globalPrivacy: 'on' } })],
    ['an unknown action', JSON.stringify({ ...sample, action: 'hide' })],
    ['an unknown basis', JSON.stringify({ ...sample, rule: { basis: 'whim' } })],
    ['a negative rule index', JSON.stringify({ ...sample, rule: { basis: 'rule', index: -1 } })],
    ['redacted without methods', JSON.stringify({ ...sample, snapshot: { kind: 'redacted' } })],
    ['an unknown anonymize target', JSON.stringify({ ...sample, snapshot: { ...sample.snapshot, anonymize: ['cats'] } })],
    ['a negative region count', JSON.stringify({ ...sample, snapshot: { ...sample.snapshot, anonymized: -1 } })],
    ['an unknown anonymize failure', JSON.stringify({ ...sample, snapshot: { ...sample.snapshot, anonymizeFailed: 'tired' } })],
    ['a placeholder with a region count', JSON.stringify({ ...sample, snapshot: { kind: 'placeholder', anonymized: 2 } })],
    ['a zero count', JSON.stringify({ ...sample, count: 0 })],
    ['failedClosed missing', JSON.stringify({ ...sample, failedClosed: undefined })],
    ['missedByPush not true', JSON.stringify({ ...sample, missedByPush: 'yes' })],
    ['lateDelivery without missedByPush', JSON.stringify({ ...sample, lateDelivery: true })],
    ['lateDelivery false', JSON.stringify({ ...sample, missedByPush: true, lateDelivery: false })],
    ['a list', '[1,2]'],
    ['null', 'null'],
  ])('rejects %s', (_label, line) => {
    expect(parseAuditLine(line)).toBeUndefined();
  });
});

describe('day files', () => {
  it('names one file per UTC day and recognises only those names', () => {
    expect(utcDay(Date.parse('2025-03-04T23:59:59.999Z'))).toBe('2025-03-04');
    expect(utcDay(Date.parse('2025-03-05T00:30:00+01:00'))).toBe('2025-03-04');
    expect(ledgerFileName('2025-03-04')).toBe('2025-03-04.jsonl');
    expect(dayOfLedgerFile('2025-03-04.jsonl')).toBe('2025-03-04');
    expect(dayOfLedgerFile('2025-03-04.jsonl.tmp')).toBeUndefined();
    expect(dayOfLedgerFile('notes.txt')).toBeUndefined();
  });
});
