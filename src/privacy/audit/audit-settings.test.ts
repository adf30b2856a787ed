import { describe, expect, it } from '@jest/globals';
import { validatePolicy } from '../policy-validate.js';
import { auditSettingsFromPrivacy, DEFAULT_AUDIT_SETTINGS } from './audit-settings.js';

const messages = (raw: unknown): string[] => validatePolicy(raw, { defaultTimeZone: 'UTC' }).errors.map((e) => e.message);

describe('privacy.audit in the policy validator', () => {
  it('accepts the audit block and leaves the policy as it was', () => {
    const withAudit = validatePolicy({ timeZone: 'UTC', audit: { enabled: false, retentionDays: 7, maxMegabytes: 2.5 } });
    const without = validatePolicy({ timeZone: 'UTC' });
    expect(withAudit.errors).toEqual([]);
    expect(withAudit.policy).toEqual(without.policy);
  });

  it.each([
    [
      'an unknown key',
      { retention: 7 },
      'audit.retention',
      'Privacy setting "audit.retention": "retention" is not a setting here; allowed are "enabled", "retentionDays", "maxMegabytes".',
    ],
    ['enabled as text', { enabled: 'yes' }, 'audit.enabled', 'Privacy setting "audit.enabled": must be true or false, not "yes".'],
    ['a fractional retention', { retentionDays: 1.5 }, 'audit.retentionDays', 'Privacy setting "audit.retentionDays": must be a whole number from 1 to 365, not 1.5.'],
    ['a zero retention', { retentionDays: 0 }, 'audit.retentionDays', 'Privacy setting "audit.retentionDays": 0 is out of range; use a whole number from 1 to 365.'],
    ['a retention as text', { retentionDays: '30' }, 'audit.retentionDays', 'must be a whole number from 1 to 365, not "30".'],
    ['a huge size', { maxMegabytes: 5000 }, 'audit.maxMegabytes', 'Privacy setting "audit.maxMegabytes": 5000 is out of range; use a number from 1 to 1024.'],
    ['a size that is not a number', { maxMegabytes: Number.NaN }, 'audit.maxMegabytes', 'must be a number from 1 to 1024, not NaN.'],
    ['a list', [], 'audit', 'Privacy setting "audit": must be an object'],
  ])('refuses %s, naming the field', (_label, audit, path, message) => {
    const { errors, policy } = validatePolicy({ timeZone: 'UTC', audit });
    expect(policy).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe(path);
    expect(errors[0]!.message).toContain(message);
  });

  it('reports audit problems together with rule problems', () => {
    expect(messages({ audit: { retentionDays: -1 }, rules: [{ name: 'R', action: 'hide' }] })).toHaveLength(2);
  });
});

describe('auditSettingsFromPrivacy', () => {
  it('uses the defaults when nothing is configured, or the privacy block is not an object', () => {
    expect(auditSettingsFromPrivacy(undefined)).toEqual({ settings: DEFAULT_AUDIT_SETTINGS, errors: [] });
    expect(auditSettingsFromPrivacy({ rules: [] })).toEqual({ settings: { enabled: true, retentionDays: 30, maxMegabytes: 20 }, errors: [] });
    expect(auditSettingsFromPrivacy('nonsense').settings).toEqual(DEFAULT_AUDIT_SETTINGS);
  });

  it('reads the configured values even when the rules are broken', () => {
    const raw = { rules: [{ name: 'Broken', action: 'nope' }], audit: { enabled: false, retentionDays: 3, maxMegabytes: 1 } };
    expect(auditSettingsFromPrivacy(raw)).toEqual({ settings: { enabled: false, retentionDays: 3, maxMegabytes: 1 }, errors: [] });
  });

  it('falls back field by field and reports what it did not use', () => {
    const { settings, errors } = auditSettingsFromPrivacy({ audit: { enabled: false, retentionDays: 1000, maxMegabytes: 'lots' } });
    expect(settings).toEqual({ enabled: false, retentionDays: 30, maxMegabytes: 20 });
    expect(errors.map((e) => e.path)).toEqual(['audit.retentionDays', 'audit.maxMegabytes']);
  });
});
