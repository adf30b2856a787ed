import { describe, expect, it } from '@jest/globals';
import { validatePolicy } from './policy-validate.js';
import type { Device } from './types.js';

/** Validates a policy with the given rules and returns the error messages. */
function ruleErrors(...rules: unknown[]): string[] {
  return validatePolicy({ timeZone: 'Europe/Berlin', rules }).errors.map((e) => e.message);
}

const camerasOnly = { kinds: ['camera'] };

describe('validatePolicy: accepted policies', () => {
  it('fills in defaults when the privacy block is absent', () => {
    const result = validatePolicy(undefined, { defaultTimeZone: 'America/New_York' });
    expect(result.errors).toEqual([]);
    expect(result.policy).toEqual({
      defaultAction: 'forward',
      timeZone: 'America/New_York',
      privacySwitchBlocks: true,
      rules: [],
    });
  });

  it('reads the documented example and normalises it', () => {
    const raw = {
      defaultAction: 'event-only',
      timeZone: 'Europe/Berlin',
      privacySwitchBlocks: false,
      rules: [
        {
          name: 'Indoor private at home',
          devices: { kinds: ['indoor-camera'], ids: ['123', 456], names: ['Living Room'] },
          signals: ['motion', 'snapshot', 'stream-start', 'event-snapshot'],
          when: {
            modes: ['home', 'disarmed'],
            privacySwitch: 'any',
            schedule: { days: ['mon', 'tue'], from: '22:00', to: '06:00' },
            detectionTypes: ['person'],
          },
          action: 'event-only',
          snapshot: {
            redact: [
              { method: 'mask', zones: [{ x: 0.1, y: 0, w: 0.3, h: 0.5 }] },
              { method: 'blur' },
              { method: 'pixelate', strength: 0.1, zones: [{ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }] },
            ],
          },
        },
        { devices: camerasOnly, action: 'block', when: { privacySwitch: 'on' } },
      ],
    };
    const { policy, errors } = validatePolicy(raw);
    expect(errors).toEqual([]);
    expect(policy).toEqual({
      defaultAction: 'event-only',
      timeZone: 'Europe/Berlin',
      privacySwitchBlocks: false,
      rules: [
        {
          name: 'Indoor private at home',
          devices: { kinds: ['indoor-camera'], ids: ['123', '456'], names: ['Living Room'] },
          signals: ['motion', 'snapshot', 'stream-start', 'event-snapshot'],
          when: {
            modes: ['home', 'disarmed'],
            schedule: { days: ['mon', 'tue'], from: '22:00', to: '06:00' },
            detectionTypes: ['person'],
          },
          action: 'event-only',
          snapshot: {
            redact: [
              { method: 'mask', zones: [{ x: 0.1, y: 0, w: 0.3, h: 0.5 }] },
              { method: 'blur', strength: 0.03 },
              { method: 'pixelate', strength: 0.1, zones: [{ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }] },
            ],
          },
        },
        { name: 'Rule 2', devices: camerasOnly, action: 'block', when: { privacySwitch: 'on' } },
      ],
    });
  });

  it('accepts a zone touching the edges and "24:00" as an end time', () => {
    const rule = {
      name: 'Evening',
      devices: camerasOnly,
      action: 'event-only',
      when: { schedule: { from: '18:00', to: '24:00' } },
      snapshot: { redact: [{ method: 'mask', zones: [{ x: 0.7, y: 0.9, w: 0.3, h: 0.1 }] }] },
    };
    expect(ruleErrors(rule)).toEqual([]);
  });

  it('reads an anonymizing step: faces or persons found in each picture, by any method, beside zone steps', () => {
    const rule = {
      name: 'Doorbell faces',
      devices: camerasOnly,
      action: 'event-only',
      snapshot: {
        redact: [
          { method: 'blur', anonymize: 'faces' },
          { method: 'mask', anonymize: 'persons' },
          { method: 'pixelate', zones: [{ x: 0, y: 0, w: 0.2, h: 0.2 }] },
        ],
      },
    };
    const { policy, errors } = validatePolicy({ rules: [rule] });
    expect(errors).toEqual([]);
    expect(policy?.rules[0]!.snapshot?.redact).toEqual([
      { method: 'blur', anonymize: 'faces', strength: 0.03 },
      { method: 'mask', anonymize: 'persons' },
      { method: 'pixelate', zones: [{ x: 0, y: 0, w: 0.2, h: 0.2 }], strength: 0.04 },
    ]);
  });

  it('accepts restrictive rules that leave life safety alone', () => {
    expect(ruleErrors({ name: 'A', action: 'block', signals: ['motion', 'snapshot'] })).toEqual([]);
    expect(ruleErrors({ name: 'B', action: 'block', devices: { kinds: ['contact-sensor', 'camera'] } })).toEqual([]);
    expect(ruleErrors({ name: 'C', action: 'block', when: { detectionTypes: ['person'] } })).toEqual([]);
    expect(ruleErrors({ name: 'D', action: 'forward' })).toEqual([]);
  });
});

describe('validatePolicy: every error names the rule and the field', () => {
  it.each([
    ['an unknown action', { name: 'R', action: 'hide' }, 'Rule 1 ("R"), "action": "hide" is not allowed; use one of "forward", "event-only", "block".'],
    ['a missing action', { name: 'R' }, 'Rule 1 ("R"), "action": is missing'],
    ['an unknown signal', { name: 'R', action: 'forward', signals: ['motion', 'ring'] }, 'Rule 1 ("R"), "signals[1]": "ring" is not a known signal'],
    ['an unknown device kind', { name: 'R', action: 'forward', devices: { kinds: ['toaster'] } }, '"devices.kinds[0]": "toaster" is not a known device kind or group'],
    ['an unknown mode', { name: 'R', action: 'forward', when: { modes: ['vacation'] } }, '"when.modes[0]": "vacation" is not a known mode'],
    ['the mode "unknown"', { name: 'R', action: 'forward', when: { modes: ['unknown'] } }, '"unknown" cannot be chosen'],
    ['an unknown day', { name: 'R', action: 'forward', when: { schedule: { days: ['monday'] } } }, '"when.schedule.days[0]": "monday" is not a known day'],
    ['a bad time', { name: 'R', action: 'forward', when: { schedule: { from: '25:00', to: '06:00' } } }, '"when.schedule.from": "25:00" is not a time; use HH:MM'],
    ['a time without minutes', { name: 'R', action: 'forward', when: { schedule: { from: '22:00', to: '6' } } }, '"when.schedule.to": "6" is not a time'],
    ['"from" without "to"', { name: 'R', action: 'forward', when: { schedule: { from: '22:00' } } }, 'needs both "from" and "to"'],
    ['equal from and to', { name: 'R', action: 'forward', when: { schedule: { from: '08:00', to: '08:00' } } }, 'ambiguous'],
    ['an unknown switch state', { name: 'R', action: 'forward', when: { privacySwitch: 'maybe' } }, '"when.privacySwitch": "maybe" is not allowed'],
    ['an unknown detection type', { name: 'R', action: 'forward', when: { detectionTypes: ['cat'] } }, '"when.detectionTypes[0]": "cat" is not a known detection type'],
    [
      'an unknown treatment',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'smudge' }] } },
      '"snapshot.redact[0].method": "smudge" is not allowed',
    ],
    [
      'a zone outside the image',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'mask', zones: [{ x: 0.8, y: 0, w: 0.3, h: 1 }] }] } },
      '"snapshot.redact[0].zones[0]": reaches outside the image',
    ],
    [
      'a zone with no size',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'mask', zones: [{ x: 0.1, y: 0.1, w: 0, h: 0.5 }] }] } },
      'have a size',
    ],
    [
      'a negative zone',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'blur', zones: [{ x: -0.1, y: 0, w: 0.5, h: 0.5 }] }] } },
      'must start inside the image',
    ],
    [
      'a zone that is not numbers',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'blur', zones: [{ x: '0', y: 0, w: 0.5, h: 0.5 }] }] } },
      'needs numbers',
    ],
    [
      'a strength out of range',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'blur', strength: 2 }] } },
      '"snapshot.redact[0].strength": 2 is out of range',
    ],
    [
      'a strength on a mask',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'mask', strength: 0.1 }] } },
      'does not apply to "mask"',
    ],
    [
      'an unknown anonymize target',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'blur', anonymize: 'cars' }] } },
      '"snapshot.redact[0].anonymize": "cars" is not allowed; use one of "faces", "persons"',
    ],
    [
      'anonymize and zones in one step',
      { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [{ method: 'blur', anonymize: 'faces', zones: [{ x: 0, y: 0, w: 1, h: 1 }] }] } },
      'has both "zones" and "anonymize"',
    ],
    [
      'a snapshot on a block rule',
      { name: 'R', action: 'block', devices: camerasOnly, snapshot: { redact: [{ method: 'blur' }] } },
      '"snapshot": only applies to "event-only" rules',
    ],
    ['an empty redaction list', { name: 'R', action: 'event-only', devices: camerasOnly, snapshot: { redact: [] } }, '"snapshot.redact": must be a non-empty list'],
    ['an empty list', { name: 'R', action: 'forward', signals: [] }, '"signals": is an empty list, which would match nothing'],
    ['an empty device selector', { name: 'R', action: 'forward', devices: {} }, 'leave "devices" out to select every device'],
    ['a misspelt key', { name: 'R', action: 'forward', signal: ['motion'] }, 'Rule 1 ("R"), "signal": "signal" is not a setting here'],
    ['a misspelt condition', { name: 'R', action: 'forward', when: { mode: ['home'] } }, '"when.mode": "mode" is not a setting here'],
    ['a rule that is not an object', 'block', 'Rule 1 must be an object'],
  ])('%s', (_label, rule, expected) => {
    const messages = ruleErrors(rule);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(expected);
  });

  it('reports the index and name in the structured error too', () => {
    const { errors, policy } = validatePolicy({
      rules: [
        { name: 'Fine', action: 'forward' },
        { name: 'Broken', action: 'nope' },
      ],
    });
    expect(policy).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ path: 'rules[1].action', ruleIndex: 1, ruleName: 'Broken' })]);
    expect(errors[0]!.message.startsWith('Rule 2 ("Broken")')).toBe(true);
  });

  it('reports every problem at once, not just the first', () => {
    const messages = ruleErrors(
      { name: 'One', action: 'blok', signals: ['moton'] },
      { name: 'Two', action: 'forward', when: { schedule: { days: ['fri'], from: '9:00', to: '17:00' } } },
    );
    expect(messages).toHaveLength(3);
  });

  it('refuses bad top-level settings', () => {
    const messages = (raw: unknown) =>
      validatePolicy(raw)
        .errors.map((e) => e.message)
        .join('\n');
    expect(messages({ timeZone: 'Mars/Base' })).toContain('"timeZone": "Mars/Base" is not a time zone this system knows');
    expect(messages({ defaultAction: 'allow' })).toContain('"defaultAction": "allow" is not allowed');
    expect(messages({ privacySwitchBlocks: 'yes' })).toContain('"privacySwitchBlocks": must be true or false');
    expect(messages({ rules: {} })).toContain('"rules": must be a list of rules');
    expect(messages({ rule: [] })).toContain('"rule": "rule" is not a setting here');
    expect(messages('block everything')).toContain('The "privacy" setting must be an object');
  });
});

describe('validatePolicy: life safety cannot be blocked', () => {
  it.each([
    ['a rule for every device and signal', { name: 'Everything', action: 'block' }],
    ['event-only over all alarm devices', { name: 'Quiet alarm', action: 'event-only', devices: { kinds: ['alarm'] } }],
    ['alarm-state of smoke sensors', { name: 'Smoke', action: 'block', devices: { kinds: ['smoke-co-sensor'] }, signals: ['alarm-state'] }],
    ['the security panel', { name: 'Panel', action: 'block', devices: { kinds: ['security-panel'] } }],
    ['the sensor group', { name: 'Sensors', action: 'block', devices: { kinds: ['sensor'] }, when: { modes: ['home'] } }],
  ])('refuses %s', (_label, rule) => {
    const messages = ruleErrors(rule);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^Rule 1 \(".+"\) is a "(block|event-only)" rule that would cover life-safety alarms/);
    expect(messages[0]).toContain('always reach Apple Home');
  });

  it('names the life-safety kinds it found', () => {
    const [message] = ruleErrors({ name: 'Flood', action: 'block', devices: { kinds: ['flood-freeze-sensor', 'contact-sensor'] } });
    expect(message).toContain('flood-freeze-sensor');
    expect(message).not.toContain('contact-sensor devices');
  });

  it('checks ids and names against known devices when given', () => {
    const knownDevices: Device[] = [
      { id: '9', name: 'Hallway Smoke', kind: 'smoke-co-sensor', locationId: 'L' },
      { id: '10', name: 'Back Door', kind: 'contact-sensor', locationId: 'L' },
    ];
    const byName = { rules: [{ name: 'N', action: 'block', devices: { names: ['hallway  smoke'] } }] };
    const byId = { rules: [{ name: 'I', action: 'block', devices: { ids: ['9'] } }] };
    const harmless = { rules: [{ name: 'H', action: 'block', devices: { ids: ['10'], names: ['Back Door'] } }] };
    expect(validatePolicy(byName, { knownDevices }).errors).toHaveLength(1);
    expect(validatePolicy(byId, { knownDevices }).errors).toHaveLength(1);
    expect(validatePolicy(harmless, { knownDevices }).errors).toEqual([]);
    // Without the device list only kinds can be checked (decide() still forwards life safety).
    expect(validatePolicy(byId).errors).toEqual([]);
  });
});
