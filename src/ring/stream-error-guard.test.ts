/**
 * Errors thrown inside rxjs subscribers: ring-client-api's and ours are logged, anyone else's is
 * thrown as rxjs would. Real rxjs, in a child process each, so a crash can be observed.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { routeStreamError } from './stream-error-guard.js';

describe('routeStreamError', () => {
  const error = (frame: string) =>
    Object.assign(new Error('boom'), {
      stack: `Error: boom\n    at next (${frame}:21:15)\n    at SafeSubscriber (/x/node_modules/rxjs/dist/cjs/internal/Subscriber.js:1:1)`,
    });
  test.each([
    ['/p/node_modules/ring-client-api/lib/location.js', 'ring'],
    ['/p/dist/accessories/camera/camera-accessory.js', 'ours'],
    ['/p/node_modules/other/index.js', 'foreign'],
  ])('%s -> %s', (frame, route) => {
    expect(routeStreamError(error(frame), ['/p/node_modules/ring-client-api'], ['/p/dist'])).toBe(route);
  });

  test('a message naming the library is not a frame of it', () => {
    expect(routeStreamError(new Error('at /p/node_modules/ring-client-api/lib/location.js'), ['/p/node_modules/ring-client-api'], ['/p/dist'])).toBe('foreign');
  });
});

describe('guardStreamErrors in a real process', () => {
  /** A "library" folder whose subscriber throws, and a script that installs the guard first. */
  function run(throwFrom: 'ring' | 'foreign'): { status: number | null; stdout: string; stderr: string } {
    // Inside the repository, so the scripts' `import 'rxjs'` finds its node_modules.
    mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
    const dir = mkdtempSync(join(process.cwd(), 'test-artifacts', 'stream-guard-'));
    const libRoot = join(dir, 'fake-ring');
    mkdirSync(libRoot);
    const lib = join(libRoot, 'location.mjs');
    writeFileSync(
      lib,
      `import { Subject } from 'rxjs';\nexport function frame() { const s = new Subject(); s.subscribe(() => { throw new Error('no body in frame'); }); s.next({}); }\n`,
    );
    const other = join(dir, 'other.mjs');
    writeFileSync(
      other,
      `import { Subject } from 'rxjs';\nexport function frame() { const s = new Subject(); s.subscribe(() => { throw new Error('someone else'); }); s.next({}); }\n`,
    );
    const guard = pathToFileURL(join(process.cwd(), '.build/src/ring/stream-error-guard.js')).href;
    const script = join(dir, 'main.mjs');
    writeFileSync(
      script,
      `
      import { guardStreamErrors } from ${JSON.stringify(guard)};
      const log = { warn: (m) => console.log('WARN ' + m), error: (m) => console.log('ERROR ' + m), info() {}, debug() {} };
      guardStreamErrors(log, [${JSON.stringify(libRoot)}], [${JSON.stringify(join(dir, 'ours'))}]);
      const { frame } = await import(${JSON.stringify(pathToFileURL(throwFrom === 'ring' ? lib : other).href)});
      frame();
      setTimeout(() => console.log('STILL RUNNING'), 50);
    `,
    );
    const result = spawnSync(process.execPath, [script], { cwd: process.cwd(), encoding: 'utf8', timeout: 20_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test("ring-client-api's subscriber error is logged and the process goes on", () => {
    const { status, stdout } = run('ring');
    expect(stdout).toContain('WARN Ring sent something the Ring library could not handle; it was skipped (no body in frame).');
    expect(stdout).toContain('STILL RUNNING');
    expect(status).toBe(0);
  });

  test("another package's subscriber error still ends the process, as without the guard", () => {
    const { status, stdout, stderr } = run('foreign');
    expect(stdout).not.toContain('STILL RUNNING');
    expect(stderr).toContain('someone else');
    expect(status).not.toBe(0);
  });
});
