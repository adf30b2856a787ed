import { describe, expect, it } from '@jest/globals';
import type { AuditRecord } from './audit-record.js';
import type { AuditCommandRecord } from './command-record.js';
import { latestDecisions, latestEntries, summarizeLedger, type ActionCounts } from './ledger-summary.js';

function cmd(time: string, outcome: 'done' | 'failed', local = false): AuditCommandRecord {
  return {
    v: 1,
    type: 'command',
    time,
    device: { id: '1', name: 'Front Door', kind: 'doorbell', locationId: 'L' },
    command: local
      ? { characteristic: 'On', value: true, service: 'privacy', label: 'Privacy on' }
      : { characteristic: 'On', value: true, service: 'light', label: 'Light on' },
    ...(local && { local: true as const }),
    outcome,
    ...(outcome === 'failed' && { reason: 'Ring answered HTTP 503' }),
  };
}

interface Spec {
  time: string;
  device?: string;
  signal?: AuditRecord['signal']['type'];
  action: AuditRecord['action'];
  rule?: AuditRecord['rule'];
  failedClosed?: boolean;
  count?: number;
}

const names: Record<string, string> = { '1': 'Front Door', '2': 'Garden', '3': 'Hall' };

function rec({ time, device = '1', signal = 'motion', action, rule = { basis: 'default' }, failedClosed = false, count }: Spec): AuditRecord {
  return {
    v: 1,
    time,
    device: { id: device, name: names[device]!, kind: device === '3' ? 'indoor-camera' : 'outdoor-camera', locationId: 'L' },
    signal: { type: signal },
    context: { mode: 'home', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
    rule,
    action,
    snapshot: { kind: action === 'forward' ? 'original' : 'placeholder' },
    failedClosed,
    ...(count !== undefined && { count }),
  };
}

const counts = (forwarded: number, eventOnly: number, blocked: number, failedClosed = 0): ActionCounts => ({
  forwarded,
  eventOnly,
  blocked,
  total: forwarded + eventOnly + blocked,
  failedClosed,
});

const indoor = { basis: 'rule' as const, index: 0, name: 'Indoor' };
const records: AuditRecord[] = [
  rec({ time: '2025-03-01T08:00:00.000Z', device: '1', action: 'forward' }),
  rec({ time: '2025-03-01T09:00:00.000Z', device: '3', action: 'block', rule: indoor }),
  rec({ time: '2025-03-01T09:01:00.000Z', device: '3', signal: 'snapshot', action: 'block', rule: indoor, count: 6 }),
  rec({ time: '2025-03-01T23:30:00.000Z', device: '2', signal: 'detection', action: 'event-only', rule: { basis: 'rule', index: 1, name: 'Garden people' } }),
  rec({ time: '2025-03-02T07:00:00.000Z', device: '2', action: 'block', rule: { basis: 'no-policy' }, failedClosed: true }),
  rec({ time: '2025-03-02T07:05:00.000Z', device: '1', signal: 'doorbell', action: 'forward' }),
];

describe('summarizeLedger', () => {
  it('counts per day, device, signal and rule, weighting collapsed records by their count', () => {
    const summary = summarizeLedger(records);
    expect(summary.totals).toEqual(counts(2, 1, 8, 1));
    expect(summary.firstTime).toBe('2025-03-01T08:00:00.000Z');
    expect(summary.lastTime).toBe('2025-03-02T07:05:00.000Z');
    expect(summary.days).toEqual([
      { day: '2025-03-01', counts: counts(1, 1, 7) },
      { day: '2025-03-02', counts: counts(1, 0, 1, 1) },
    ]);
    expect(summary.devices).toEqual([
      { id: '3', name: 'Hall', kind: 'indoor-camera', counts: counts(0, 0, 7) },
      { id: '1', name: 'Front Door', kind: 'outdoor-camera', counts: counts(2, 0, 0) },
      { id: '2', name: 'Garden', kind: 'outdoor-camera', counts: counts(0, 1, 1, 1) },
    ]);
    expect(summary.signals).toEqual([
      { signal: 'motion', counts: counts(1, 0, 2, 1) },
      { signal: 'detection', counts: counts(0, 1, 0) },
      { signal: 'doorbell', counts: counts(1, 0, 0) },
      { signal: 'snapshot', counts: counts(0, 0, 6) },
    ]);
    expect(summary.rules).toEqual([
      { basis: 'rule', ruleIndex: 0, ruleName: 'Indoor', counts: counts(0, 0, 7) },
      { basis: 'rule', ruleIndex: 1, ruleName: 'Garden people', counts: counts(0, 1, 0) },
      { basis: 'default', counts: counts(2, 0, 0) },
      { basis: 'no-policy', counts: counts(0, 0, 1, 1) },
    ]);
    expect(summary.cells.filter((c) => c.deviceId === '3')).toEqual([
      { day: '2025-03-01', deviceId: '3', signal: 'motion', counts: counts(0, 0, 1) },
      { day: '2025-03-01', deviceId: '3', signal: 'snapshot', counts: counts(0, 0, 6) },
    ]);
    // The totals, the days and the cells add up to the same decisions.
    const sum = (list: { counts: ActionCounts }[]) => list.reduce((n, x) => n + x.counts.total, 0);
    expect(sum(summary.days)).toBe(11);
    expect(sum(summary.cells)).toBe(11);
    expect(sum(summary.devices)).toBe(11);
  });

  it('counts days in the given time zone', () => {
    const summary = summarizeLedger(records, { timeZone: 'Europe/Berlin' });
    expect(summary.timeZone).toBe('Europe/Berlin');
    // 23:30 UTC on the 1st is 00:30 on the 2nd in Berlin.
    expect(summary.days).toEqual([
      { day: '2025-03-01', counts: counts(1, 0, 7) },
      { day: '2025-03-02', counts: counts(1, 1, 1, 1) },
    ]);
  });

  it('counts only the period asked for and says which', () => {
    const summary = summarizeLedger(records, { from: new Date('2025-03-01T09:00:00.000Z'), to: new Date('2025-03-02T07:00:00.000Z') });
    expect(summary.totals).toEqual(counts(0, 1, 7));
    expect(summary.from).toBe('2025-03-01T09:00:00.000Z');
    expect(summary.to).toBe('2025-03-02T07:00:00.000Z');
  });

  it('names a device by its latest name and survives a JSON round trip unchanged', () => {
    const renamed = [
      ...records,
      { ...rec({ time: '2025-03-03T00:00:00.000Z', device: '1', action: 'forward' }), device: { id: '1', name: 'Porch', kind: 'doorbell' as const, locationId: 'L' } },
    ];
    const summary = summarizeLedger(renamed);
    expect(summary.devices.find((d) => d.id === '1')).toMatchObject({ name: 'Porch', kind: 'doorbell' });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('is empty for no records', () => {
    expect(summarizeLedger([])).toEqual({
      timeZone: 'UTC',
      totals: counts(0, 0, 0),
      commands: { total: 0, done: 0, failed: 0, local: 0 },
      days: [],
      devices: [],
      signals: [],
      rules: [],
      cells: [],
    });
  });

  it('counts HomeKit commands apart: they change no decision count, day, device, signal or rule', () => {
    const commands = [
      cmd('2025-03-01T10:00:00.000Z', 'done'),
      cmd('2025-03-02T10:00:00.000Z', 'failed'),
      cmd('2025-03-03T10:00:00.000Z', 'done', true),
      cmd('2025-02-01T10:00:00.000Z', 'done'),
    ];
    const mixed = summarizeLedger([...commands, ...records], { from: new Date('2025-03-01T00:00:00.000Z') });
    const decisionsOnly = summarizeLedger(records, { from: new Date('2025-03-01T00:00:00.000Z') });
    expect(mixed.commands).toEqual({ total: 3, done: 2, failed: 1, local: 1 });
    expect({ ...mixed, commands: undefined }).toEqual({ ...decisionsOnly, commands: undefined });
  });
});

describe('latestEntries', () => {
  it('lists commands among the decisions, newest first, each in its own shape', () => {
    const entries = latestEntries([...records, cmd('2025-03-02T07:06:00.000Z', 'failed'), cmd('2025-03-01T07:00:00.000Z', 'done', true)], 2);
    expect(entries).toEqual([
      {
        type: 'command',
        time: '2025-03-02T07:06:00.000Z',
        deviceId: '1',
        deviceName: 'Front Door',
        deviceKind: 'doorbell',
        characteristic: 'On',
        value: true,
        service: 'light',
        label: 'Light on',
        local: false,
        outcome: 'failed',
        reason: 'Ring answered HTTP 503',
      },
      expect.objectContaining({ time: '2025-03-02T07:05:00.000Z', signal: 'doorbell', action: 'forward' }),
    ]);
    expect(latestEntries([cmd('2025-03-01T07:00:00.000Z', 'done', true)], 5)[0]).toMatchObject({ local: true, outcome: 'done', label: 'Privacy on' });
  });

  it('marks decisions about pushes that were missed, delivered late or only recorded', () => {
    const late: AuditRecord = { ...rec({ time: '2025-03-03T00:00:00.000Z', signal: 'doorbell', action: 'forward' }), missedByPush: true, lateDelivery: true };
    const recorded: AuditRecord = { ...rec({ time: '2025-03-03T00:01:00.000Z', action: 'forward' }), missedByPush: true };
    const [second, first, plain] = latestDecisions([...records, late, recorded], 3);
    expect([second!.missedByPush, first!.missedByPush, plain!.missedByPush]).toEqual(['recorded', 'late', undefined]);
  });

  it('leaves commands out of latestDecisions', () => {
    expect(latestDecisions([cmd('2025-03-09T00:00:00.000Z', 'done'), ...records], 1)[0]!.time).toBe('2025-03-02T07:05:00.000Z');
  });
});

describe('latestDecisions', () => {
  it('returns the newest n with the rule that made each, newest first', () => {
    const latest = latestDecisions(records, 3);
    expect(latest).toEqual([
      {
        time: '2025-03-02T07:05:00.000Z',
        deviceId: '1',
        deviceName: 'Front Door',
        deviceKind: 'outdoor-camera',
        signal: 'doorbell',
        action: 'forward',
        snapshot: 'original',
        basis: 'default',
        failedClosed: false,
        count: 1,
      },
      {
        time: '2025-03-02T07:00:00.000Z',
        deviceId: '2',
        deviceName: 'Garden',
        deviceKind: 'outdoor-camera',
        signal: 'motion',
        action: 'block',
        snapshot: 'placeholder',
        basis: 'no-policy',
        failedClosed: true,
        count: 1,
      },
      {
        time: '2025-03-01T23:30:00.000Z',
        deviceId: '2',
        deviceName: 'Garden',
        deviceKind: 'outdoor-camera',
        signal: 'detection',
        action: 'event-only',
        snapshot: 'placeholder',
        basis: 'rule',
        ruleIndex: 1,
        ruleName: 'Garden people',
        failedClosed: false,
        count: 1,
      },
    ]);
    expect(latestDecisions([...records].reverse(), 1)[0]!.time).toBe('2025-03-02T07:05:00.000Z');
    expect(latestDecisions(records, 0)).toEqual([]);
  });
});
