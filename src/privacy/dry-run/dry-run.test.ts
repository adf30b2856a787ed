import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLedger } from '../audit/audit-ledger.js';
import type { AuditRecord } from '../audit/audit-record.js';
import type { AuditCommandRecord } from '../audit/command-record.js';
import { readLedger } from '../audit/ledger-reader.js';
import { compilePolicy } from '../compile-policy.js';
import type { Device } from '../types.js';
import { validatePolicy } from '../policy-validate.js';
import { PrivacyGate } from '../privacy-gate.js';
import type { DecisionContext, LocationMode, Signal } from '../types.js';
import { dryRun, type DryRunResult } from './dry-run.js';
import { formatDryRunReport } from './format-report.js';

const frontDoor: Device = { id: '1', name: 'Front Door', kind: 'doorbell', locationId: 'L' };
const garden: Device = { id: '2', name: 'Garden', kind: 'outdoor-camera', locationId: 'L' };
const hall: Device = { id: '3', name: 'Hall', kind: 'indoor-camera', locationId: 'L' };
const smoke: Device = { id: '4', name: 'Hallway Smoke', kind: 'smoke-co-sensor', locationId: 'L' };

const indoorAtHome = { name: 'Indoor at home', devices: { kinds: ['indoor-camera'] }, when: { modes: ['home'] }, action: 'block' };
const RECORDED_POLICY = { timeZone: 'UTC', defaultAction: 'forward', rules: [indoorAtHome] };
const gardenPrivate = { name: 'Garden private', devices: { names: ['garden'] }, action: 'block' };
const DRAFT_BLOCKING_GARDEN = { timeZone: 'UTC', defaultAction: 'forward', rules: [gardenPrivate, indoorAtHome] };

/**
 * A day of a small home, decided by the real gate and written by the real ledger: every hour the
 * doorbell sees motion and rings, the garden sees motion and a person, the hall sees motion; home
 * until noon, away after; one smoke alarm; the garden tile polled six times in one minute.
 */
async function recordDay(dir: string): Promise<void> {
  let clock = 0;
  let mode: LocationMode = 'home';
  const ledger = new AuditLedger({ dir, settings: { enabled: true, retentionDays: 30, maxMegabytes: 20 }, now: () => clock, flushIntervalMs: 1_000_000 });
  const gate = new PrivacyGate({
    policy: compilePolicy(validatePolicy(RECORDED_POLICY).policy!),
    context: { context: (): DecisionContext => ({ mode, globalPrivacy: false, devicePrivacy: false, now: new Date(clock) }) },
    onDecision: (record) => ledger.record({ ...record, time: new Date(clock) }),
    onCommand: (record) => ledger.recordCommand(record),
  });
  const at = (iso: string): void => {
    clock = Date.parse(iso);
  };
  const signal = (device: Device, s: Signal): void => void gate.decide(device, s);
  for (let hour = 0; hour < 24; hour++) {
    at(`2025-05-10T${String(hour).padStart(2, '0')}:00:00.000Z`);
    mode = hour < 12 ? 'home' : 'away';
    signal(frontDoor, { type: 'motion' });
    signal(frontDoor, { type: 'doorbell' });
    signal(garden, { type: 'motion' });
    signal(garden, { type: 'detection', detectionType: 'person' });
    signal(hall, { type: 'motion' });
  }
  // Apple Home commands between the decisions: recorded in the same ledger, never replayed.
  at('2025-05-10T07:30:00.000Z');
  gate.command(hall, { characteristic: 'On', value: true, service: 'privacy', local: true })({ outcome: 'done' });
  gate.command(frontDoor, { characteristic: 'On', value: true, service: 'light' })({ outcome: 'failed', reason: 'Ring answered HTTP 503' });
  at('2025-05-10T05:00:00.000Z');
  signal(smoke, { type: 'alarm-state', lifeSafety: 'smoke' });
  for (let poll = 0; poll < 6; poll++) {
    at(`2025-05-10T13:00:${String(poll * 10).padStart(2, '0')}.000Z`);
    signal(garden, { type: 'snapshot' });
  }
  await ledger.close();
}

let root: string;
let records: AuditRecord[];
let commands: AuditCommandRecord[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'trygr-dry-run-'));
  await recordDay(root);
  const read = await readLedger(root);
  expect(read.corruptLines).toBe(0);
  records = read.records;
  commands = read.commands;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const counts = (forwarded: number, eventOnly: number, blocked: number, failedClosed = 0) => ({
  forwarded,
  eventOnly,
  blocked,
  total: forwarded + eventOnly + blocked,
  failedClosed,
});

describe('dryRun against a ledger the real gate wrote', () => {
  it('finds nothing to change when the draft is the recorded policy', () => {
    const report = dryRun(records, RECORDED_POLICY) as DryRunResult;
    expect(report.valid).toBe(true);
    expect(report.records).toBe(122);
    expect(report.decisions).toBe(127);
    expect(report.changed).toBe(0);
    expect(report.before).toEqual(counts(115, 0, 12));
    expect(report.after).toEqual(report.before);
  });

  it('counts exactly what a draft that blocks one camera would change', () => {
    const report = dryRun(records, DRAFT_BLOCKING_GARDEN) as DryRunResult;
    expect(report.valid).toBe(true);
    expect(report.decisions).toBe(127);
    expect(report.changed).toBe(54);
    expect(report.firstTime).toBe('2025-05-10T00:00:00.000Z');
    expect(report.lastTime).toBe('2025-05-10T23:00:00.000Z');
    expect(report.before).toEqual(counts(115, 0, 12));
    expect(report.after).toEqual(counts(61, 0, 66));
    expect(report.transitions).toEqual([{ before: 'forward', after: 'block', decisions: 54 }]);
    expect(report.changes.map(({ before, after, decisions }) => ({ before, after, decisions }))).toEqual([{ before: 'forward', after: 'block', decisions: 54 }]);
    expect(report.rules.map(({ basis, ruleIndex, ruleName, decisions, changed }) => ({ basis, ruleIndex, ruleName, decisions, changed }))).toEqual([
      { basis: 'rule', ruleIndex: 0, ruleName: 'Garden private', decisions: 54, changed: 54 },
      { basis: 'rule', ruleIndex: 1, ruleName: 'Indoor at home', decisions: 12, changed: 0 },
      { basis: 'default', ruleIndex: undefined, ruleName: undefined, decisions: 60, changed: 0 },
      { basis: 'life-safety', ruleIndex: undefined, ruleName: undefined, decisions: 1, changed: 0 },
    ]);
    expect(report.devices.map(({ name, before, after, changed }) => ({ name, before, after, changed }))).toEqual([
      { name: 'Garden', before: counts(54, 0, 0), after: counts(0, 0, 54), changed: 54 },
      { name: 'Front Door', before: counts(48, 0, 0), after: counts(48, 0, 0), changed: 0 },
      { name: 'Hall', before: counts(12, 0, 12), after: counts(12, 0, 12), changed: 0 },
      { name: 'Hallway Smoke', before: counts(1, 0, 0), after: counts(1, 0, 0), changed: 0 },
    ]);
  });

  it('against the saved policy, counts only what the edit changes: a rule saved since the recording is not the edit’s doing', () => {
    // Saved since the day was recorded: the garden is private. The edit on top: the hall always private.
    const saved = DRAFT_BLOCKING_GARDEN;
    const hallPrivate = { name: 'Hall private', devices: { names: ['hall'] }, action: 'block' };
    const edit = { ...saved, rules: [hallPrivate, ...saved.rules] };
    const recorded = dryRun(records, edit) as DryRunResult;
    expect([recorded.comparedWith, recorded.changed]).toEqual(['recorded', 54 + 12]); // the garden's blocks counted as this edit's
    const againstSaved = dryRun(records, edit, { against: { saved } }) as DryRunResult;
    expect([againstSaved.comparedWith, againstSaved.changed]).toEqual(['saved', 12]); // the hall's afternoon only
    expect(againstSaved.before).toEqual(counts(61, 0, 66));
    expect(againstSaved.devices.filter((d) => d.changed > 0).map((d) => d.name)).toEqual(['Hall']);
    // The draft that is saved changes nothing; nothing saved at all is the forward-everything policy.
    expect((dryRun(records, saved, { against: { saved } }) as DryRunResult).changed).toBe(0);
    expect((dryRun(records, {}, { against: { saved: undefined } }) as DryRunResult).changed).toBe(0);
    // A saved policy the plugin refuses is not replayed: the comparison falls back to the record.
    const broken = dryRun(records, edit, { against: { saved: { defaultAction: 'allow' } } }) as DryRunResult;
    expect([broken.comparedWith, broken.changed]).toEqual(['recorded', 66]);
  });

  it('keeps a few examples per change, with time, device, signal, before, after and rule', () => {
    const report = dryRun(records, DRAFT_BLOCKING_GARDEN, { examplesPerChange: 2 }) as DryRunResult;
    expect(report.changes[0]!.examples).toEqual([
      {
        time: '2025-05-10T00:00:00.000Z',
        device: { id: '2', name: 'Garden', kind: 'outdoor-camera' },
        signal: { type: 'motion' },
        before: { action: 'forward', snapshot: { kind: 'original' }, rule: { basis: 'default' }, failedClosed: false },
        after: { action: 'block', snapshot: { kind: 'placeholder' }, rule: { basis: 'rule', index: 0, name: 'Garden private' }, failedClosed: false },
        count: 1,
      },
      expect.objectContaining({ time: '2025-05-10T00:00:00.000Z', signal: { type: 'detection', detectionType: 'person' } }),
    ]);
  });

  it('replays modes and the recorded time: a schedule and a mode condition change only their hours', () => {
    const draft = {
      timeZone: 'UTC',
      rules: [
        indoorAtHome,
        { name: 'Doorbell quiet mornings', devices: { kinds: ['doorbell'] }, signals: ['doorbell'], when: { schedule: { from: '06:00', to: '09:00' } }, action: 'block' },
        { name: 'Garden redacted when away', devices: { ids: ['2'] }, when: { modes: ['away'] }, action: 'event-only', snapshot: { redact: [{ method: 'blur' }] } },
      ],
    };
    const report = dryRun(records, draft) as DryRunResult;
    // 3 doorbell presses (06, 07, 08 h); 12 away hours × 2 garden signals + the 6 polls at 13:00.
    expect(report.changes.map(({ before, after, decisions }) => [before, after, decisions])).toEqual([
      ['forward', 'event-only (redacted: blur)', 30],
      ['forward', 'block', 3],
    ]);
    expect(report.after).toEqual(counts(127 - 30 - 15, 30, 12 + 3));
  });

  it('counts a change of snapshot treatment alone as a change, but not as an action transition', () => {
    const eventOnlyAtHome = { ...indoorAtHome, action: 'event-only' };
    const recorded = dryRun(records, { timeZone: 'UTC', rules: [eventOnlyAtHome] }) as DryRunResult;
    expect(recorded.after).toEqual(counts(115, 12, 0));
    // As if the ledger had been written under the event-only rule (placeholder snapshots).
    const asRecorded = records.map((r) => (r.action === 'block' ? { ...r, action: 'event-only' as const, snapshot: { kind: 'placeholder' as const } } : r));
    const draft = { timeZone: 'UTC', rules: [{ ...eventOnlyAtHome, snapshot: { redact: [{ method: 'blur' }] } }] };
    const report = dryRun(asRecorded, draft) as DryRunResult;
    expect(report.changed).toBe(12);
    expect(report.transitions).toEqual([]);
    expect(report.changes.map(({ before, after, decisions }) => [before, after, decisions])).toEqual([['event-only (placeholder)', 'event-only (redacted: blur)', 12]]);
    expect(formatDryRunReport(report)).toContain('  Hall (indoor-camera, id 3): 12 changed (snapshot treatment only)');
  });

  it('shows an anonymizing redaction in its own words, and a switch from whole-frame blur to blurred faces as a change', () => {
    const eventOnlyAtHome = { ...indoorAtHome, action: 'event-only' };
    const asRecorded = records.map((r) =>
      r.action === 'block' ? { ...r, action: 'event-only' as const, snapshot: { kind: 'redacted' as const, methods: ['blur' as const] } } : r,
    );
    const draft = { timeZone: 'UTC', rules: [{ ...eventOnlyAtHome, snapshot: { redact: [{ method: 'blur', anonymize: 'faces' }] } }] };
    const report = dryRun(asRecorded, draft) as DryRunResult;
    expect(report.changes.map(({ before, after, decisions }) => [before, after, decisions])).toEqual([
      ['event-only (redacted: blur)', 'event-only (redacted: blur; anonymizing faces)', 12],
    ]);
  });

  it('replays decisions made without a trustworthy clock as failing closed again', () => {
    const untrusted: AuditRecord = {
      ...records.find((r) => r.device.id === '1' && r.signal.type === 'doorbell')!,
      context: { mode: 'away', globalPrivacy: false, devicePrivacy: false, clockTrusted: false },
    };
    const draft = { timeZone: 'UTC', rules: [{ name: 'Nights', devices: { kinds: ['doorbell'] }, when: { schedule: { from: '22:00', to: '06:00' } }, action: 'block' }] };
    const report = dryRun([untrusted], draft) as DryRunResult;
    expect(report.after).toEqual(counts(0, 0, 1, 1));
    expect(report.changes[0]!.examples[0]!.after).toMatchObject({ action: 'block', failedClosed: true, rule: { index: 0 } });
  });

  it('skips HomeKit commands: counted, never replayed, nothing else changes', () => {
    expect(commands.map((c) => [c.device.name, c.command.label, c.outcome])).toEqual([
      ['Hall', 'Privacy on', 'done'],
      ['Front Door', 'Light on', 'failed'],
    ]);
    const withCommands = dryRun([...commands, ...records], DRAFT_BLOCKING_GARDEN) as DryRunResult;
    const without = dryRun(records, DRAFT_BLOCKING_GARDEN) as DryRunResult;
    expect(withCommands.commands).toBe(2);
    expect(without.commands).toBe(0);
    expect({ ...withCommands, commands: 0 }).toEqual(without);
    expect(formatDryRunReport(withCommands)).toContain('2 HomeKit commands in the ledger were skipped: commands are recorded, never decided.');
    const onlyCommands = dryRun(commands, DRAFT_BLOCKING_GARDEN) as DryRunResult;
    expect(onlyCommands).toMatchObject({ records: 0, decisions: 0, commands: 2, changed: 0 });
    expect(formatDryRunReport(onlyCommands)).toBe(
      'The ledger holds no decisions in this period, so there is nothing to replay. 2 HomeKit commands in the ledger were skipped: commands are recorded, never decided.\n',
    );
  });

  it('returns the validator errors for an invalid draft, naming rule and field', () => {
    const report = dryRun(records, { rules: [gardenPrivate, { name: 'Broken', action: 'hide' }] });
    expect(report.valid).toBe(false);
    expect(report.valid ? [] : report.errors).toEqual([expect.objectContaining({ path: 'rules[1].action', ruleIndex: 1, ruleName: 'Broken' })]);
  });

  it('checks a rule naming a recorded smoke sensor against life safety', () => {
    const draft = { timeZone: 'UTC', rules: [{ name: 'Quiet hallway', devices: { names: ['Hallway Smoke'] }, action: 'block' }] };
    const report = dryRun(records, draft);
    expect(report.valid).toBe(false);
    expect(report.valid ? '' : report.errors[0]!.message).toContain('would cover life-safety alarms');
    expect(dryRun(records, draft, { knownDevices: [] }).valid).toBe(true);
  });

  it('reads as a text report', () => {
    const text = formatDryRunReport(dryRun(records, DRAFT_BLOCKING_GARDEN));
    expect(text).toContain('against 127 recorded decisions in 122 ledger lines');
    expect(text).toMatch(/ {2}forwarded +115 +61\n/);
    expect(text).toMatch(/ {2}blocked +12 +66\n/);
    expect(text).toContain('Changed: 54 of 127 decisions would reach Apple Home differently.');
    expect(text).toContain('  forward → block: 54');
    expect(text).toContain('  rule 1 "Garden private": would decide 54 (54 changed)');
    expect(text).toContain('  Garden (outdoor-camera, id 2): 54 changed; forwarded 54 → 0, blocked 0 → 54');
    expect(text).toContain('  Hall (indoor-camera, id 3): no change (24 decisions)');
    expect(text).toContain('  Hallway Smoke (smoke-co-sensor, id 4): no change (1 decision)');
    expect(text).toContain('  forward → block (54):\n    2025-05-10T00:00:00.000Z  Garden  motion: forward by default → block by rule 1 "Garden private"\n');
    const polls = formatDryRunReport(
      dryRun(
        records.filter((r) => r.signal.type === 'snapshot'),
        DRAFT_BLOCKING_GARDEN,
      ),
    );
    expect(polls).toContain('against 6 recorded decisions in 1 ledger line,');
    expect(polls).toContain('    2025-05-10T13:00:00.000Z  Garden  snapshot ×6: forward by default → block by rule 1 "Garden private"');
    const invalid = formatDryRunReport(dryRun(records, { rules: [{ name: 'Broken', action: 'hide' }] }));
    expect(invalid).toContain('The draft privacy policy is invalid');
    expect(invalid).toContain('[rules[0].action] Rule 1 ("Broken"), "action": "hide" is not allowed');
  });
});

describe('dryRun of the state kinds that say who is home', () => {
  it('replays a recorded unlock as a lock change: a draft blocking lock-state changes it, and leaves the door sensor alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trygr-dry-run-lock-'));
    try {
      const lock: Device = { id: '7', name: 'Front Lock', kind: 'lock', locationId: 'L' };
      const door: Device = { id: '8', name: 'Back Door', kind: 'contact-sensor', locationId: 'L' };
      const clock = Date.parse('2025-05-10T08:00:00.000Z');
      const ledger = new AuditLedger({ dir, settings: { enabled: true, retentionDays: 30, maxMegabytes: 20 }, now: () => clock, flushIntervalMs: 1_000_000 });
      const gate = new PrivacyGate({
        policy: compilePolicy(validatePolicy(RECORDED_POLICY).policy!),
        context: { context: (): DecisionContext => ({ mode: 'home', globalPrivacy: false, devicePrivacy: false, now: new Date(clock) }) },
        onDecision: (record) => ledger.record({ ...record, time: new Date(clock) }),
      });
      gate.decide(lock, { type: 'lock-state', lifeSafety: false });
      gate.decide(door, { type: 'alarm-state', lifeSafety: false });
      await ledger.close();
      const recorded = (await readLedger(dir)).records;
      expect(recorded.map((r) => r.signal.type)).toEqual(['lock-state', 'alarm-state']);

      const report = dryRun(recorded, {
        timeZone: 'UTC',
        defaultAction: 'forward',
        rules: [{ name: 'Locking private', signals: ['lock-state'], action: 'block' }],
      }) as DryRunResult;
      expect(report.changed).toBe(1);
      expect(report.devices.filter((d) => d.changed > 0).map((d) => d.name)).toEqual(['Front Lock']);
      const everyState = dryRun(recorded, {
        timeZone: 'UTC',
        defaultAction: 'forward',
        rules: [{ name: 'Hub private', devices: { kinds: ['lock', 'contact-sensor'] }, signals: ['alarm-state'], action: 'block' }],
      }) as DryRunResult;
      expect(everyState.changed).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
