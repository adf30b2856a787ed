/**
 * `node --import ./.build/test/redirect/register.js` in a real child process (outside Jest):
 * the unmodified library finds the demo home and receives a motion event driven over the
 * control API; without TRYGR_RING_CLOUD_URL every non-loopback host fails at once.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startRingCloud, RingCloudControl, demoHome, type RingCloud } from '../emulator/index.js';
import { buildDir, buildEmulatorAndRedirect, repoRoot } from './build-support.js';
import { ChildOutput } from './child-support.js';

jest.setTimeout(90_000);

const register = join(buildDir, 'test/redirect/register.js');
let cloud: RingCloud;

beforeAll(async () => {
  await buildEmulatorAndRedirect();
  cloud = await startRingCloud({ quiet: true });
});

afterAll(async () => {
  await cloud.close();
});

describe('register.js', () => {
  test('a child process using ring-client-api is redirected to the emulator and receives motion', async () => {
    const child = spawn(process.execPath, ['--import', register, join(buildDir, 'test/redirect/ring-child.js')], {
      cwd: repoRoot,
      env: { ...process.env, TRYGR_RING_CLOUD_URL: cloud.url, RING_REFRESH_TOKEN: cloud.mintRefreshToken() },
    });
    const output = new ChildOutput(child);
    try {
      const ready = JSON.parse(await output.waitFor(/"event":"ready"/)) as { cameras: string[]; alarmDevices: number };
      expect(ready.cameras).toEqual(['Front Door', 'Driveway', 'Living Room', 'Back Yard']);
      expect(ready.alarmDevices).toBe(11);

      const delivery = await new RingCloudControl(cloud.url).injectMotion(demoHome.cameras.driveway, 'human');
      expect(delivery.delivered).toBe(1);
      const notification = JSON.parse(await output.waitFor(/"event":"notification"/));
      expect(notification).toEqual({ event: 'notification', camera: 'Driveway', category: 'com.ring.pn.live-event.motion', detection: 'human' });
      expect(output.stderr.join('\n')).toContain(`Ring cloud redirected to ${cloud.url}`);
      expect(output.stderr.join('\n')).not.toMatch(/blocked (fetch|connection|dispatcher|push) to/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await output.exited()).toBe(0);
  });

  test('without TRYGR_RING_CLOUD_URL, Ring and other hosts fail at once instead of hanging', async () => {
    const script = [
      "const net = await import('node:net');",
      "const fetchError = await fetch('https://api.ring.com/clients_api/ring_devices').catch((e) => e.message);",
      "const socketError = await new Promise((resolve) => net.connect(443, 'example.org').once('error', (e) => resolve(e.message)));",
      'console.log(JSON.stringify({ fetchError, socketError }));',
    ].join('\n');
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TRYGR_RING_CLOUD_URL;
    const child = spawn(process.execPath, ['--import', register, '--input-type=module', '-e', script], { cwd: repoRoot, env });
    const output = new ChildOutput(child);
    const result = JSON.parse(await output.waitFor(/fetchError/, 10_000)) as { fetchError: string; socketError: string };
    expect(result.fetchError).toMatch(/blocked fetch to non-loopback host "api.ring.com"/);
    expect(result.socketError).toMatch(/blocked connection to non-loopback host "example.org:443"/);
    expect(await output.exited()).toBe(0);
    expect(output.stderr.join('\n')).toContain('TRYGR_RING_CLOUD_URL not set');
  });
});
