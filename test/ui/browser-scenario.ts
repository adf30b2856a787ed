/**
 * The settings panel in a real browser, inside a loopback-only network namespace (started by
 * browser.test.ts through `unshare -n`): the Ring cloud emulator, Homebridge with this plugin,
 * homebridge-config-ui-x 5.10 standalone and headless Chromium, all on 127.0.0.1 of a namespace
 * that has no other interface, so nothing (config-ui-x's update checks included) can leave the
 * machine. Each step prints `STEP <name>` when it passed; screenshots go to the artifacts folder.
 *
 *   node .build/test/ui/browser-scenario.js <artifactsDir> <reportFile>
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Frame, type Page } from 'playwright-core';
import { demoHome, startRingCloud, type RingCloud } from '../emulator/index.js';
import { freePort } from '../harness/free-port.js';
import { startHomebridge, stopAll, type HomebridgeProcess } from '../harness/index.js';
import { findRepoRoot } from '../harness/repo-paths.js';
import { readRefreshToken } from '../../src/token-store/index.js';
import { formatAuditLine, type AuditRecord } from '../../src/privacy/audit/index.js';

// Found by walking up: this file runs as JS from .build/test/ui.
const repoRoot = findRepoRoot();
const buildDir = join(repoRoot, '.build');
const artifactsDir = resolve(process.argv[2] ?? join(repoRoot, 'test-artifacts/ui'));
const reportFile = resolve(process.argv[3] ?? join(artifactsDir, 'report.json'));
const CHROMIUM = process.env.TRYGR_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LIVING_ROOM = String(demoHome.cameras.livingRoom);

interface Report {
  steps: string[];
  screenshots: string[];
  consoleErrors: string[];
  /** Everything config-ui-x (and the panel server it forks) printed, and Homebridge's log, for the secret scan. */
  uiLog: string;
  homebridgeLog: string;
  secrets: string[];
  error?: string;
}

const report: Report = { steps: [], screenshots: [], consoleErrors: [], uiLog: '', homebridgeLog: '', secrets: [] };

function step(name: string): void {
  report.steps.push(name);
  process.stdout.write(`STEP ${name}\n`);
}

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A ledger of two earlier days: the Living Room camera forwarded motion and snapshots while the location was at home. */
function seedLedger(storage: string, locationId: string): void {
  const dir = join(storage, 'trygr', 'audit');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const daysAgo of [2, 1]) {
    const day = new Date(Date.now() - daysAgo * 86_400_000);
    const lines = [0, 1, 2, 3, 4, 5].map((i) => {
      const time = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8 + i, 15)).toISOString();
      const record: AuditRecord = {
        v: 1, time,
        device: { id: LIVING_ROOM, name: 'Living Room', kind: 'indoor-camera', locationId },
        signal: i % 2 === 0 ? { type: 'motion' } : { type: 'snapshot' },
        context: { mode: i < 4 ? 'home' : 'away', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
        rule: { basis: 'default' }, action: 'forward', snapshot: { kind: 'original' }, failedClosed: false,
      };
      return formatAuditLine(record);
    });
    writeFileSync(join(dir, `${time10(day)}.jsonl`), lines.join(''), { mode: 0o600 });
  }
}

const time10 = (date: Date) => date.toISOString().slice(0, 10);

function writeAuthFile(storage: string): void {
  // Auth "none" still logs in as the first admin of auth.json; the password is never used.
  writeFileSync(join(storage, 'auth.json'), JSON.stringify([{ id: 1, username: 'admin', name: 'Administrator', hashedPassword: '00', salt: '00', admin: true }], null, 4));
}

function startConfigUi(storage: string, pluginDir: string, ringCloudUrl: string): ChildProcess {
  const require = createRequire(join(repoRoot, 'package.json'));
  const standalone = join(require.resolve('homebridge-config-ui-x/package.json'), '..', 'dist/bin/standalone.js');
  const child = spawn(process.execPath, ['--import', join(buildDir, 'test/redirect/register.js'), standalone, '-U', storage, '-P', pluginDir, '-T'], {
    cwd: storage,
    // The panel's server is forked from here and inherits the redirect (execArgv) and this URL.
    env: { ...process.env, TRYGR_RING_CLOUD_URL: ringCloudUrl, UIX_STRICT_PLUGIN_RESOLUTION: '1', HOMEBRIDGE_CONFIG_UI_TERMINAL: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (report.uiLog += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (report.uiLog += chunk.toString()));
  return child;
}

/** Console errors of the panel's frame (its scripts) and uncaught page errors. */
function watchConsole(page: Page): void {
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' && message.location().url.includes('/plugins/settings-ui/homebridge-trygr')) report.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => report.consoleErrors.push(`page error: ${error.message}`));
}

async function shot(page: Page, name: string): Promise<void> {
  const file = join(artifactsDir, `${String(report.screenshots.length + 1).padStart(2, '0')}-${name}.png`);
  // Let the frame finish painting (tab styles, toasts) so the picture shows what a person sees.
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, fullPage: true });
  report.screenshots.push(file);
}

function configText(hb: HomebridgeProcess): string {
  return readFileSync(hb.configPath, 'utf8');
}

async function pluginFrame(page: Page): Promise<Frame> {
  return until('the plugin settings frame is shown', () => page.frames().find((f) => f.url().includes('/plugins/settings-ui/homebridge-trygr')), 30_000);
}

async function openSettings(page: Page, uiUrl: string): Promise<Frame> {
  await page.goto(`${uiUrl}/plugins`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('text=Trygr', { timeout: 30_000 });
  if (report.screenshots.length === 0) await shot(page, 'plugins-page');
  const card = page.locator('.card', { hasText: 'homebridge-trygr' }).first();
  await card.getByLabel('Plugin Actions Dropdown').click();
  await card.getByRole('menuitem', { name: 'Plugin Config' }).or(card.locator('.dropdown-item', { hasText: 'Plugin Config' })).first().click();
  const frame = await pluginFrame(page);
  await frame.waitForSelector('#trygr #panel-account', { state: 'visible', timeout: 30_000 });
  return frame;
}

async function main(): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  let cloud: RingCloud | undefined;
  let ui: ChildProcess | undefined;
  let browser: Browser | undefined;
  let hb: HomebridgeProcess | undefined;
  try {
    cloud = await startRingCloud({ quiet: true });
    report.secrets.push(cloud.account.email, cloud.account.password, cloud.account.twoFactorCode);
    const storage = join(artifactsDir, 'storage');
    mkdirSync(storage, { recursive: true });
    writeAuthFile(storage);
    seedLedger(storage, demoHome.locationId);
    const uiPort = await freePort();
    const configUiDir = join(createRequire(join(repoRoot, 'package.json')).resolve('homebridge-config-ui-x/package.json'), '..');
    hb = await startHomebridge({
      storagePath: storage,
      ringCloudUrl: cloud.url,
      extraPlugins: [configUiDir],
      platforms: [
        { platform: 'config', name: 'Config', port: uiPort, auth: 'none', theme: 'deep-purple', lightingMode: 'auto', log: { method: 'file', path: join(storage, 'homebridge.log') } },
        { platform: 'Trygr', name: 'Trygr' },
      ],
    });
    await hb.waitForLog(/Not signed in to Ring/, 30_000);
    step('homebridge-started-without-token');

    ui = startConfigUi(storage, join(storage, 'harness-plugins'), cloud.url);
    const uiUrl = `http://127.0.0.1:${uiPort}`;
    await until('config-ui-x answers', async () => {
      if (ui!.exitCode !== null) throw new Error(`config-ui-x exited (${ui!.exitCode}):\n${report.uiLog.slice(-3000)}`);
      return (await fetch(`${uiUrl}/api/auth/settings`).catch(() => undefined))?.ok;
    }, 60_000);
    step('config-ui-x-started');

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    watchConsole(page);

    let frame = await openSettings(page, uiUrl);
    await shot(page, 'settings-opened');
    step('settings-opened');

    // Sign in (Homebridge keeps running, as it does for a user): email and password, then the code Ring sends.
    await frame.getByLabel('Email').fill(cloud.account.email);
    await frame.getByLabel('Password').fill(cloud.account.password);
    await frame.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = frame.locator('input[name="code"]');
    await code.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await frame.locator('form').innerText(), /code sent to .* via sms/i);
    await shot(page, 'code-step');
    await code.fill(cloud.account.twoFactorCode);
    await frame.getByRole('button', { name: 'Verify' }).click();
    await frame.locator('.alert-success', { hasText: 'Signed in' }).waitFor({ timeout: 30_000 });
    await shot(page, 'signed-in');
    step('signed-in-in-browser');

    // The token is in config.json on disk, although nobody clicked the dialog's Save button.
    const token = await until('config.json holds the new token', () => readRefreshToken(configText(hb!)), 15_000);
    report.secrets.push(token);
    step('token-in-config-without-save');

    // The running plugin picks the sign-in up by itself, without a restart.
    await hb.waitForLog(/A new Ring sign-in was saved; connecting with it\./, 30_000);
    await hb.waitForLog(/Connected to Ring: 1 location/, 60_000);
    await until('the token file and config.json agree', () => {
      const sidecar = JSON.parse(readFileSync(join(storage, 'trygr', 'token.json'), 'utf8')) as { refreshToken?: string };
      const current = readRefreshToken(configText(hb!));
      if (current) report.secrets.push(current);
      return sidecar.refreshToken !== undefined && sidecar.refreshToken === current;
    }, 15_000);
    step('plugin-connected-without-restart');

    // Homebridge started again: the plugin connects with the saved token.
    await page.keyboard.press('Escape');
    const mark = hb.logMark();
    await hb.restart();
    await hb.waitForLog(/Connected to Ring: 1 location/, 60_000, mark);
    step('plugin-connected-after-restart');
    frame = await openSettings(page, uiUrl);
    await frame.locator('[data-testid="account-status"]', { hasText: 'Connected to Ring' }).waitFor({ timeout: 30_000 });
    await shot(page, 'account-connected');
    step('panel-shows-connected');

    // "Private while home" for the indoor camera writes its rule into config.json.
    await frame.getByRole('tab', { name: 'Devices' }).click();
    const livingRoom = frame.locator(`[data-device-id="${LIVING_ROOM}"]`);
    await livingRoom.waitFor({ timeout: 30_000 });
    await shot(page, 'devices');
    // Life-safety devices get no quick choice at all, only why; other alarm sensors can be hidden.
    const smoke = frame.locator(`[data-device-id="${demoHome.alarm.smokeCoListener}"]`);
    await smoke.getByText('Life-safety alarms always reach Apple Home.').waitFor({ timeout: 15_000 });
    assert.equal(await smoke.getByRole('switch').count(), 0, 'no quick choice for the smoke listener');
    assert.equal(await frame.locator(`[data-device-id="${demoHome.alarm.hallwayMotion}"]`).getByRole('switch', { name: 'Hide from Apple Home' }).count(), 1);
    step('life-safety-without-quick-choices');
    await livingRoom.getByRole('switch', { name: 'Private while home' }).check();
    const rule = await until('config.json holds the Living Room rule', () => {
      const block = (JSON.parse(configText(hb!)) as { platforms: Array<{ platform: string; privacy?: { rules?: Array<Record<string, unknown>> } }> })
        .platforms.find((p) => p.platform === 'Trygr');
      return block?.privacy?.rules?.find((r) => JSON.stringify(r.devices) === JSON.stringify({ ids: [LIVING_ROOM] }));
    }, 15_000);
    assert.deepEqual(rule, { name: 'Living Room: private while home', devices: { ids: [LIVING_ROOM] }, when: { modes: ['home', 'disarmed'] }, action: 'block' });
    assert.equal(readRefreshToken(configText(hb)) !== undefined, true, 'the privacy save kept the token');
    await shot(page, 'private-while-home');
    step('private-while-home-saved');

    // The dry run of the saved policy over the recorded days: the seeded "home" decisions of the Living Room become blocks.
    await frame.getByRole('tab', { name: 'Privacy rules' }).click();
    await frame.locator('.trygr-rules li', { hasText: 'Living Room: private while home' }).waitFor({ timeout: 15_000 });
    await frame.getByRole('button', { name: 'Dry run' }).click();
    const summary = frame.locator('[data-testid="dry-run-summary"]');
    await summary.waitFor({ timeout: 30_000 });
    const text = await summary.innerText();
    const changed = Number(/(\d+) would change/.exec(text)?.[1]);
    assert.ok(changed >= 8, `the dry run counts the seeded home-mode decisions as changes: "${text}"`);
    const blockedAfter = Number(await frame.locator('[data-testid="dry-run"] tr[data-row="blocked"] td').nth(1).innerText());
    assert.ok(blockedAfter >= 8, 'the draft blocks them');
    await frame.locator('[data-testid="dry-run"]').scrollIntoViewIfNeeded();
    await shot(page, 'dry-run');
    step('dry-run-counts');

    // The mask-zone editor over the camera's current view: one rectangle drawn with the mouse.
    await frame.getByRole('button', { name: 'Add a rule' }).click();
    const form = frame.locator('.trygr-rule-form');
    await form.getByLabel('Name').fill('Mask the sofa');
    await form.locator('.form-check', { hasText: 'Living Room' }).locator('input').check();
    await form.getByRole('button', { name: 'Add a step' }).click();
    await form.getByRole('button', { name: 'Draw zones…' }).click();
    const zoneFrame = frame.locator('.trygr-zone-frame');
    await zoneFrame.waitFor();
    await frame.locator('.trygr-zone-image:not([hidden])').waitFor({ timeout: 30_000 });
    await zoneFrame.scrollIntoViewIfNeeded();
    const box = (await zoneFrame.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.9, { steps: 5 });
    await page.mouse.up();
    assert.equal(await frame.locator('.trygr-zone:not(.trygr-zone-ghost)').count(), 2, 'the preset zone and the drawn one');
    await shot(page, 'zone-editor');
    await frame.getByRole('button', { name: 'Use these zones' }).click();
    await frame.locator('.trygr-zone-summary', { hasText: '2 zones' }).waitFor();
    step('zones-drawn');

    // The audit tab: the chart and the latest decisions.
    await frame.getByRole('tab', { name: 'Audit' }).click();
    await frame.locator('svg.trygr-chart').first().waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="latest-decisions"] tbody tr').first().waitFor();
    await shot(page, 'audit');
    step('audit-chart');

    // The same panel in the dark theme.
    const dark = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    watchConsole(dark);
    const darkFrame = await openSettings(dark, uiUrl);
    await darkFrame.getByRole('tab', { name: 'Devices' }).click();
    await darkFrame.locator(`[data-device-id="${LIVING_ROOM}"]`).waitFor({ timeout: 30_000 });
    await shot(dark, 'devices-dark');
    step('dark-theme');
  } finally {
    await browser?.close().catch(() => undefined);
    if (ui && ui.exitCode === null) {
      ui.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (hb) report.homebridgeLog = hb.logs();
    // Every token the emulator issued (the sign-in's and its rotations) is scanned for in the logs.
    if (cloud) report.secrets.push(...cloud.tokensIssued().filter((t) => !report.secrets.includes(t)));
    await stopAll();
    await cloud?.close();
  }
}

main().then(
  () => {
    writeFileSync(reportFile, JSON.stringify(report, null, 2));
    process.exit(0);
  },
  (error: unknown) => {
    report.error = error instanceof Error ? error.stack ?? error.message : String(error);
    writeFileSync(reportFile, JSON.stringify(report, null, 2));
    process.stderr.write(`${report.error}\n`);
    process.exit(1);
  },
);
