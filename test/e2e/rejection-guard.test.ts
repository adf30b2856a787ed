/**
 * The process-wide rejection guard (src/ring/rejection-guard.ts) in real Node processes, where
 * crashes can be observed: a rejection from our ring-client-api is logged and survived; any other
 * one (another plugin's, another copy of ring-client-api's, a non-Error) is treated exactly as
 * Node treats it without the guard: same exit code, same stderr, same listeners called.
 *
 * Needs `npm run build` (the guard from dist/) and `npm run build:test` (the child from .build/).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHILD = join(process.cwd(), '.build/test/e2e/rejection-guard-child.js');
const RUN_TIMEOUT_MS = 20_000;

interface ChildResult {
  code: number | null;
  stdout: Array<Record<string, unknown>>;
  /**
   * stderr without stack frames, Node's version line and the source preview Node prints above a
   * crash ("file:line", the code, a caret): V8 takes that from the error's raw frames, which any
   * listener that reads `error.stack` (the guard must, to classify it) turns into text, so Node
   * then points into its own promise code. The error, its stack and the exit code stay the same.
   */
  stderr: string;
}

let otherCopy: string;

function withoutSourcePreview(lines: string[]): string[] {
  return lines.filter(
    (_, index) =>
      ![0, 1, 2].some((back) => {
        const start = index - back;
        return start >= 0 && /^(file:\/\/|node:|\/)\S*:\d+$/.test(lines[start]) && /^\s*\^+\s*$/.test(lines[start + 2] ?? '');
      }),
  );
}

function runChild(scenario: string, guard: boolean, nodeArgs: string[] = []): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, CHILD, scenario, guard ? 'yes' : 'no', otherCopy], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child ${scenario} did not finish within ${RUN_TIMEOUT_MS} ms`));
    }, RUN_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: out
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>),
        stderr: withoutSourcePreview(err.split('\n'))
          .filter((line) => !/^\s+at /.test(line) && !/^Node\.js v/.test(line) && !/^\s*$/.test(line))
          .join('\n')
          .replace(/\(node:\d+\)/g, '(node:<pid>)')
          // Node numbers every rejection it tracked; the re-emitted one is the second.
          .replace(/\(rejection id: \d+\)/g, '(rejection id: <n>)'),
      });
    });
  });
}

/** Everything the child printed except the guard's own log lines. */
const observed = (result: ChildResult) => ({ code: result.code, stdout: result.stdout.filter((record) => !('log' in record)), stderr: result.stderr });

beforeAll(async () => {
  otherCopy = await mkdtemp(join(tmpdir(), 'trygr-other-plugin-'));
  const lib = join(otherCopy, 'node_modules/ring-client-api/lib');
  await mkdir(lib, { recursive: true });
  await writeFile(join(otherCopy, 'node_modules/ring-client-api/package.json'), '{"name":"ring-client-api","type":"module"}');
  await writeFile(join(lib, 'fail.mjs'), 'export async function fail() { throw new Error("from another plugin\'s ring-client-api"); }\n');
});

afterAll(async () => {
  await rm(otherCopy, { recursive: true, force: true });
});

describe("rejection guard: only ring-client-api's own rejections", () => {
  test('a rejection from our ring-client-api is logged at debug level and Homebridge keeps running', async () => {
    const result = await runChild('ring', true);
    expect(result.code).toBe(0);
    expect(result.stdout).toContainEqual({ survived: true });
    expect(result.stdout).toContainEqual(expect.objectContaining({ log: 'debug', message: expect.stringMatching(/Ring request failed in the background/) }));
  }, 30_000);

  test.each([
    ['foreign-error', "another plugin's Error"],
    ['foreign-mentions-ring', 'an Error whose message names ring-client-api'],
    ['foreign-string', 'a rejection with a string (Node wraps it as ERR_UNHANDLED_REJECTION)'],
    ['other-copy', "another plugin's own copy of ring-client-api"],
    ['foreign-with-other-listener', "another plugin's rejection while that plugin listens for rejections"],
    ['foreign-with-uncaught-listener', 'foreign rejections under an uncaughtException listener, ring ones around them'],
  ])(
    '%s (%s): the same as without the guard',
    async (scenario) => {
      const [without, withGuard] = await Promise.all([runChild(scenario, false), runChild(scenario, true)]);
      if (scenario === 'foreign-with-uncaught-listener') {
        // Without the guard the ring rejections reach the uncaughtException listener too; with it they are survived quietly.
        const foreignOnly = (result: ChildResult) => ({
          ...observed(result),
          stdout: observed(result).stdout.filter((record) => !/invalid|Refresh token/.test(String(record.uncaught))),
        });
        expect(foreignOnly(withGuard)).toEqual(foreignOnly(without));
        expect(withGuard.stdout.filter((record) => record.origin)).toEqual([
          { uncaught: 'Error: first foreign', origin: 'unhandledRejection' },
          { uncaught: 'Error: second foreign', origin: 'unhandledRejection' },
        ]);
        expect(withGuard.stdout.filter((record) => record.log === 'debug')).toHaveLength(2);
        return;
      }
      expect(observed(withGuard)).toEqual(observed(without));
    },
    30_000,
  );

  test.each(['warn', 'none', 'warn-with-error-code', 'strict'])(
    "with --unhandled-rejections=%s another plugin's rejection is treated as without the guard",
    async (mode) => {
      const [without, withGuard] = await Promise.all([
        runChild('foreign-error', false, [`--unhandled-rejections=${mode}`]),
        runChild('foreign-error', true, [`--unhandled-rejections=${mode}`]),
      ]);
      expect(observed(withGuard)).toEqual(observed(without));
    },
    30_000,
  );

  test('without the guard the foreign rejections do crash (the comparison above is not vacuous)', async () => {
    const result = await runChild('foreign-error', false);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/boom from another plugin/);
  }, 30_000);
});
