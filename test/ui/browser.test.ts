/**
 * The settings panel in a real browser: homebridge-config-ui-x with Homebridge and this plugin
 * against the Ring cloud emulator, driven in headless Debian Chromium through playwright-core. The
 * UI is the host's (test/harness/config-ui.ts): 5.10 with Homebridge 1 from the repository, or, with
 * TRYGR_LANE_DIR set (CI's second lane, run under Node 24), 5.28 with Homebridge 2. The
 * whole set runs in browser-scenario.ts inside a loopback-only network namespace (`unshare -n`), so
 * config-ui-x's update checks and Chromium's own traffic cannot leave the machine; this test starts
 * it, then checks its steps, the page's console and every log for secrets.
 *
 * Needs root (for the namespace), `chromium` (Debian package) and the plugin's build (`npm run
 * build`); the scenario and the panel's server are compiled here. Screenshots of each step:
 * test-artifacts/ui/ (test-artifacts/ui-lane2/ with TRYGR_LANE_DIR, or TRYGR_UI_ARTIFACTS); the
 * README's: <that folder>/readme/.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configUiPackage } from '../harness/config-ui.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { repoRoot } from '../redirect/build-support.js';
import { runBrowserScenario } from './browser-run.js';
import type { BrowserReport } from './browser-scenario.js';

// CI's second lane writes beside the first; TRYGR_UI_ARTIFACTS moves a run elsewhere (two runs must not share a folder:
// the scenario's Homebridge storage is in it).
const artifacts = process.env.TRYGR_UI_ARTIFACTS
  ? resolve(process.env.TRYGR_UI_ARTIFACTS)
  : join(repoRoot, 'test-artifacts', process.env.TRYGR_LANE_DIR ? 'ui-lane2' : 'ui');
const uiVersion = configUiPackage().version;
const README_SHOTS = ['sign-in', 'devices', 'rules', 'zones', 'audit', 'options'];
/** docs/images/gallery: every tab, light and dark, desktop and phone width. */
const GALLERY = ['account', 'devices', 'privacy-rules', 'audit', 'options'].flatMap((tab) =>
  ['light', 'dark'].flatMap((scheme) => ['desktop', 'phone'].map((width) => `${tab}-${scheme}-${width}`)),
);

const SCENARIO = 'test/ui/browser-scenario.ts';

describe(`settings panel in config-ui-x ${uiVersion} and Chromium`, () => {
  let report: BrowserReport;
  let output = '';

  beforeAll(async () => {
    ({ report, output } = await runBrowserScenario<BrowserReport>(SCENARIO, artifacts, 420_000));
  }, 660_000);

  test("runs against the host's Homebridge UI", () => {
    expect(report.uiVersion).toBe(uiVersion);
  });

  test('signs in with email, password and code; the token is in config.json without Save; the running plugin connects, and again after a restart', () => {
    expect(report.steps).toEqual(
      expect.arrayContaining([
        'settings-opened',
        'signed-in-in-browser',
        'token-in-config-without-save',
        'plugin-connected-without-restart',
        'plugin-connected-after-restart',
        'panel-shows-connected',
      ]),
    );
  });

  test('"private while home" for the indoor camera is saved as a rule; the dry run counts what an edit changes against the saved policy, and nothing without one', () => {
    expect(report.steps).toEqual(expect.arrayContaining(['private-while-home-saved', 'dry-run-counts']));
  });

  test('Privacy rules opened before a quick choice is not an edit, and then shows the quick rule as saved', () => {
    expect(report.steps).toEqual(expect.arrayContaining(['fresh-rules-tab-is-not-an-edit', 'quick-choice-shown-in-rules-tab']));
  });

  test('life-safety devices are offered no quick choice, with one line saying why', () => {
    expect(report.steps).toContain('life-safety-without-quick-choices');
  });

  test('the intercom, lock, outlet and path light are listed, each with Hide, and Private while home only for the intercom', () => {
    expect(report.steps).toContain('intercom-lock-outlet-light-listed');
  });

  test('mask zones are drawn with the mouse over the camera view; the audit chart renders and its decisions read in the text colour; the dark theme renders', () => {
    expect(report.steps).toEqual(expect.arrayContaining(['zones-drawn', 'audit-chart', 'dark-theme']));
    expect(report.screenshots.length).toBeGreaterThanOrEqual(10);
    for (const file of report.screenshots) expect(existsSync(file)).toBe(true);
  });

  test("every option is in the Options tab's form: edits survive the panel's own saves and are saved with Save, keeping token and rules", () => {
    expect(report.steps).toEqual(expect.arrayContaining(['options-form-shown-and-hidden', 'option-saved-from-form']));
  });

  test("a hidden device that waits for a restart is named, and the window's Save is on to offer the Homebridge UI's restart; shown again, nothing waits", () => {
    expect(report.steps).toEqual(expect.arrayContaining(['hide-offers-the-restart', 'unhide-before-a-restart-waits-for-nothing']));
  });

  test("a panel that cannot load says so and shows the Homebridge UI's plain form", () => {
    expect(report.steps).toContain('failed-panel-falls-back-to-form');
  });

  test('the Account card agrees with itself right after a sign-in and right after a sign-out, and follows the plugin under an open form', () => {
    expect(report.steps).toEqual(expect.arrayContaining(['signed-in-in-browser', 'sign-out-shown-at-once']));
  });

  test("the settings window's Save is off on the panel's own tabs (they save at once) and on with the Options form", () => {
    expect(report.steps).toEqual(expect.arrayContaining(['save-button-off-outside-options', 'option-saved-from-form']));
  });

  test('"Add a rule" starts with a rule the plugin accepts', () => {
    expect(report.steps).toContain('new-rule-starts-valid');
  });

  test('unsaved rule edits survive closing the settings window, and the next opening says they are unsaved', () => {
    expect(report.steps).toContain('unsaved-rule-survives-closing');
  });

  test('a failed sign-in keeps the email address, and its error reads as an error', () => {
    expect(report.steps).toContain('failed-sign-in-keeps-email');
  });

  test("the Devices tab spells out each quick choice (hiding's restart too) and shows each location's Ring mode", () => {
    expect(report.steps).toContain('quick-choices-explained-with-mode');
  });

  test('a drawn zone is moved by dragging it and resized by its corner, and its numbers follow', () => {
    expect(report.steps).toContain('zone-moved-and-resized');
  });

  test('while a rule is edited its summary follows, its errors show at it and at the field, Done is off while it has one, and times read as the pickers show them', () => {
    expect(report.steps).toContain('rule-errors-at-the-rule-and-done-off');
  });

  test('a dry run result goes once its edit is saved', () => {
    expect(report.steps).toContain('dry-run-cleared-after-save');
  });

  test('a default action the plugin does not know is shown as it is', () => {
    expect(report.steps).toContain('unknown-default-action-shown-as-is');
  });

  test("a rule's kind picker offers the kinds this home has", () => {
    expect(report.steps).toContain('kind-picker-lists-this-homes-kinds');
  });

  test('a rule that can never apply says so next to it, naming the rule that decides first', () => {
    expect(report.steps).toContain('rule-that-never-applies-is-named');
  });

  test('the open panel adds no line to the Homebridge UI log while idle (the status is pushed, not polled)', () => {
    expect(report.steps).toContain('idle-panel-adds-no-log-lines');
  });

  test("the README's pictures are written, and the gallery of every tab in light and dark, at desktop and phone width", () => {
    for (const name of README_SHOTS) expect(existsSync(join(artifacts, 'readme', `${name}.png`))).toBe(true);
    expect(report.steps).toContain('gallery-of-every-tab');
    for (const name of GALLERY) expect([name, existsSync(join(artifacts, 'gallery', `${name}.jpg`))]).toEqual([name, true]);
  });

  test("moves homebridge-ring's block and sign-in once homebridge-ring is confirmed stopped: Trygr's block holds the options and the token, homebridge-ring is disabled with its block kept, and a later Save keeps the move", () => {
    expect(report.steps).toEqual(expect.arrayContaining(['moved-from-homebridge-ring', 'ring-move-kept-by-a-later-save']));
  });

  test('the page logs no console errors', () => {
    expect(report.consoleErrors).toEqual([]);
  });

  test("no email, password, code or token in config-ui-x's log (with the panel server's output), Homebridge's log or the run's output", () => {
    expect(report.secrets.length).toBeGreaterThanOrEqual(4);
    expect(report.uiLog).toMatch(/Incoming Request: \/sign-in\/code/);
    const [email, password, code, ...tokens] = report.secrets;
    const everything = [report.uiLog, report.homebridgeLog, output].join('\n');
    expectNoSecrets(everything, [email!, password!, ...tokens]);
    // The 6-digit code is shorter than the scan's default fragment length.
    expectNoSecrets(everything, [code!], { minFragment: code!.length });
  });
});
