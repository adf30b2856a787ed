/**
 * Queued faults for `failNext`: each rule hits the next `count` requests whose path matches
 * (a string matches when the path contains it; a RegExp is tested against the path).
 * Rules are consumed in the order they were added.
 */
import type { Fault } from './types.js';

interface Rule {
  pattern: string | RegExp;
  remaining: number;
  fault: Fault;
}

export function pathMatches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? path.includes(pattern) : pattern.test(path);
}

export class FaultPlan {
  private rules: Rule[] = [];

  add(pattern: string | RegExp, count: number, fault: Fault): void {
    if (!Number.isInteger(count) || count < 1) throw new Error('failNext count must be a positive integer');
    this.rules.push({ pattern, remaining: count, fault });
  }

  /** The fault for this request, if any rule still has uses left (and uses one). */
  take(path: string, method?: string): Fault | undefined {
    const rule = this.rules.find(
      (candidate) => pathMatches(candidate.pattern, path) && (candidate.fault.method === undefined || candidate.fault.method.toUpperCase() === method?.toUpperCase()),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule.fault;
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }
}
