/**
 * Everything a child printed, searchable by line. Waiters only ever see complete lines: a regex such
 * as /port (\d+)/ must not match "port 51" while "999." is still in the pipe.
 */
import { HarnessTimeoutError } from './with-timeout.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

interface Waiter {
  re: RegExp;
  from: number;
  resolve: (line: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A copy without g/y so `test`/`exec` never depend on a previous call's lastIndex. */
export function statelessRegExp(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
}

/** The first complete line at or after `from` that matches, or undefined. */
export function findLine(text: string, re: RegExp, from: number, completeUpTo: number): string | undefined {
  const pattern = statelessRegExp(re);
  let start = text.lastIndexOf('\n', from - 1) + 1;
  while (start < completeUpTo) {
    const end = text.indexOf('\n', start);
    if (end === -1 || end > completeUpTo) return undefined;
    const line = text.slice(start, end);
    if (pattern.test(line)) return line;
    start = end + 1;
  }
  return undefined;
}

export class LogBuffer {
  private text = '';
  private closed = false;
  private readonly waiters = new Set<Waiter>();

  append(chunk: string): void {
    this.text += chunk.replace(ANSI, '').replace(/\r\n?/g, '\n');
    this.settle();
  }

  /** The child is gone: the last unterminated line counts, and nobody waits for more. */
  close(reason: string): void {
    if (this.text.length > 0 && !this.text.endsWith('\n')) this.text += '\n';
    this.settle();
    this.closed = true;
    for (const waiter of this.waiters) this.drop(waiter, new Error(`${reason}\n${this.describeWait(waiter)}`));
  }

  /** Reopen for a restarted child; returns the offset where the new run's output begins. */
  reopen(marker: string): number {
    this.closed = false;
    if (this.text.length > 0 && !this.text.endsWith('\n')) this.text += '\n';
    this.text += `${marker}\n`;
    return this.text.length;
  }

  get length(): number {
    return this.text.length;
  }

  all(): string {
    return this.text;
  }

  tail(lines = 40): string {
    return this.text.trimEnd().split('\n').slice(-lines).join('\n');
  }

  find(re: RegExp, from = 0): string | undefined {
    return findLine(this.text, re, from, this.completeUpTo());
  }

  /** Every complete line at or after `from` that matches. */
  findAll(re: RegExp, from = 0): string[] {
    const pattern = statelessRegExp(re);
    return this.text
      .slice(from, this.completeUpTo())
      .split('\n')
      .filter((line) => pattern.test(line));
  }

  waitFor(re: RegExp, from: number, timeoutMs: number): Promise<string> {
    const found = this.find(re, from);
    if (found !== undefined) return Promise.resolve(found);
    if (this.closed) return Promise.reject(new Error(`process already exited; ${re} never appeared\n${this.lastLines()}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        re,
        from,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.drop(waiter, new HarnessTimeoutError(`timed out after ${timeoutMs} ms\n${this.describeWait(waiter)}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private completeUpTo(): number {
    return this.text.lastIndexOf('\n') + 1;
  }

  private settle(): void {
    for (const waiter of this.waiters) {
      const line = this.find(waiter.re, waiter.from);
      if (line === undefined) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(line);
    }
  }

  private drop(waiter: Waiter, error: Error): void {
    clearTimeout(waiter.timer);
    if (this.waiters.delete(waiter)) waiter.reject(error);
  }

  private describeWait(waiter: Waiter): string {
    return `waiting for log line ${waiter.re}\n${this.lastLines()}`;
  }

  private lastLines(): string {
    return `--- last log lines ---\n${this.tail()}\n--- end ---`;
  }
}
