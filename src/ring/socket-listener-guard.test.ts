/**
 * A rejecting promise returned from an EventTarget listener is an uncaught exception in Node. The
 * guard contains those of listeners ring-client-api registers on its WebSocket, and only those.
 * Each case runs in a child process, so a crash can be observed.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function run(registeredBy: 'ring' | 'other'): { status: number | null; stdout: string; stderr: string } {
  mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
  const dir = mkdtempSync(join(process.cwd(), 'test-artifacts', 'socket-guard-'));
  const ringRoot = join(dir, 'fake-ring');
  mkdirSync(ringRoot);
  // What ring-client-api's location.js does: reconnect from the close listener and return the promise.
  const registrar = `export function listen(socket) { socket.addEventListener('close', () => Promise.reject(new Error('ticket endpoint down'))); }\n`;
  writeFileSync(join(ringRoot, 'location.mjs'), registrar);
  writeFileSync(join(dir, 'other.mjs'), registrar);
  const guard = pathToFileURL(join(process.cwd(), '.build/src/ring/socket-listener-guard.js')).href;
  const script = join(dir, 'main.mjs');
  writeFileSync(
    script,
    `
    import { guardRingSocketListeners } from ${JSON.stringify(guard)};
    class Socket extends EventTarget {}
    const log = { warn: (m) => console.log('WARN ' + m), error() {}, info() {}, debug() {} };
    guardRingSocketListeners(log, Socket.prototype, [${JSON.stringify(ringRoot)}]);
    const { listen } = await import(${JSON.stringify(pathToFileURL(join(registeredBy === 'ring' ? ringRoot : dir, registeredBy === 'ring' ? 'location.mjs' : 'other.mjs')).href)});
    const socket = new Socket();
    listen(socket);
    socket.dispatchEvent(new Event('close'));
    setTimeout(() => console.log('STILL RUNNING'), 50);
  `,
  );
  const result = spawnSync(process.execPath, [script], { cwd: process.cwd(), encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('guardRingSocketListeners', () => {
  test("a reconnect that fails inside ring-client-api's own listener is logged, and the process goes on", () => {
    const { status, stdout } = run('ring');
    expect(stdout).toContain('WARN The Ring Alarm connection could not be re-established (ticket endpoint down); alarm devices may not update until it is.');
    expect(stdout).toContain('STILL RUNNING');
    expect(status).toBe(0);
  });

  test("the same rejection from anyone else's listener is still an uncaught exception, as in Node", () => {
    const { status, stdout, stderr } = run('other');
    expect(stdout).not.toContain('STILL RUNNING');
    expect(stderr).toContain('ticket endpoint down');
    expect(status).not.toBe(0);
  });
});
