/**
 * Random platform blocks, as a careless editor, a broken UI or a hostile file would write them:
 * the parser never throws, always returns a complete config, and says what it did not use in
 * short sentences that quote no value (but a mistyped word of a fixed list, cut short); huge
 * blocks cost little.
 */
import fc from 'fast-check';
import { OPTIONS } from './options.js';
import { parseConfig, type TrygrConfig } from './parse-config.js';

const KEYS = [...OPTIONS.map((spec) => spec.key), 'platform', 'name', '_bridge', 'privacy'];
const SECRET = 'SECRET-VALUE-7f3a';

/** Values near what the options expect, and far from it; every string carries a marker that must never be echoed. */
const value = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom('0x20', '1e2', '20', ' 20', '-0', '', 'NaN', '9'.repeat(400)),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constantFrom('camera', 'smoke-co-sensor', 'doorbell')), { maxLength: 20 }),
  fc.string().map((text) => `${SECRET}${text}`),
);
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 80 }));
const block = fc.dictionary(key, value, { maxKeys: 40 });

function expectComplete(config: TrygrConfig): void {
  for (const spec of OPTIONS) {
    const actual = config[spec.key as keyof TrygrConfig];
    switch (spec.type) {
      case 'integer':
        expect(Number.isInteger(actual)).toBe(true);
        // In range, or exactly the "off" value (0, never -0).
        if (!Object.is(actual, spec.off)) {
          expect(actual as number).toBeGreaterThanOrEqual(spec.minimum!);
          expect(actual as number).toBeLessThanOrEqual(spec.maximum!);
        }
        break;
      case 'boolean':
        expect(typeof actual).toBe('boolean');
        break;
      case 'string':
        expect(actual === undefined || typeof actual === 'string').toBe(true);
        break;
      default:
        expect(Array.isArray(actual) && (actual as unknown[]).every((item) => typeof item === 'string')).toBe(true);
    }
  }
  expect(typeof config.name).toBe('string');
}

describe('parseConfig on random blocks', () => {
  test('never throws; always a complete config; problems are short single lines that quote no secret', () => {
    fc.assert(
      fc.property(fc.oneof(block, value), (raw) => {
        const { config, problems } = parseConfig(raw);
        expectComplete(config);
        expect(problems.length).toBeLessThanOrEqual(OPTIONS.length + 7);
        for (const problem of problems) {
          expect(problem.message).toMatch(/^(`[^`]*`|Unknown option|The Trygr platform block|\d+ more unknown)/);
          expect(problem.message.length).toBeLessThan(500);
          // A wrong word in a list of allowed words is quoted back (cut short) to show the typo; nothing else is.
          if (problem.field !== 'hideDeviceFamilies') expect(problem.message).not.toContain(SECRET);
          expect(problem.message).not.toMatch(/[\n\r]/);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('huge blocks: bounded output and little memory, whatever the input size', () => {
    const huge: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) huge[`k${i}`.repeat(20)] = SECRET.repeat(10);
    huge.hideDeviceIds = Array.from({ length: 200_000 }, (_, i) => `id-${i}`);
    huge.locationIds = 'l'.repeat(1_000_000);
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    const { config, problems } = parseConfig(huge);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
    expectComplete(config);
    expect(JSON.stringify(problems).length).toBeLessThan(2000);
  });
});
