/**
 * Small readers for untrusted config values. Each one reports problems as full sentences
 * through an ErrorSink (which knows which rule it is reading) and returns undefined when the
 * value cannot be used, so the validator can keep going and report every problem at once.
 */
import type { PolicyError } from './policy-types.js';

export class ErrorSink {
  readonly errors: PolicyError[] = [];

  /** A sink for one rule: messages are prefixed with the rule's number and name. */
  forRule(ruleIndex: number, ruleName: string | undefined): RuleSink {
    return new RuleSink(this, ruleIndex, ruleName);
  }

  /** A top-level problem; `field` is the path inside the privacy block. */
  add(field: string, message: string): void {
    this.errors.push({ path: field, message: `Privacy setting "${field}": ${message}` });
  }
}

export class RuleSink {
  constructor(
    private readonly parent: ErrorSink,
    readonly ruleIndex: number,
    readonly ruleName: string | undefined,
  ) {}

  /** `field` is relative to the rule, e.g. `when.schedule.from`. */
  add(field: string, message: string): void {
    const label = this.ruleName === undefined ? `Rule ${this.ruleIndex + 1}` : `Rule ${this.ruleIndex + 1} ("${this.ruleName}")`;
    const path = field === '' ? `rules[${this.ruleIndex}]` : `rules[${this.ruleIndex}].${field}`;
    this.parent.errors.push({
      path,
      ruleIndex: this.ruleIndex,
      ...(this.ruleName === undefined ? {} : { ruleName: this.ruleName }),
      message: field === '' ? `${label} ${message}` : `${label}, "${field}": ${message}`,
    });
  }
}

/** Anything with an `add(field, message)`: the top level or one rule. */
export interface Sink {
  add(field: string, message: string): void;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** Reports keys the schema does not know; a typo must not silently disable a rule. */
export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], field: string, sink: Sink): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = field === '' ? key : `${field}.${key}`;
      sink.add(where, `"${key}" is not a setting here; allowed are ${quoteList(allowed)}.`);
    }
  }
}

/** One value from a fixed set of words. */
export function readChoice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  sink: Sink,
): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  sink.add(field, `${describe(value)} is not allowed; use one of ${quoteList(allowed)}.`);
  return undefined;
}

/**
 * A non-empty list of strings, each checked by `check` (which returns an error sentence or
 * undefined). Duplicates are dropped. An empty list is refused: it would match nothing, which is
 * almost always a mistake for "all" (leave the field out for that).
 */
export function readStringList(
  value: unknown,
  field: string,
  sink: Sink,
  check: (item: string) => string | undefined,
  coerceNumbers = false,
): string[] | undefined {
  if (!Array.isArray(value)) {
    sink.add(field, `must be a list, not ${describe(value)}.`);
    return undefined;
  }
  if (value.length === 0) {
    sink.add(field, 'is an empty list, which would match nothing; leave it out to match everything.');
    return undefined;
  }
  const items: string[] = [];
  let ok = true;
  value.forEach((item, i) => {
    const text = coerceNumbers && typeof item === 'number' && Number.isSafeInteger(item) ? String(item) : item;
    if (typeof text !== 'string' || text.trim() === '') {
      sink.add(`${field}[${i}]`, `${describe(item)} is not a usable entry; expected a non-empty text.`);
      ok = false;
      return;
    }
    const problem = check(text);
    if (problem !== undefined) {
      sink.add(`${field}[${i}]`, problem);
      ok = false;
      return;
    }
    if (!items.includes(text)) items.push(text);
  });
  return ok ? items : undefined;
}

export function oneOf(allowed: readonly string[], what: string): (item: string) => string | undefined {
  return (item) => (allowed.includes(item) ? undefined : `"${item}" is not a known ${what}; use ${quoteList(allowed)}.`);
}

export function readBoolean(value: unknown, field: string, sink: Sink): boolean | undefined {
  if (typeof value === 'boolean') return value;
  sink.add(field, `must be true or false, not ${describe(value)}.`);
  return undefined;
}
