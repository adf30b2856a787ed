/**
 * Push health on the Account tab, in a real browser (issue 15: "the panel shows the state"). The
 * Ring cloud emulator, Homebridge with this plugin (already signed in: the sign-in is
 * browser-scenario.ts's subject) and homebridge-config-ui-x, all on 127.0.0.1 of a loopback-only
 * namespace (browser-push-health.test.ts starts this through `unshare -n`), and headless Chromium.
 * The settings window stays open while the emulator changes what Ring does; each time the card
 * must show the plugin's own status file (no file is written here): healthy with no push yet, a
 * push received, pushes Ring never delivered counted with the recovery they caused, then the push
 * connection lost (reconnecting, then down). The push watchdog's test knobs make its intervals
 * seconds instead of minutes. Each passed step prints `STEP <name>`; the report holds the rows
 * the card showed at each step.
 *
 *   node .build/test/ui/browser-push-health.js <artifactsDir> <reportFile>
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { demoHome, startRingCloud } from '../emulator/index.js';
import { freePort } from '../harness/free-port.js';
import { startHomebridge } from '../harness/index.js';
import { findRepoRoot } from '../harness/repo-paths.js';
import { configUiPackage, writeUiAuth } from '../harness/config-ui.js';
import { launchChromium, runScenarioMain, startScenarioUi, type ScenarioParts, type ScenarioReport } from './browser-run.js';
import { configUiPages } from './config-ui-pages.js';
import type { PluginStatus } from '../../src/config/plugin-status.js';

const repoRoot = findRepoRoot();
const artifactsDir = resolve(process.argv[2] ?? join(repoRoot, 'test-artifacts/ui-push-health'));
const reportFile = resolve(process.argv[3] ?? join(artifactsDir, 'report.json'));
const { frontDoor } = demoHome.cameras;
/** Long enough that the panel (a status push every 2 s) sees "reconnecting" before "down". */
const DOWN_AFTER_MS = 10_000;
const PUSH_KNOBS = {
  TRYGR_PUSH_RECONCILE_MS: '2000',
  TRYGR_PUSH_MISS_GRACE_MS: '1500',
  TRYGR_PUSH_DOWN_AFTER_MS: String(DOWN_AFTER_MS),
  // Above the status file's 300 ms write delay, which every update restarts.
  TRYGR_PUSH_HEALTH_REFRESH_MS: '1000',
};

type Rows = Array<[string, string]>;
/** A row's exact text, a pattern for it, or `null` for "no such row". */
type Expected = Record<string, string | RegExp | null>;

export interface PushHealthReport extends ScenarioReport {
  uiVersion: string;
  steps: string[];
  /** The Account card's rows when each step passed, by step name. */
  cards: Record<string, Rows>;
  consoleErrors: string[];
  uiLog: string;
  /** What the card and the status file said when a step failed (the file's state and push health only: it holds the snapshot key too). */
  lastRows?: Rows;
  statusAtFailure?: { state?: string; pushHealth?: PluginStatus['pushHealth'] };
}

const ui$ = configUiPackage();
const pages = configUiPages(ui$.version);
const report: PushHealthReport = { uiVersion: ui$.version, steps: [], cards: {}, consoleErrors: [], uiLog: '', homebridgeLog: '', secrets: [] };
/** The rows read last, for the report when a step fails. */
let lastRows: Rows | undefined;

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** The card's term/value pairs, read in one go so that a re-render cannot split a row. */
function cardRows(frame: Frame): Promise<Rows> {
  return frame.evaluate<Rows>(
    `Array.from(document.querySelectorAll('[data-testid="account-status"] dt'), (dt) => [dt.textContent.trim(), (dt.nextElementSibling?.textContent ?? '').trim()])`,
  );
}

function matches(rows: Rows, expected: Expected): boolean {
  const shown = new Map(rows);
  return Object.entries(expected).every(([term, want]) => {
    const value = shown.get(term);
    if (want === null) return value === undefined;
    return value !== undefined && (typeof want === 'string' ? value === want : want.test(value));
  });
}

/** Waits until the open card shows `expected`, then records the step with the rows it showed. */
async function cardShows(frame: Frame, name: string, expected: Expected, timeoutMs: number): Promise<void> {
  const rows = await until(
    `the Account card shows ${JSON.stringify(expected, (_, v: unknown) => (v instanceof RegExp ? String(v) : v))}`,
    async () => {
      lastRows = await cardRows(frame);
      return matches(lastRows, expected) && lastRows;
    },
    timeoutMs,
  );
  report.cards[name] = rows;
  report.steps.push(name);
  process.stdout.write(`STEP ${name}\n`);
}

async function main(parts: ScenarioParts): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  let page: Page | undefined;
  const storage = join(artifactsDir, 'storage');
  try {
    const cloud = (parts.cloud = await startRingCloud({ quiet: true }));
    report.secrets.push(cloud.account.email, cloud.account.password, cloud.account.twoFactorCode);
    mkdirSync(storage, { recursive: true });
    writeUiAuth(storage);
    const uiPort = await freePort();
    const hb = (parts.hb = await startHomebridge({
      storagePath: storage,
      ringCloudUrl: cloud.url,
      extraPlugins: [ui$.dir],
      env: PUSH_KNOBS,
      platforms: [
        { platform: 'config', name: 'Config', port: uiPort, auth: 'none', theme: 'deep-purple', log: { method: 'file', path: join(storage, 'homebridge.log') } },
        { platform: 'Trygr', name: 'Trygr', refreshToken: cloud.mintRefreshToken() },
      ],
    }));
    await hb.waitForLog(/Connected to Ring: 1 location/, 60_000);
    await cloud.waitForPushClient(60_000);

    const uiUrl = await startScenarioUi(parts, report, storage, cloud.url, uiPort);
    const browser = (parts.browser = await launchChromium());
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page.on('console', (message) => {
      if (message.type() === 'error' && message.location().url.includes('/plugins/settings-ui/homebridge-trygr')) report.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => report.consoleErrors.push(`page error: ${error.message}`));
    // One opening: from here on the card follows the status file by itself (status pushes).
    const frame = await pages.openSettings(page, uiUrl);

    await cardShows(
      frame,
      'healthy-before-any-push',
      {
        Plugin: 'Connected to Ring',
        Notifications: 'Healthy',
        'Last notification': 'none yet',
        'Notifications received': '0',
        'Missed in 24 h': '0',
        'Last recovery': null,
      },
      60_000,
    );

    if ((await cloud.injectDing(frontDoor)).delivered !== 1) throw new Error('the press was not delivered by push');
    await cardShows(
      frame,
      'push-received',
      { Notifications: 'Healthy', 'Last notification': 'just now', 'Notifications received': '1', 'Missed in 24 h': '0', 'Last recovery': null },
      30_000,
    );

    // Ring stops serving the registration: the connection stays open, nothing arrives. Reconciliation
    // finds both events in Ring's history, and the misses restart the receiver (a fresh registration
    // could follow only after the recovery backoff, 30 s or more; the card shows the restart within seconds).
    if (cloud.expirePushRegistrations('connections') !== 1) throw new Error('no push registration to expire');
    const dropped = [await cloud.injectMotion(frontDoor, 'human'), await cloud.injectDing(frontDoor)];
    if (dropped.some((delivery) => delivery.delivered !== 0)) throw new Error('a push was delivered to an expired registration');
    await cardShows(
      frame,
      'misses-and-recovery',
      {
        Notifications: 'Degraded: pushes missed',
        'Notifications received': '1',
        'Missed in 24 h': '2 (last just now)',
        'Last recovery': 'just now (receiver restarted)',
      },
      60_000,
    );
    await page.screenshot({ path: join(artifactsDir, 'misses-and-recovery.png'), fullPage: true });

    // Ring unreachable: the push connection drops; reconnecting at first, down after DOWN_AFTER_MS.
    await cloud.goDark('refuse');
    await cardShows(frame, 'reconnecting', { Plugin: 'Connected to Ring', Notifications: 'Degraded: reconnecting' }, 30_000);
    await cardShows(
      frame,
      'down',
      { Notifications: 'Down: disconnected', 'Missed in 24 h': /^2 \(last /, 'Last recovery': /\(receiver restarted|registered again with Ring\)$/ },
      DOWN_AFTER_MS + 30_000,
    );
    await page.screenshot({ path: join(artifactsDir, 'down.png'), fullPage: true });
  } catch (error) {
    report.lastRows = lastRows;
    if (page) await page.screenshot({ path: join(artifactsDir, 'failed.png'), fullPage: true }).catch(() => undefined);
    try {
      const { state, pushHealth } = JSON.parse(readFileSync(join(storage, 'trygr', 'status.json'), 'utf8')) as PluginStatus;
      report.statusAtFailure = { state, pushHealth };
    } catch {
      // no status published
    }
    throw error;
  }
}

runScenarioMain(report, reportFile, main);
