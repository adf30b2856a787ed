import { readFileSync } from 'node:fs';
import { buildConfigSchema } from './schema.js';
import { OPTIONS } from './options.js';

describe('config.schema.json', () => {
  const onDisk = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));

  test('is the one generated from the option catalogue (run `npm run schema` after changing options)', () => {
    const { privacy, ...options } = onDisk.schema.properties;
    const generated = JSON.parse(JSON.stringify(buildConfigSchema()));
    expect({ ...onDisk, schema: { ...onDisk.schema, properties: options } })
      .toEqual({ ...generated, schema: { ...generated.schema, properties: { ...generated.schema.properties, privacy: undefined } } });
    expect(privacy.type).toBe('object');
  });

  test('declares the Trygr platform, singular, with every option laid out and described', () => {
    expect(onDisk.pluginAlias).toBe('Trygr');
    expect(onDisk.pluginType).toBe('platform');
    expect(onDisk.singular).toBe(true);
    const laidOut = onDisk.layout.flatMap((item: unknown) =>
      typeof item === 'string' ? [item] : (item as { items: string[] }).items);
    for (const spec of OPTIONS) {
      expect(laidOut).toContain(spec.key);
      expect(onDisk.schema.properties[spec.key].description.length).toBeGreaterThan(10);
    }
  });
});

describe('README option table', () => {
  test('is the one generated from the option catalogue (run `npm run schema` after changing options)', async () => {
    const { withOptionsTable } = await import('./options-doc.js');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withOptionsTable(readme)).toBe(readme);
  });
});
