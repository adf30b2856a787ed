import { readFileSync } from 'node:fs';
import { policyJsonSchema } from './policy-schema.js';

describe('the privacy policy in config.schema.json', () => {
  test('is the generated one (run `npm run schema` after changing the policy vocabulary)', () => {
    const onDisk = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));
    expect(onDisk.schema.properties.privacy).toEqual(JSON.parse(JSON.stringify(policyJsonSchema())));
  });

  test('offers every action, signal and redaction the validator accepts', () => {
    const rule = (policyJsonSchema().properties as any).rules.items.properties;
    expect(rule.action.enum).toEqual(['forward', 'event-only', 'block']);
    expect(rule.signals.items.enum).toContain('stream-start');
    expect(rule.snapshot.properties.redact.items.properties.method.enum).toEqual(['pixelate', 'blur', 'mask']);
    expect(rule.devices.properties.kinds.items.enum).toEqual(expect.arrayContaining(['indoor-camera', 'camera', 'sensor']));
  });
});
