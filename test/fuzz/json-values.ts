/**
 * Random JSON-ish values and structural mutations of real ones: what Ring, a WebSocket peer or the
 * settings page might send when something upstream is broken or hostile.
 */
import type { Rng } from './seeded-random.js';

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'then',
  'length',
  '',
  ' ',
  'id',
  'zid',
  'data',
  'body',
  'msg',
  'ding',
  'event',
  'kind',
  'rt',
  'refreshToken',
];

/** Strings that tend to break parsers and formatters. */
const STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  'NaN',
  '1e309',
  '0x20',
  '{',
  '[',
  '"',
  '\\',
  '%',
  '%E0%A4%A',
  '\u0000',
  '\ud800',
  '💥',
  '../../etc/passwd',
  '<script>',
  '${x}',
  '{{x}}',
  'a'.repeat(300),
  'human',
  'ding',
  'motion',
  'com.ring.pn.live-event.motion',
  '2024-02-30T25:61:61Z',
  '9007199254740993',
  '12345678901234567890123',
];

const NUMBERS = [0, -0, 1, -1, 0.5, 255, 65536, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e-308, Number.MAX_SAFE_INTEGER];

export function randomString(rng: Rng): string {
  if (rng.chance(0.6)) return rng.pick(STRINGS);
  if (rng.chance(0.1)) return 'x'.repeat(rng.range(1_000, 70_000));
  return Array.from({ length: rng.range(0, 24) }, () => String.fromCharCode(rng.chance(0.8) ? rng.range(32, 126) : rng.int(0x3000))).join('');
}

/** Any JSON value, nesting at most `depth` deep. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const kind = rng.int(depth > 0 ? 7 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NUMBERS);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return Array.from({ length: rng.range(0, rng.chance(0.05) ? 500 : 4) }, () => randomJson(rng, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = rng.range(0, 4); i > 0; i--) {
        setOwn(object, rng.chance(0.5) ? rng.pick(KEYS) : randomString(rng).slice(0, 20), randomJson(rng, depth - 1));
      }
      return object;
    }
  }
}

type Container = Record<string, unknown> | unknown[];

/** Sets an own property, even `__proto__` (as JSON.parse would): a plain assignment would swap the prototype. */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Every [parent, key] in a value, for picking a place to mutate. */
function places(value: unknown, out: Array<[Container, string | number]> = [], depth = 0): Array<[Container, string | number]> {
  if (!isContainer(value) || depth > 8) return out;
  const keys: Array<string | number> = Array.isArray(value) ? Array.from({ length: value.length }, (_, i) => i) : Object.keys(value);
  for (const key of keys) {
    out.push([value, key]);
    places((value as Record<string | number, unknown>)[key], out, depth + 1);
  }
  return out;
}

/**
 * A copy of `value` with `count` random changes: a field replaced by another type, deleted,
 * wrapped in an array, nulled, or a new odd field added. `keep` names paths (dot-joined) left as
 * they are, so a mutated message can still reach the code that reads the rest of it.
 */
export function mutate(value: unknown, rng: Rng, count = 1, keep: readonly string[] = []): unknown {
  const copy = structuredClone(value);
  for (let i = 0; i < count; i++) {
    const candidates = places(copy).filter(([parent, key]) => !keep.some((path) => pathOf(copy, parent, key) === path));
    if (candidates.length === 0) return randomJson(rng);
    const [parent, key] = rng.pick(candidates);
    const slot = parent as Record<string | number, unknown>;
    switch (rng.int(6)) {
      case 0:
        if (Array.isArray(slot)) slot.splice(Number(key), 1);
        else delete slot[key];
        break;
      case 1:
        setOwn(slot, key, null);
        break;
      case 2:
        setOwn(slot, key, [slot[key]]);
        break;
      case 3:
        setOwn(slot, key, typeof slot[key] === 'string' ? rng.pick(NUMBERS) : randomString(rng));
        break;
      case 4:
        // An odd extra field; arrays get an odd extra element instead (a `constructor` on an array breaks more than the target).
        if (Array.isArray(slot)) slot.push(randomJson(rng, 2));
        else setOwn(slot, rng.pick(KEYS), randomJson(rng, 2));
        break;
      default:
        setOwn(slot, key, randomJson(rng, 2));
    }
  }
  return copy;
}

/** The dot-joined path of parent[key] inside root (slow, but values here are small). */
function pathOf(root: unknown, parent: Container, key: string | number): string | undefined {
  const walk = (node: unknown, prefix: string): string | undefined => {
    if (!isContainer(node)) return undefined;
    if (node === parent) return prefix ? `${prefix}.${key}` : String(key);
    for (const [k, child] of Object.entries(node)) {
      const found = walk(child, prefix ? `${prefix}.${k}` : k);
      if (found) return found;
    }
    return undefined;
  };
  return walk(root, '');
}

/** JSON text cut short, or with a byte flipped: what a broken proxy or a half-sent frame looks like. */
export function damageText(text: string, rng: Rng): string {
  if (text.length === 0) return rng.pick(['{', '[', '"']);
  const at = rng.int(text.length);
  return rng.chance(0.5) ? text.slice(0, at) : `${text.slice(0, at)}${String.fromCharCode(rng.int(256))}${text.slice(at + 1)}`;
}
