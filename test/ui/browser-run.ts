/**
 * What the browser tests share: a scenario is compiled on its own into .build/ (with what the
 * children it starts load), then run as a child in a new network namespace whose only interface
 * is its own loopback (`unshare -n`), so config-ui-x's update checks and Chromium's own traffic
 * cannot leave the machine. Needs root for the namespace. The scenario's side is here too: how
 * it ends (everything it started stopped, its report written, its exit code).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { RingCloud } from '../emulator/index.js';
import { startConfigUi, stopConfigUi, waitForConfigUi, type ConfigUi } from '../harness/config-ui.js';
import { stopAll, type HomebridgeProcess } from '../harness/index.js';
import { buildDir, buildIntoBuildDir, repoRoot } from '../redirect/build-support.js';
import { buildUiServer } from './ui-server-child.js';

export const CHROMIUM = process.env.TRYGR_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What every scenario's report holds: the test scans the logs for the secrets. */
export interface ScenarioReport {
  homebridgeLog: string;
  secrets: string[];
  error?: string;
}

/** What a scenario started; whatever is set here is stopped however the scenario ends. */
export interface ScenarioParts {
  cloud?: RingCloud;
  ui?: ConfigUi;
  browser?: Browser;
  hb?: HomebridgeProcess;
}

/** Fails early, with what to do, when the browser or the plugin's build is missing. */
function checkBrowserPrerequisites(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(join(repoRoot, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build');
}

/** Compiles `scenario` (a path from the repository root) and what its children load (harness, redirect) into .build/, and nothing else. */
function buildScenario(scenario: string): Promise<void> {
  return buildIntoBuildDir([scenario, 'test/harness/child-preload.ts', 'test/harness/fixture-plugin.ts', 'test/redirect/register.ts']);
}

/** Runs the compiled `scenario` with `args` in a loopback-only namespace; killed after `timeoutMs`. */
function runScenario(scenario: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const script = join(buildDir, scenario.replace(/\.ts$/, '.js'));
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, script, ...args], {
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

/**
 * The test's side: builds `scenario`, runs it into an emptied `artifacts` folder and returns its
 * report and output; throws with the scenario's error (and `seenAtFailure`) when it failed.
 */
export async function runBrowserScenario<R extends ScenarioReport>(
  scenario: string,
  artifacts: string,
  timeoutMs: number,
  seenAtFailure: (report: R) => string = () => '',
): Promise<{ report: R; output: string }> {
  checkBrowserPrerequisites();
  await buildScenario(scenario);
  await buildUiServer();
  rmSync(artifacts, { recursive: true, force: true });
  const reportFile = join(artifacts, 'report.json');
  const { code, output } = await runScenario(scenario, [artifacts, reportFile], timeoutMs);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as R;
  if (code !== 0) throw new Error(`${scenario} failed (exit ${code}): ${report.error ?? ''}\n${seenAtFailure(report)}--- output ---\n${output.slice(-6000)}`);
  return { report, output };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/**
 * Starts config-ui-x for the Homebridge in `storage` on `port` (its `config` block's), keeping what
 * it and the panel's server print in `report.uiLog` for the secret scan; returns its address once
 * it answers.
 */
export async function startScenarioUi(parts: ScenarioParts, report: { uiLog: string }, storage: string, ringCloudUrl: string, port: number): Promise<string> {
  const ui = (parts.ui = startConfigUi({ storage, pluginDir: join(storage, 'harness-plugins'), ringCloudUrl, port, onOutput: (text) => (report.uiLog += text) }));
  const url = ui.url!;
  await waitForConfigUi(ui, url, 60_000, () => report.uiLog);
  return url;
}

/**
 * The scenario's side: runs `scenario`, stops what it started (keeping Homebridge's log and every
 * token the emulator issued in `report`), writes `report` to `reportFile` and exits, 1 with the
 * error in the report when the scenario threw.
 */
export function runScenarioMain(report: ScenarioReport, reportFile: string, scenario: (parts: ScenarioParts) => Promise<void>): void {
  const parts: ScenarioParts = {};
  const run = async (): Promise<void> => {
    try {
      await scenario(parts);
    } finally {
      const { browser, ui, hb, cloud } = parts;
      await browser?.close().catch(() => undefined);
      await stopConfigUi(ui);
      if (hb) report.homebridgeLog = hb.logs();
      // Every token the emulator issued (the sign-in's and its rotations) is scanned for in the logs.
      if (cloud) report.secrets.push(...cloud.tokensIssued().filter((t) => !report.secrets.includes(t)));
      await stopAll();
      await cloud?.close();
    }
  };
  run().then(
    () => {
      writeFileSync(reportFile, JSON.stringify(report, null, 2));
      process.exit(0);
    },
    (error: unknown) => {
      report.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
      writeFileSync(reportFile, JSON.stringify(report, null, 2));
      process.stderr.write(`${report.error}\n`);
      process.exit(1);
    },
  );
}
