/** Reading a child process's output line by line, with a deadline, for the child-process tests. */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Collects every stdout/stderr line of a child, and resolves waits for lines matching a pattern. */
export class ChildOutput {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private waiters: Array<() => void> = [];

  constructor(readonly child: ChildProcess) {
    if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => this.add(this.stdout, line));
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => this.add(this.stderr, line));
  }

  private add(lines: string[], line: string): void {
    lines.push(line);
    this.waiters.forEach((wake) => wake());
  }

  /** The first stdout line matching `pattern` (waiting up to `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const line = this.stdout.find((candidate) => pattern.test(candidate));
        if (line === undefined) return false;
        finish();
        resolve(line);
        return true;
      };
      const onExit = (): void => {
        if (!check()) {
          finish();
          reject(new Error(`child exited before printing ${pattern}; stderr:\n${this.stderr.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout:\n${this.stdout.join('\n')}\nstderr:\n${this.stderr.join('\n')}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        this.child.off('exit', onExit);
      };
      const wake = (): void => {
        check();
      };
      if (check()) return;
      this.waiters.push(wake);
      this.child.once('exit', onExit);
    });
  }

  /** Resolves with the exit code (or signal name) once the child is gone. */
  exited(timeoutMs = 20_000): Promise<number | string> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child still running after ${timeoutMs} ms`)), timeoutMs);
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve(code ?? signal ?? -1);
      });
    });
  }
}
