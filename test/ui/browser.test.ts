/**
 * The settings panel in a real browser: homebridge-config-ui-x 5.10 with Homebridge and this plugin
 * against the Ring cloud emulator, driven in headless Debian Chromium through playwright-core. The
 * whole set runs in browser-scenario.ts inside a loopback-only network namespace (`unshare -n`), so
 * config-ui-x's update checks and Chromium's own traffic cannot leave the machine; this test starts
 * it, then checks its steps, the page's console and every log for secrets.
 *
 * Needs root (for the namespace), `chromium` (Debian package) and the build (`npm run build`,
 * `npm run build:test`). Screenshots of each step: test-artifacts/ui/.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoSecrets } from '../support/log-scan.js';
import { buildDir, repoRoot } from '../redirect/build-support.js';
import { buildUiServer } from './ui-server-child.js';

const CHROMIUM = process.env.TRYGR_CHROMIUM ?? '/usr/bin/chromium';
const artifacts = join(repoRoot, 'test-artifacts', 'ui');
const reportFile = join(artifacts, 'report.json');

interface Report {
  steps: string[];
  screenshots: string[];
  consoleErrors: string[];
  uiLog: string;
  homebridgeLog: string;
  secrets: string[];
  error?: string;
}

function runScenario(timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const script = join(buildDir, 'test/ui/browser-scenario.js');
  return new Promise((resolve, reject) => {
    // A new network namespace whose only interface is its own loopback.
    const child = spawn('unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, script, artifacts, reportFile], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('settings panel in config-ui-x and Chromium', () => {
  let report: Report;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    if (!existsSync(join(repoRoot, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build');
    if (!existsSync(join(buildDir, 'test/ui/browser-scenario.js'))) throw new Error('.build/ is missing: run npm run build:test');
    await buildUiServer();
    rmSync(artifacts, { recursive: true, force: true });
    const run = await runScenario(240_000);
    output = run.output;
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    if (run.code !== 0) throw new Error(`browser scenario failed (exit ${run.code}): ${report.error ?? ''}\n--- output ---\n${output.slice(-6000)}`);
  }, 300_000);

  test('signs in with email, password and code; the token is in config.json without Save; the running plugin connects, and again after a restart', () => {
    expect(report.steps).toEqual(expect.arrayContaining([
      'settings-opened', 'signed-in-in-browser', 'token-in-config-without-save', 'plugin-connected-without-restart',
      'plugin-connected-after-restart', 'panel-shows-connected',
    ]));
  });

  test('"private while home" for the indoor camera is saved as a rule; the dry run counts what it would change', () => {
    expect(report.steps).toEqual(expect.arrayContaining(['private-while-home-saved', 'dry-run-counts']));
  });

  test('life-safety devices are offered no quick choice, with one line saying why', () => {
    expect(report.steps).toContain('life-safety-without-quick-choices');
  });

  test('mask zones are drawn with the mouse over the camera view; the audit chart and the dark theme render', () => {
    expect(report.steps).toEqual(expect.arrayContaining(['zones-drawn', 'audit-chart', 'dark-theme']));
    expect(report.screenshots.length).toBeGreaterThanOrEqual(10);
    for (const file of report.screenshots) expect(existsSync(file)).toBe(true);
  });

  test('the page logs no console errors', () => {
    expect(report.consoleErrors).toEqual([]);
  });

  test('no email, password, code or token in config-ui-x\'s log (with the panel server\'s output), Homebridge\'s log or the run\'s output', () => {
    expect(report.secrets.length).toBeGreaterThanOrEqual(4);
    expect(report.uiLog).toMatch(/Incoming Request: \/sign-in\/code/);
    const [email, password, code, ...tokens] = report.secrets;
    const everything = [report.uiLog, report.homebridgeLog, output].join('\n');
    expectNoSecrets(everything, [email!, password!, ...tokens]);
    // The 6-digit code is shorter than the scan's default fragment length.
    expectNoSecrets(everything, [code!], { minFragment: code!.length });
  });
});
