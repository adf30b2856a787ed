import fc from 'fast-check';
import { DEVICE_FAMILIES, UNHIDEABLE_FAMILIES } from './device-kinds.js';
import { OPTIONS } from './options.js';
import { parseConfig } from './parse-config.js';

describe('parseConfig', () => {
  test('a block with only the platform and a token gives a complete setup with defaults', () => {
    const { config, problems } = parseConfig({ platform: 'Trygr', refreshToken: 'abc' });
    expect(problems).toEqual([]);
    expect(config.refreshToken).toBe('abc');
    expect(config.name).toBe('Trygr');
    for (const spec of OPTIONS) {
      if (spec.default !== undefined) {
        expect(config[spec.key as keyof typeof config]).toEqual(spec.default);
      }
    }
    expect(config.cameraStatusPollingSeconds).toBe(20);
    expect(config.personSensor).toBe(true);
    expect(config.vehicleSensor).toBe(false);
  });

  test.each([
    ['cameraStatusPollingSeconds', 'abc', /whole number from 10 to 3600.*Using 20/],
    ['cameraStatusPollingSeconds', 2, /out of range.*Using 20/],
    ['locationModePollingSeconds', 5, /should be 0 \(off\) or a whole number from 10 to 3600; 5 is out of range.*Using 20/],
    ['personSensor', 'yes', /true or false.*Using true/],
    ['refreshToken', 42, /should be text, not number/],
    ['hideDeviceFamilies', ['camera', 'toaster'], /unknown value "toaster"/],
    ['hideDeviceIds', { a: 1 }, /list of text values, not object/],
    ['motionResetSecond', 3, /Unknown option `motionResetSecond`/],
    ['hideDoorbellSwitch', true, /^`hideDoorbellSwitch` is a homebridge-ring option and is ignored here\. `doorbellSwitch` \(the button is hidden unless set\)\.$/],
    ['hideCameraLight', true, /homebridge-ring option.*`cameraLight` \(on by default\)/],
  ])('%s = %j is reported and the default kept', (field, value, message) => {
    const { config, problems } = parseConfig({ platform: 'Trygr', [field]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
    const spec = OPTIONS.find((o) => o.key === field);
    if (spec) {
      expect(config[field as keyof typeof config]).toEqual(spec.default);
    }
  });

  test('an option with an "off" value takes it besides its range', () => {
    expect(parseConfig({ locationModePollingSeconds: 0 })).toMatchObject({ config: { locationModePollingSeconds: 0 }, problems: [] });
    expect(parseConfig({ locationModePollingSeconds: 10 })).toMatchObject({ config: { locationModePollingSeconds: 10 }, problems: [] });
    expect(parseConfig({ locationModePollingSeconds: -1 }).problems).toHaveLength(1);
  });

  test.each([
    [
      ['smoke-co-sensor', 'chime'],
      ['chime'],
      /cannot hold "smoke-co-sensor": life-safety alarms always reach Apple Home\. It is ignored; the rest of the list applies\./,
    ],
    [
      ['flood-freeze-sensor', 'camera', 'security-panel'],
      ['camera'],
      /cannot hold "flood-freeze-sensor", "security-panel": life-safety alarms always reach Apple Home\. They are ignored/,
    ],
    ['security-panel', [], /cannot hold "security-panel"/],
    [['smoke-co-sensor', 'smoke-co-sensor'], [], /cannot hold "smoke-co-sensor": .*It is ignored/],
  ])('hideDeviceFamilies %j: the life-safety family is a config error and ignored, the rest applies (%j)', (given, kept, message) => {
    const { config, problems } = parseConfig({ platform: 'Trygr', hideDeviceFamilies: given });
    expect(problems).toEqual([{ field: 'hideDeviceFamilies', message: expect.stringMatching(message) }]);
    expect(problems[0].message).toMatch(/^`hideDeviceFamilies` /);
    expect(config.hideDeviceFamilies).toEqual(kept);
  });

  test('no life-safety family survives parsing, whatever the list holds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DEVICE_FAMILIES, 'toaster')), (families) => {
        const { config } = parseConfig({ hideDeviceFamilies: families });
        expect(config.hideDeviceFamilies.filter((family) => UNHIDEABLE_FAMILIES.includes(family))).toEqual([]);
      }),
    );
  });

  test('numbers written as text and single ids are accepted', () => {
    const { config, problems } = parseConfig({ cameraStatusPollingSeconds: '30', hideDeviceIds: 123 });
    expect(problems.map((p) => p.field)).toEqual(['hideDeviceIds']);
    expect(config.cameraStatusPollingSeconds).toBe(30);
    expect(parseConfig({ hideDeviceIds: '123' }).config.hideDeviceIds).toEqual(['123']);
  });

  test.each([['0x20'], ['1e2'], ['0b1111'], ['0o17'], [' 30 '], ['30.0'], ['+30'], ['Infinity'], ['30s']])(
    'an integer written as %j is not a plain decimal and is refused',
    (text) => {
      const { config, problems } = parseConfig({ cameraStatusPollingSeconds: text });
      expect(problems).toEqual([{ field: 'cameraStatusPollingSeconds', message: expect.stringMatching(/whole number from 10 to 3600.*Using 20/) }]);
      expect(config.cameraStatusPollingSeconds).toBe(20);
    },
  );

  test('JSON numbers that are integers count, however they were written in the file', () => {
    expect(parseConfig(JSON.parse('{"cameraStatusPollingSeconds": 1e2}')).config.cameraStatusPollingSeconds).toBe(100);
    expect(parseConfig({ cameraStatusPollingSeconds: '-5' }).problems[0]?.message).toMatch(/-5 is out of range/);
  });

  test('unknown keys: the first five are named, cut short and escaped, the rest counted; values never shown', () => {
    const block: Record<string, unknown> = { platform: 'Trygr' };
    for (let i = 0; i < 10_000; i++) block[`stray${i}`] = `secret-value-${i}`;
    block['x'.repeat(5000)] = 'secret-long';
    block['evil\nline'] = 'secret-newline';
    const { problems } = parseConfig(block);
    expect(problems).toHaveLength(6);
    expect(problems.slice(0, 5).map((p) => p.message)).toEqual([0, 1, 2, 3, 4].map((i) => `Unknown option \`stray${i}\` is ignored.`));
    expect(problems[5]).toEqual({ field: '(unknown options)', message: '9997 more unknown options are ignored.' });
    const text = JSON.stringify(problems);
    expect(text).not.toContain('secret');
    expect(text.length).toBeLessThan(1000);
    const odd = parseConfig({ ['x'.repeat(5000)]: 1, 'evil\nline': 2 }).problems;
    expect(odd.map((p) => p.message)).toEqual([`Unknown option \`${'x'.repeat(40)}…\` is ignored.`, 'Unknown option `evil\\nline` is ignored.']);
    expect(odd.every((p) => p.field.length <= 41 && !p.message.includes('\n'))).toBe(true);
  });

  test('an unknown list value is quoted short; a list of any length costs no more than its length', () => {
    expect(parseConfig({ hideDeviceFamilies: ['t'.repeat(10_000)] }).problems[0]!.message.length).toBeLessThan(300);
    const huge = parseConfig({ hideDeviceIds: Array.from({ length: 100_000 }, (_, i) => String(i)) });
    expect(huge.problems).toEqual([{ field: 'hideDeviceIds', message: expect.stringMatching(/has 100000 entries; at most 1000 are allowed\. Using \[\]/) }]);
    expect(huge.config.hideDeviceIds).toEqual([]);
    expect(parseConfig({ locationIds: ['l'.repeat(201)] }).problems[0]!.message).toMatch(/longer than 200 characters/);
  });

  test('a blank token counts as no token', () => {
    expect(parseConfig({ refreshToken: '   ' }).config.refreshToken).toBeUndefined();
  });

  test('the child bridge username is picked up', () => {
    expect(parseConfig({ _bridge: { username: 'AA:BB:CC:DD:EE:FF' } }).config.bridgeUsername).toBe('AA:BB:CC:DD:EE:FF');
  });

  test('a block that is not an object is a problem, not a crash', () => {
    for (const raw of [null, 'Trygr', 7, [1, 2]]) {
      const { config, problems } = parseConfig(raw);
      expect(problems[0].message).toMatch(/should be an object/);
      expect(config.cameraStatusPollingSeconds).toBe(20);
    }
  });

  test('never throws, and every option always has a valid value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...OPTIONS.map((o) => o.key), 'other'), fc.anything()), (raw) => {
        const { config } = parseConfig(raw);
        expect(config.cameraStatusPollingSeconds).toBeGreaterThanOrEqual(10);
        expect(Array.isArray(config.hideDeviceIds)).toBe(true);
        expect(typeof config.personSensor).toBe('boolean');
      }),
    );
  });
});
