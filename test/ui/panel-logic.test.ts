/** The settings panel server's pure parts: what Ring's answers mean, quick choices as rules, the audit chart's days. */
import { quickChoicesFor, signalLabel } from '../../homebridge-ui/public/js/kinds.js';
import { classifyOAuth } from '../../homebridge-ui/src/auth-outcome.js';
import { applyQuickChoice, QUICK_CHOICES, quickChoiceRefusal, quickChoiceState, quickRule } from '../../homebridge-ui/src/quick-choices.js';
import { UNHIDEABLE_KINDS } from '../../src/config/device-kinds.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditView, chartOf, daysBetween } from '../../homebridge-ui/src/audit-view.js';
import { formatAuditLine, summarizeLedger, toCommandRecord, type AuditRecord } from '../../src/privacy/audit/index.js';
import { validatePolicy } from '../../src/privacy/policy-validate.js';

describe('classifyOAuth', () => {
  test.each([
    [{ status: 200 }, 'signed-in', undefined],
    [{ status: 412 }, 'code-needed', undefined],
    [{ status: 400, error: 'Verification Code is invalid or expired' }, 'failed', 'wrong-code'],
    [{ status: 400, error: 'error requesting 2fa service to send code', errorDescription: 'too many requests from dependency service' }, 'failed', 'too-many-codes'],
    [{ status: 401, error: 'access_denied' }, 'failed', 'wrong-password'],
    [{ status: 429 }, 'failed', 'rate-limited'],
    [{ unreachable: true }, 'failed', 'unreachable'],
    [{}, 'failed', 'unreachable'],
    [{ status: 503, error: 'unavailable' }, 'failed', 'ring-error'],
  ])('%j → %s %s', (observed, kind, failure) => {
    const outcome = classifyOAuth(observed);
    expect(outcome.kind).toBe(kind);
    if (failure) expect(outcome).toMatchObject({ failure, message: expect.any(String) });
  });
});

describe('quick choices', () => {
  const camera = { id: '7', name: 'Hall' };

  test('every quick rule is one the plugin accepts', () => {
    for (const choice of ['private-while-home', 'no-snapshots', 'events-only', 'blur-faces'] as const) {
      expect(validatePolicy({ rules: [quickRule(choice, camera)] }, { knownDevices: [{ ...camera, kind: 'indoor-camera', locationId: 'l' }] }).errors).toEqual([]);
    }
  });

  test('a renamed quick rule still counts; turning a choice on twice adds it once, before the other rules', () => {
    const renamed = { ...quickRule('events-only', camera), name: 'My own name' };
    const block = { privacy: { defaultAction: 'forward', rules: [{ name: 'Other', action: 'forward' }, renamed] } };
    expect(quickChoiceState(block, camera)['events-only']).toBe(true);
    const on = applyQuickChoice(block, camera, 'events-only', true);
    expect((on.privacy as { rules: unknown[] }).rules).toEqual([quickRule('events-only', camera), { name: 'Other', action: 'forward' }]);
    expect((on.privacy as { defaultAction: string }).defaultAction).toBe('forward');
  });

  test('hide adds and removes the id in hideDeviceIds and leaves the policy alone', () => {
    const block = { privacy: { rules: [] }, hideDeviceIds: ['1'] };
    const hidden = applyQuickChoice(block, camera, 'hide', true);
    expect(hidden).toEqual({ privacy: block.privacy, hideDeviceIds: ['1', '7'] });
    expect(quickChoiceState(hidden, camera).hide).toBe(true);
    expect(applyQuickChoice(hidden, camera, 'hide', false).hideDeviceIds).toEqual(['1']);
  });

  test("a device hidden by its homebridge-ring UUID shows as hidden; turning Hide off takes the UUID out, on writes Ring's id", () => {
    const moved = { ...camera, aliases: ['ab12cd34-0000-4000-8000-000000000001'] };
    const block = { privacy: { rules: [] }, hideDeviceIds: ['1', 'AB12CD34-0000-4000-8000-000000000001'] };
    expect(quickChoiceState(block, moved).hide).toBe(true);
    const shown = applyQuickChoice(block, moved, 'hide', false);
    expect(shown.hideDeviceIds).toEqual(['1']);
    expect(applyQuickChoice(shown, moved, 'hide', true).hideDeviceIds).toEqual(['1', '7']);
    expect(applyQuickChoice(block, moved, 'hide', true).hideDeviceIds).toEqual(['1', '7']);
  });

  test.each(UNHIDEABLE_KINDS)('hiding a %s is refused with why; un-hiding it is not', (kind) => {
    expect(quickChoiceRefusal('hide', true, kind)).toBe('This device cannot be hidden. Life-safety alarms always reach Apple Home.');
    expect(quickChoiceRefusal('hide', false, kind)).toBeUndefined();
  });

  test('other kinds, and unknown ones, may be hidden; other choices are left to the policy validator', () => {
    for (const kind of ['indoor-camera', 'chime', 'contact-sensor', 'keypad', 'base-station', undefined]) {
      expect(quickChoiceRefusal('hide', true, kind)).toBeUndefined();
    }
    for (const choice of QUICK_CHOICES.filter((c) => c !== 'hide')) {
      expect(quickChoiceRefusal(choice, true, 'smoke-co-sensor')).toBeUndefined();
    }
  });
});

describe('audit chart', () => {
  test('days run from the start of the period to today in the zone, quiet days included', () => {
    const from = Date.parse('2026-03-27T12:00:00Z');
    const to = Date.parse('2026-03-31T01:30:00Z');
    expect(daysBetween(from, to, 'UTC')).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    // Across the spring-forward night in Berlin, and already the 31st there.
    expect(daysBetween(from, to, 'Europe/Berlin')).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
  });

  test('per device and per day, zero-filled', () => {
    const record = (time: string, id: string, action: 'forward' | 'block'): AuditRecord => ({
      v: 1,
      time,
      device: { id, name: `Cam ${id}`, kind: 'indoor-camera', locationId: 'l' },
      signal: { type: 'motion' },
      context: { mode: 'home', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
      rule: { basis: 'default' },
      action,
      snapshot: { kind: action === 'forward' ? 'original' : 'placeholder' },
      failedClosed: false,
    });
    const summary = summarizeLedger([
      record('2026-01-01T10:00:00Z', 'a', 'forward'),
      record('2026-01-03T10:00:00Z', 'a', 'block'),
      record('2026-01-03T11:00:00Z', 'b', 'block'),
    ]);
    const chart = chartOf(summary, ['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(chart.perDay.map((c) => [c.forwarded, c.blocked])).toEqual([
      [1, 0],
      [0, 0],
      [0, 2],
    ]);
    const a = chart.devices.find((d) => d.id === 'a')!;
    expect(a.perDay.map((c) => [c.forwarded, c.blocked])).toEqual([
      [1, 0],
      [0, 0],
      [0, 1],
    ]);
  });
});

describe('audit view with commands', () => {
  test('lists a command among the decisions and counts it apart, outside the chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trygr-audit-view-'));
    try {
      const now = Date.parse('2026-01-03T12:00:00Z');
      const device = { id: 'z1', name: 'Front Lock', kind: 'lock' as const, locationId: 'l' };
      const decision: AuditRecord = {
        v: 1,
        time: '2026-01-03T10:00:00.000Z',
        device,
        signal: { type: 'alarm-state' },
        context: { mode: 'home', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
        rule: { basis: 'default' },
        action: 'forward',
        snapshot: { kind: 'original' },
        failedClosed: false,
      };
      const unlock = toCommandRecord({
        time: new Date('2026-01-03T10:00:05Z'),
        device,
        command: { characteristic: 'LockTargetState', value: 0, service: 'lock' },
        outcome: { outcome: 'done' },
      })!;
      writeFileSync(join(dir, '2026-01-03.jsonl'), formatAuditLine(decision) + formatAuditLine(unlock));
      const view = await auditView(dir, { timeZone: 'UTC' }, 7, now);
      expect(view.totals.total).toBe(1);
      expect(view.commands).toEqual({ total: 1, done: 1, failed: 0, local: 0 });
      expect(view.latest.map((row) => (row.type === 'command' ? `${row.label}: ${row.outcome}` : row.signal))).toEqual(['Unlock: done', 'alarm-state']);
      expect(view.devices.map((d) => d.totals.total)).toEqual([1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('signal words in the audit', () => {
  test.each([
    ['alarm-state', 'contact-sensor', 'Opened or closed'],
    ['alarm-state', 'security-panel', 'Alarm, siren or mode'],
    ['mode-change', 'security-panel', 'Alarm and Ring mode changes'],
    ['lock-state', 'lock', 'Locking and unlocking'],
    ['alarm-state', 'location-mode', 'Ring mode'],
    ['alarm-state', 'smart-switch', 'Switch, battery or fault'],
    ['alarm-state', 'smoke-co-sensor', 'Smoke or CO alarm'],
    ['alarm-state', 'some-new-kind', 'Every device state change (sensors, alarm, locks, lights, switches, modes)'],
    ['motion', 'contact-sensor', 'Motion'],
    ['doorbell', 'doorbell', 'Doorbell presses'],
    ['made-up', 'doorbell', 'made-up'],
  ])('%s on a %s reads "%s"', (signal, kind, words) => {
    expect(signalLabel(signal, kind)).toBe(words);
  });
});

describe('quick choices offered per kind', () => {
  test.each([
    ['doorbell', ['private-while-home', 'no-snapshots', 'events-only', 'blur-faces', 'hide']],
    ['contact-sensor', ['private-while-home', 'hide']],
    ['chime', ['hide']],
    // "Private while home" on the mode itself would freeze it at the last Away: only hiding makes sense.
    ['location-mode', ['hide']],
    ['smart-switch', ['hide']],
    ['smoke-co-sensor', []],
  ])('%s: %j', (kind, choices) => {
    expect(quickChoicesFor(kind, { kinds: [...UNHIDEABLE_KINDS] })).toEqual(choices);
  });
});
