import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hostPackage } from '../../test/harness/repo-paths.js';
import { buildConfigSchema } from './schema.js';
import { OPTIONS } from './options.js';

describe('config.schema.json', () => {
  const onDisk = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));

  test('is the one generated from the option catalogue (run `npm run schema` after changing options)', () => {
    const { privacy, ...options } = onDisk.schema.properties;
    const generated = JSON.parse(JSON.stringify(buildConfigSchema()));
    expect({ ...onDisk, schema: { ...onDisk.schema, properties: options } }).toEqual({
      ...generated,
      schema: { ...generated.schema, properties: { ...generated.schema.properties, privacy: undefined } },
    });
    expect(privacy.type).toBe('object');
  });

  test('declares the Trygr platform, singular, with every option laid out and described', () => {
    expect(onDisk.pluginAlias).toBe('Trygr');
    expect(onDisk.pluginType).toBe('platform');
    expect(onDisk.singular).toBe(true);
    const laidOut = onDisk.layout.flatMap((item: unknown) => (typeof item === 'string' ? [item] : (item as { items: string[] }).items));
    for (const spec of OPTIONS) {
      expect(laidOut).toContain(spec.key);
      expect(onDisk.schema.properties[spec.key].description.length).toBeGreaterThan(10);
    }
  });
});

describe("secret options in the Homebridge UI's form", () => {
  const onDisk = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));

  test('render as a password field, not clear text', () => {
    const secrets = OPTIONS.filter((spec) => spec.secret);
    expect(secrets.map((spec) => spec.key)).toContain('refreshToken');
    for (const spec of secrets) {
      expect([spec.key, onDisk.schema.properties[spec.key]['x-schema-form']]).toEqual([spec.key, { type: 'password' }]);
    }
  });

  test('the Homebridge UI under test takes the widget from `x-schema-form.type` and has a password input', () => {
    // Its form library (angular json-schema-form, bundled): getInputType reads "/x-schema-form/type" first,
    // and the widget library maps "password" to the text input with type="password".
    // The repository's UI 5.10, or the newest one in CI's Homebridge 2 lane (TRYGR_LANE_DIR).
    const dir = path.join(hostPackage('homebridge-config-ui-x').dir, 'public');
    const bundle = readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(path.join(dir, name), 'utf8'))
      .join('\n');
    // 5.10's bundle quotes strings with "", later ones with backticks.
    expect(bundle).toMatch(/["`]\/x-schema-form\/type["`]/);
    expect(bundle).toMatch(/password:["`]text["`]/);
  });
});

describe('README option table', () => {
  test('is the one generated from the option catalogue (run `npm run schema` after changing options)', async () => {
    const { withGeneratedTables } = await import('./options-doc.js');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withGeneratedTables(readme)).toBe(readme);
  });
});
