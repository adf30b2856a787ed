import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { decisionLogger, formatDecision, MAX_NAME, safeName, signalText } from './decision-log.js';
import type { DecisionRecord } from './privacy-gate.js';
import type { Decision, Device, Signal } from './types.js';

const driveway: Device = { id: '184320002', name: 'Driveway', kind: 'outdoor-camera', locationId: 'loc-1' };
const frontDoor: Device = { id: '184320001', name: 'Front Door', kind: 'doorbell', locationId: 'loc-1' };
const contact: Device = { id: 'zid-contact-1', name: 'Back Door Contact', kind: 'contact-sensor', locationId: 'loc-1' };
const smoke: Device = { id: 'zid-smoke-1', name: 'Smoke CO Listener', kind: 'smoke-co-sensor', locationId: 'loc-1' };

const forwardByDefault: Decision = { action: 'forward', snapshot: { kind: 'original' }, basis: 'default', reason: 'default', failedClosed: false };
const blockedByRule = (index: number, name?: string): Decision => ({
  action: 'block',
  snapshot: { kind: 'placeholder' },
  basis: 'rule',
  ruleIndex: index,
  ...(name !== undefined && { ruleName: name }),
  reason: 'a rule',
  failedClosed: false,
});

const record = (device: Device, signal: Signal, decision: Decision): DecisionRecord => ({
  time: new Date('2025-06-01T12:00:00Z'),
  device,
  signal,
  decision,
  context: { mode: 'home', globalPrivacy: false, devicePrivacy: false, now: new Date('2025-06-01T12:00:00Z') },
});

describe('formatDecision: one line per event with the device, what happened and the decision', () => {
  test.each<[string, DecisionRecord, string]>([
    [
      'a person blocked by a rule',
      record(driveway, { type: 'motion', detectionType: 'person' }, blockedByRule(0, 'No people')),
      'Driveway (outdoor-camera): motion (person) → block by rule 1 "No people".',
    ],
    ['plain motion forwarded', record(driveway, { type: 'motion' }, forwardByDefault), 'Driveway (outdoor-camera): motion → forward by default.'],
    ['a doorbell press', record(frontDoor, { type: 'doorbell' }, forwardByDefault), 'Front Door (doorbell): doorbell press → forward by default.'],
    [
      'the picture of a press, masked',
      record(
        frontDoor,
        { type: 'event-snapshot', cause: 'doorbell' },
        {
          action: 'event-only',
          snapshot: { kind: 'redacted', redactions: [{ method: 'mask' }, { method: 'blur', strength: 0.1 }] },
          basis: 'rule',
          ruleIndex: 2,
          ruleName: 'Mask the street',
          reason: 'a rule',
          failedClosed: false,
        },
      ),
      'Front Door (doorbell): snapshot of a doorbell press → event-only (redacted: mask, blur) by rule 3 "Mask the street".',
    ],
    [
      'the picture of a vehicle',
      record(driveway, { type: 'event-snapshot', cause: 'motion', detectionType: 'vehicle' }, forwardByDefault),
      'Driveway (outdoor-camera): snapshot of a motion (vehicle) → forward by default.',
    ],
    [
      'a tile snapshot while the Privacy switch is on',
      record(driveway, { type: 'snapshot' }, { action: 'block', snapshot: { kind: 'placeholder' }, basis: 'privacy-switch', reason: 'switch', failedClosed: false }),
      'Driveway (outdoor-camera): snapshot → block by Privacy switch.',
    ],
    [
      'a live view while the mode is unknown',
      record(driveway, { type: 'stream-start' }, { ...blockedByRule(1), failedClosed: true }),
      'Driveway (outdoor-camera): live view → block by rule 2 (failed closed: something it depends on is unknown).',
    ],
    [
      'a contact sensor change',
      record(contact, { type: 'alarm-state', lifeSafety: false }, forwardByDefault),
      'Back Door Contact (contact-sensor): state change → forward by default.',
    ],
    [
      'smoke',
      record(smoke, { type: 'alarm-state', lifeSafety: 'smoke' }, { ...forwardByDefault, basis: 'life-safety' }),
      'Smoke CO Listener (smoke-co-sensor): state change (life safety: smoke) → forward by life safety.',
    ],
    [
      'no valid policy',
      record(contact, { type: 'alarm-state' }, { action: 'block', snapshot: { kind: 'placeholder' }, basis: 'no-policy', reason: 'invalid', failedClosed: true }),
      'Back Door Contact (contact-sensor): state change → block by no valid policy (failed closed: something it depends on is unknown).',
    ],
  ])('%s', (_, input, line) => {
    expect(formatDecision(input)).toBe(line);
  });

  test('names every signal kind', () => {
    expect(signalText({ type: 'detection', detectionType: 'package' })).toBe('detection (package)');
    expect(signalText({ type: 'detection' })).toBe('detection (unknown)');
    expect(signalText({ type: 'motion', detectionType: 'unknown' })).toBe('motion (unknown)');
    expect(signalText({ type: 'event-snapshot' })).toBe('event snapshot');
    expect(signalText({ type: 'alarm-state', lifeSafety: true })).toBe('state change (life safety)');
    expect(signalText({ type: 'lock-state', lifeSafety: false })).toBe('lock change');
    expect(signalText({ type: 'light-state' })).toBe('light change');
    expect(signalText({ type: 'switch-state' })).toBe('switch change');
    expect(signalText({ type: 'mode-change' })).toBe('mode change');
  });
});

describe('missed pushes', () => {
  test("a decision about a push found missing in Ring's history says so, and whether it was delivered late", () => {
    const press = record(frontDoor, { type: 'doorbell' }, forwardByDefault);
    expect(formatDecision({ ...press, missedByPush: { lateDelivery: true } })).toBe(
      'Front Door (doorbell): doorbell press → forward by default (missed by push, delivered late).',
    );
    expect(formatDecision({ ...press, missedByPush: { lateDelivery: false } })).toBe(
      'Front Door (doorbell): doorbell press → forward by default (missed by push, not delivered).',
    );
  });
});

describe('scrubbed: what Ring or the config names is no way to leak secrets or forge lines', () => {
  test('emails, street addresses, MAC addresses and long tokens in device and rule names are hidden', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9eyJzdWIiOiIxMjM0NTY3ODkwIn0abcdefghijklmnop';
    const line = formatDecision(
      record({ ...driveway, name: 'jane.doe@example.com at 42 Wallaby Way' }, { type: 'motion' }, blockedByRule(0, `Token ${token} a4:da:22:11:0b:9c`)),
    );
    for (const secret of ['jane.doe', 'example.com', 'Wallaby', token.slice(0, 20), 'a4:da:22']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[email]');
    expect(line).toContain('[address]');
  });

  test('a name with line breaks stays on one line; a very long one is cut', () => {
    expect(formatDecision(record({ ...driveway, name: 'Drive\nway\r\n[Trygr] Fake line\u2028' }, { type: 'motion' }, forwardByDefault))).toBe(
      'Drive way [Trygr] Fake line (outdoor-camera): motion → forward by default.',
    );
    const long = safeName('Garden '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(MAX_NAME + 1);
    expect(long.endsWith('…')).toBe(true);
    expect(safeName('   ')).toBe('(no name)');
  });

  test('any name gives one bounded line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (name, rule) => {
        const line = formatDecision(record({ ...driveway, name }, { type: 'motion' }, blockedByRule(0, rule)));
        expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(line.length).toBeLessThan(2 * MAX_NAME + 120);
      }),
    );
  });
});

describe('decisionLogger: info level with the debug option, debug level without', () => {
  const sink = () => {
    const lines: Array<[string, string]> = [];
    return { lines, log: { info: (m: string) => lines.push(['info', m]), debug: (m: string) => lines.push(['debug', m]) } };
  };
  const press = record(frontDoor, { type: 'doorbell' }, forwardByDefault);

  test('debug on: each decision is one info line', () => {
    const { lines, log } = sink();
    const logDecision = decisionLogger(log, true);
    logDecision(press);
    logDecision(record(driveway, { type: 'motion', detectionType: 'person' }, blockedByRule(0, 'No people')));
    expect(lines).toEqual([
      ['info', 'Front Door (doorbell): doorbell press → forward by default.'],
      ['info', 'Driveway (outdoor-camera): motion (person) → block by rule 1 "No people".'],
    ]);
  });

  test('debug off: the same line at debug level only', () => {
    const { lines, log } = sink();
    decisionLogger(log, false)(press);
    expect(lines).toEqual([['debug', 'Front Door (doorbell): doorbell press → forward by default.']]);
  });

  test('a logger that throws does not reach the gate', () => {
    const logDecision = decisionLogger(
      {
        info: () => {
          throw new Error('closed');
        },
        debug: () => undefined,
      },
      true,
    );
    expect(() => logDecision(press)).not.toThrow();
  });
});
