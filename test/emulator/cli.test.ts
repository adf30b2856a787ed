/** The standalone emulator (`npm run ring-cloud`): starts, serves, stops on SIGINT/SIGTERM. */
import { afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildDir, buildEmulatorAndRedirect, repoRoot } from '../redirect/build-support.js';
import { ChildOutput } from '../redirect/child-support.js';
import { parseCliOptions } from './cli-options.js';

jest.setTimeout(90_000);

const cli = join(buildDir, 'test/emulator/cli.js');
const children: ChildProcess[] = [];

beforeAll(async () => {
  await buildEmulatorAndRedirect();
});

afterEach(() => {
  children.splice(0).forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
});

function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildOutput {
  const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
  children.push(child);
  return new ChildOutput(child);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('options', () => {
  test('--port wins over RING_CLOUD_PORT, which wins over 8870', () => {
    expect(parseCliOptions([], {}).port).toBe(8870);
    expect(parseCliOptions([], { RING_CLOUD_PORT: '9001' }).port).toBe(9001);
    expect(parseCliOptions(['--port', '0'], { RING_CLOUD_PORT: '9001' }).port).toBe(0);
    expect(() => parseCliOptions(['--port', 'x'], {})).toThrow(/invalid port/);
    expect(parseCliOptions(['--scenario', 'a.json', '--token-ttl', '120'], {})).toMatchObject({ scenario: 'a.json', accessTokenTtlSeconds: 120 });
  });
});

describe('ring-cloud CLI', () => {
  test('prints its URL and a working refresh token, serves control calls, stops on SIGTERM', async () => {
    const output = startCli(['--port', '0', '--quiet']);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(await output.waitFor(/listening on/))?.[1] ?? '';
    const token = /Refresh token[^:]*: (\S+)/.exec(await output.waitFor(/Refresh token/))?.[1] ?? '';
    await output.waitFor(/_control\/motion/);

    const state = (await fetch(`${url}/_control/state`).then((response) => response.json())) as { locationSockets: number };
    expect(state.locationSockets).toBe(0);
    const login = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: token }),
    });
    expect(login.status).toBe(200);

    output.child.kill('SIGTERM');
    expect(await output.exited()).toBe(0);
    await expect(fetch(`${url}/_control/state`)).rejects.toThrow();
  });

  test('takes its port from RING_CLOUD_PORT and stops on SIGINT', async () => {
    const port = await freePort();
    const output = startCli(['--quiet'], { RING_CLOUD_PORT: String(port) });
    expect(await output.waitFor(/listening on/)).toContain(`http://127.0.0.1:${port}`);
    output.child.kill('SIGINT');
    expect(await output.exited()).toBe(0);
    expect(output.stdout.join('\n')).toContain('Received SIGINT');
  });

  test('a scenario file that does not exist is reported and the process exits non-zero', async () => {
    const output = startCli(['--port', '0', '--scenario', join(repoRoot, 'does-not-exist.json')]);
    expect(await output.exited()).toBe(1);
    expect(output.stderr.join('\n')).toMatch(/ring-cloud: .*does-not-exist\.json/);
  });
});
