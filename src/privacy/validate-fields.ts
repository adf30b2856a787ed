/**
 * Small readers for untrusted config values. Each one reports problems as full sentences
 * through an ErrorSink (which knows which rule it is reading) and returns undefined when the
 * value cannot be used, so the validator can keep going and report every problem at once.
 */
import type { PolicyError } from './policy-types.js';

/**
 * Bounds on untrusted input, so a huge or hostile `privacy` block costs little to refuse and its
 * messages stay short: at most this many errors, entries per list, and characters of any text
 * quoted back. Values far beyond what any home needs are refused, not read.
 */
export const LIMITS = {
  errors: 50,
  listEntries: 100,
  textLength: 100,
  unknownKeysNamed: 3,
  quotedLength: 40,
} as const;

export class ErrorSink {
  readonly errors: PolicyError[] = [];
  private dropped = 0;

  /** A sink for one rule: messages are prefixed with the rule's number and name. */
  forRule(ruleIndex: number, ruleName: string | undefined): RuleSink {
    return new RuleSink(this, ruleIndex, ruleName);
  }

  /** A top-level problem; `field` is the path inside the privacy block. */
  add(field: string, message: string): void {
    this.push({ path: field, message: `Privacy setting "${field}": ${message}` });
  }

  /** Keeps the first LIMITS.errors problems; the last entry then says how many more there were. */
  push(error: PolicyError): void {
    if (this.errors.length < LIMITS.errors) {
      this.errors.push(error);
      return;
    }
    this.dropped += 1;
    const more = { path: '', message: `Privacy settings: ${this.dropped} more problem${this.dropped === 1 ? '' : 's'} not listed; fix these first.` };
    if (this.dropped === 1) this.errors.push(more);
    else this.errors[this.errors.length - 1] = more;
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
    // JSON quoting escapes control characters: a rule name cannot start a log line of its own.
    const label = this.ruleName === undefined ? `Rule ${this.ruleIndex + 1}` : `Rule ${this.ruleIndex + 1} (${JSON.stringify(this.ruleName)})`;
    const path = field === '' ? `rules[${this.ruleIndex}]` : `rules[${this.ruleIndex}].${field}`;
    this.parent.push({
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
  if (typeof value === 'string') return quoteText(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value as number | boolean | bigint | symbol);
}

/** User text quoted back in a message: cut to LIMITS.quotedLength, control characters escaped. */
export function quoteText(text: string): string {
  return JSON.stringify(text.length > LIMITS.quotedLength ? `${text.slice(0, LIMITS.quotedLength)}…` : text);
}

export function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/**
 * Reports keys the schema does not know; a typo must not silently disable a rule. The first few
 * are named (cut short), the rest counted, so a block of stray keys cannot flood the log.
 */
export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], field: string, sink: Sink): void {
  const unknown = Object.keys(obj).filter((key) => !allowed.includes(key));
  for (const key of unknown.slice(0, LIMITS.unknownKeysNamed)) {
    const shown = quoteText(key);
    const where = field === '' ? shown.slice(1, -1) : `${field}.${shown.slice(1, -1)}`;
    sink.add(where, `${shown} is not a setting here; allowed are ${quoteList(allowed)}.`);
  }
  const rest = unknown.length - LIMITS.unknownKeysNamed;
  if (rest > 0) {
    const where = field === '' && sink instanceof ErrorSink ? 'privacy' : field;
    sink.add(where, `has ${rest} more unknown setting${rest === 1 ? '' : 's'}; allowed are ${quoteList(allowed)}.`);
  }
}

/** A text that must fit LIMITS.textLength; reports and returns false when it does not. */
export function checkLength(text: string, field: string, what: string, sink: Sink): boolean {
  if (text.length <= LIMITS.textLength) return true;
  sink.add(field, `is ${text.length} characters long; ${what} can have at most ${LIMITS.textLength}.`);
  return false;
}

/** One value from a fixed set of words. */
export function readChoice<T extends string>(value: unknown, allowed: readonly T[], field: string, sink: Sink): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  sink.add(field, `${describe(value)} is not allowed; use one of ${quoteList(allowed)}.`);
  return undefined;
}

/**
 * A non-empty list of strings, each checked by `check` (which returns an error sentence or
 * undefined). Duplicates are dropped. An empty list is refused: it would match nothing, which is
 * almost always a mistake for "all" (leave the field out for that).
 */
export function readStringList(value: unknown, field: string, sink: Sink, check: (item: string) => string | undefined, coerceNumbers = false): string[] | undefined {
  if (!Array.isArray(value)) {
    sink.add(field, `must be a list, not ${describe(value)}.`);
    return undefined;
  }
  if (value.length === 0) {
    sink.add(field, 'is an empty list, which would match nothing; leave it out to match everything.');
    return undefined;
  }
  if (value.length > LIMITS.listEntries) {
    sink.add(field, `has ${value.length} entries; at most ${LIMITS.listEntries} are allowed.`);
    return undefined;
  }
  const items = new Set<string>();
  let ok = true;
  value.forEach((item, i) => {
    const text = coerceNumbers && typeof item === 'number' && Number.isSafeInteger(item) ? String(item) : item;
    if (typeof text !== 'string' || text.trim() === '') {
      sink.add(`${field}[${i}]`, `${describe(item)} is not a usable entry; expected a non-empty text.`);
      ok = false;
      return;
    }
    if (!checkLength(text, `${field}[${i}]`, 'an entry', sink)) {
      ok = false;
      return;
    }
    const problem = check(text);
    if (problem !== undefined) {
      sink.add(`${field}[${i}]`, problem);
      ok = false;
      return;
    }
    items.add(text);
  });
  return ok ? [...items] : undefined;
}

export function oneOf(allowed: readonly string[], what: string): (item: string) => string | undefined {
  return (item) => (allowed.includes(item) ? undefined : `${quoteText(item)} is not a known ${what}; use ${quoteList(allowed)}.`);
}

export function readBoolean(value: unknown, field: string, sink: Sink): boolean | undefined {
  if (typeof value === 'boolean') return value;
  sink.add(field, `must be true or false, not ${describe(value)}.`);
  return undefined;
}
