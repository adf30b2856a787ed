/**
 * Runs Jest on `*.netns-test.ts` files inside run-in-netns.sh, so `npm test` (which only collects
 * `*.test.ts`) runs the live-view suites in a network namespace of their own. The inner run's whole
 * output is handed back; a timeout kills its process group (Jest, Homebridge, ffmpeg). Like CI's
 * outer run, the inner one uses --forceExit, so a leaked handle fails fast instead of hanging.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '../harness/repo-paths.js';

export const NETNS_TEST_MATCH = '**/*.netns-test.ts';

export interface NetnsRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

export function runNetnsJest(paths: string[], timeoutMs: number, extraArgs: string[] = []): Promise<NetnsRun> {
  const root = findRepoRoot();
  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const child = spawn(
    'sh',
    [
      join(root, 'test', 'netns', 'run-in-netns.sh'),
      process.execPath,
      '--experimental-vm-modules',
      jest,
      '--runInBand',
      '--verbose',
      '--forceExit',
      '--testMatch',
      NETNS_TEST_MATCH,
      ...extraArgs,
      ...paths,
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('error', (error) => (output += `\n${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}
