import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CommandRecord } from '../privacy-gate.js';
import type { Device, HomeKitCommand } from '../types.js';
import { formatAuditLine, parseAuditLine } from './audit-record.js';
import { characteristicKey, commandLabel, shortReason, toCommandRecord } from './command-record.js';
import { isCommandRecord, parseLedgerLine } from './ledger-record.js';
import { deviceArb } from '../../../test/support/privacy-arbitraries.js';

const door: Device = { id: 'zid-lock', name: 'Front Door Lock', kind: 'lock', locationId: 'loc-1' };
const TIME = new Date('2025-03-04T05:06:07.089Z');

function command(command: HomeKitCommand, outcome: CommandRecord['outcome'] = { outcome: 'done' }, device: Device = door): CommandRecord {
  return { time: TIME, device, command, outcome };
}

/** Every key path of a JSON value, e.g. `device.id`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key));
}

const WHITELIST = [
  'command.characteristic',
  'command.label',
  'command.service',
  'command.value',
  'device.id',
  'device.kind',
  'device.locationId',
  'device.name',
  'local',
  'outcome',
  'reason',
  'time',
  'type',
  'v',
];

describe('commandLabel', () => {
  it.each([
    ['LockTargetState', 0, undefined, 'Unlock'],
    ['LockTargetState', 1, 'lock', 'Lock'],
    ['LockTargetState', 7, undefined, 'Set Lock Target State to 7'],
    ['SecuritySystemTargetState', 0, undefined, 'Arm Home'],
    ['SecuritySystemTargetState', 1, undefined, 'Arm Away'],
    ['SecuritySystemTargetState', 2, undefined, 'Arm Night'],
    ['SecuritySystemTargetState', 3, undefined, 'Disarm'],
    ['SecuritySystemTargetState', 4, undefined, 'Set Security System Target State to 4'],
    ['On', true, 'smart-switch', 'Turn on'],
    ['On', false, undefined, 'Turn off'],
    ['On', 1, 'siren', 'Siren on'],
    ['On', false, 'light', 'Light off'],
    ['On', true, 'snooze', 'Snooze on'],
    ['On', true, 'privacy', 'Privacy on'],
    ['On', true, 'in-home-doorbell', 'In-home chime on'],
    ['On', true, 'ding', 'Play ding sound'],
    ['On', true, 'motion', 'Play motion sound'],
    ['On', false, 'ding', 'Turn off ding sound'],
    ['Brightness', 40, undefined, 'Brightness 40%'],
    ['RotationSpeed', 25, undefined, 'Speed 25%'],
    ['Volume', 60, 'volume', 'Volume 60%'],
    ['Mute', true, undefined, 'Mute'],
    ['Mute', false, undefined, 'Unmute'],
    ['TargetDoorState', null, undefined, 'Set Target Door State'],
  ] as [string, boolean | number | null, string | undefined, string][])('%s = %s (service %s) reads "%s"', (characteristic, value, service, label) => {
    expect(commandLabel(characteristic, value, service)).toBe(label);
  });

  it('takes characteristic names from HAP display names', () => {
    expect(characteristicKey('Lock Target State')).toBe('LockTargetState');
    expect(characteristicKey('On')).toBe('On');
  });
});

describe('toCommandRecord', () => {
  it('writes exactly the listed fields, as one JSON line', () => {
    const line = formatAuditLine(toCommandRecord(command({ characteristic: 'LockTargetState', value: 0, service: 'lock' }))!);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({
      v: 1,
      type: 'command',
      time: '2025-03-04T05:06:07.089Z',
      device: { id: 'zid-lock', name: 'Front Door Lock', kind: 'lock', locationId: 'loc-1' },
      command: { characteristic: 'LockTargetState', value: 0, service: 'lock', label: 'Unlock' },
      outcome: 'done',
    });
  });

  it('marks local settings and keeps a scrubbed reason for failures', () => {
    const local = toCommandRecord(command({ characteristic: 'On', value: true, service: 'privacy', local: true }))!;
    expect(local).toMatchObject({ local: true, outcome: 'done', command: { label: 'Privacy on' } });
    expect(local).not.toHaveProperty('reason');
    const failed = toCommandRecord(command({ characteristic: 'On', value: true }, { outcome: 'failed', reason: 'Ring answered HTTP 503' }))!;
    expect(failed).toMatchObject({ outcome: 'failed', reason: 'Ring answered HTTP 503' });
    expect(failed).not.toHaveProperty('local');
  });

  it.each([
    ['a URL with ids', 'Request to https://ring.invalid/clients_api/doorbots/12345?auth=abc failed', 'Request to [address] failed'],
    ['an e-mail address', 'Account someone@example.invalid is locked', 'Account [address] is locked'],
    ['a token', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc refused', 'Bearer […] refused'],
    ['a second line', 'Timed out\n{"raw":"body"}', 'Timed out'],
    ['nothing', '', 'no reason was given'],
    ['a long text', 'word '.repeat(60), `${'word '.repeat(24).slice(0, 119)}…`],
  ])('scrubs %s from a failure reason', (_label, reason, expected) => {
    expect(shortReason(reason)).toBe(expected);
  });

  it('keeps only booleans and finite numbers as values', () => {
    for (const value of ['secret text', { nested: 'x' }, Number.NaN, Infinity, undefined]) {
      expect(toCommandRecord(command({ characteristic: 'On', value }))!.command.value).toBeNull();
    }
  });

  it('stores a negative zero as 0, as its ledger line says (CI lane 2 drew -0 in the read-back property)', () => {
    const record = toCommandRecord(command({ characteristic: 'On', value: -0 }))!;
    expect(Object.is(record.command.value, 0)).toBe(true);
    expect(record.command.label).toBe('Turn off');
  });

  it('refuses a command without a valid time or characteristic name instead of throwing', () => {
    expect(toCommandRecord({ ...command({ characteristic: 'On', value: true }), time: new Date(Number.NaN) })).toBeUndefined();
    expect(toCommandRecord(command({ characteristic: 'On; rm -rf', value: true }))).toBeUndefined();
    expect(toCommandRecord(command({ characteristic: '', value: true }))).toBeUndefined();
  });

  it('never lets anything beyond the whitelisted fields reach the line (property)', () => {
    const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string());
    fc.assert(
      fc.property(
        deviceArb,
        extra,
        fc.oneof(fc.boolean(), fc.integer(), fc.string(), fc.object()),
        fc.option(fc.string(), { nil: undefined }),
        fc.boolean(),
        fc.option(fc.string(), { nil: undefined }),
        (device, junk, value, service, local, reason) => {
          const input: CommandRecord = {
            time: TIME,
            device: { ...junk, ...device },
            command: { ...junk, characteristic: 'On', value, ...(service !== undefined && { service }), local },
            outcome: reason === undefined ? { outcome: 'done' } : { outcome: 'failed', reason },
            ...junk,
          };
          const record = toCommandRecord(input)!;
          for (const path of keyPaths(JSON.parse(formatAuditLine(record)))) expect(WHITELIST).toContain(path);
        },
      ),
    );
  });
});

describe('reading command lines back', () => {
  const sample = toCommandRecord(command({ characteristic: 'SecuritySystemTargetState', value: 3 }, { outcome: 'failed', reason: 'Ring answered HTTP 500' }))!;

  it('reads back what was written (property)', () => {
    const commandArb = fc.record({
      characteristic: fc.constantFrom('On', 'LockTargetState', 'SecuritySystemTargetState', 'Brightness', 'Volume', 'Mute', 'TargetPosition'),
      value: fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 200 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
      service: fc.option(fc.constantFrom('light', 'siren', 'ding', 'privacy', 'smart-switch'), { nil: undefined }),
      local: fc.option(fc.constant(true), { nil: undefined }),
    });
    const outcomeArb = fc.oneof(fc.constant({ outcome: 'done' as const }), fc.record({ outcome: fc.constant('failed' as const), reason: fc.string() }));
    fc.assert(
      fc.property(deviceArb, commandArb, outcomeArb, fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }), (device, cmd, outcome, ms) => {
        const written = toCommandRecord({ time: new Date(ms), device, command: cmd, outcome })!;
        expect(parseLedgerLine(formatAuditLine(written))).toEqual(written);
      }),
    );
  });

  it('tells commands from decisions; old decision lines still read, and never as commands', () => {
    const decisionLine = JSON.stringify({
      v: 1,
      time: '2025-03-04T05:06:07.089Z',
      device: { id: '42', name: 'Garden', kind: 'outdoor-camera', locationId: 'loc-1' },
      signal: { type: 'motion' },
      context: { mode: 'home', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
      rule: { basis: 'default' },
      action: 'forward',
      snapshot: { kind: 'original' },
      failedClosed: false,
    });
    const decision = parseLedgerLine(decisionLine)!;
    expect(isCommandRecord(decision)).toBe(false);
    expect(parseAuditLine(decisionLine)).toEqual(decision);
    expect(isCommandRecord(parseLedgerLine(formatAuditLine(sample))!)).toBe(true);
    // Decision readers never see a command, nor a decision line carrying some later `type`.
    expect(parseAuditLine(formatAuditLine(sample))).toBeUndefined();
    expect(parseLedgerLine(JSON.stringify({ ...JSON.parse(decisionLine), type: 'decision' }))).toBeUndefined();
  });

  it.each([
    ['an unknown type', { ...sample, type: 'note' }],
    ['a future version', { ...sample, v: 2 }],
    ['a bad time', { ...sample, time: 'later' }],
    ['no device', { ...sample, device: undefined }],
    ['an unknown device kind', { ...sample, device: { ...sample.device, kind: 'toaster' } }],
    ['a characteristic with spaces', { ...sample, command: { ...sample.command, characteristic: 'Lock Target' } }],
    ['a text value', { ...sample, command: { ...sample.command, value: 'open sesame' } }],
    ['no label', { ...sample, command: { ...sample.command, label: '' } }],
    ['a service with capitals', { ...sample, command: { ...sample.command, service: 'Front Door' } }],
    ['local false', { ...sample, local: false }],
    ['an unknown outcome', { ...sample, outcome: 'maybe' }],
    ['a failure without reason', { ...sample, reason: undefined }],
    ['a success with a reason', { ...sample, outcome: 'done' }],
    ['a reason too long', { ...sample, reason: 'x'.repeat(500) }],
  ] as [string, unknown][])('skips a command line with %s', (_label, raw) => {
    expect(parseLedgerLine(JSON.stringify(raw))).toBeUndefined();
  });

  it('skips arbitrary garbage, never throws (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((value) => JSON.stringify({ v: 1, type: 'command', command: value })),
        ),
        (line) => {
          const parsed = parseLedgerLine(line);
          if (parsed) expect(parseLedgerLine(formatAuditLine(parsed))).toEqual(parsed);
        },
      ),
    );
  });
});
