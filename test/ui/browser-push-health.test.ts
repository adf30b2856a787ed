/**
 * Issue 15, "the panel shows the state": the Account tab of the settings panel, open in Chromium
 * inside the host's homebridge-config-ui-x, follows push health from the status file a running
 * plugin writes, while the Ring cloud emulator delivers a push, stops delivering and goes away.
 * The scenario (browser-push-health.ts) runs in a loopback-only network namespace; this checks the
 * rows it saw at each step, the page's console and every log for secrets. Needs what
 * browser.test.ts needs: root, `chromium` and `npm run build`. Artifacts: test-artifacts/ui-push-health/
 * (…-lane2 with TRYGR_LANE_DIR; beside TRYGR_UI_ARTIFACTS when that is set).
 */
import { join, resolve } from 'node:path';
import { configUiPackage } from '../harness/config-ui.js';
import { repoRoot } from '../redirect/build-support.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { runBrowserScenario } from './browser-run.js';
import type { PushHealthReport } from './browser-push-health.js';

const SCENARIO = 'test/ui/browser-push-health.ts';
// Its own folder: the Homebridge storage is in it, and browser.test.ts empties its own.
const artifacts = process.env.TRYGR_UI_ARTIFACTS
  ? `${resolve(process.env.TRYGR_UI_ARTIFACTS)}-push-health`
  : join(repoRoot, 'test-artifacts', process.env.TRYGR_LANE_DIR ? 'ui-push-health-lane2' : 'ui-push-health');

describe(`push health on the Account tab, in config-ui-x ${configUiPackage().version} and Chromium`, () => {
  let report: PushHealthReport;
  let output = '';
  const card = (step: string) => Object.fromEntries(report.cards[step] ?? []);

  beforeAll(async () => {
    ({ report, output } = await runBrowserScenario<PushHealthReport>(
      SCENARIO,
      artifacts,
      300_000,
      (failed) => `card: ${JSON.stringify(failed.lastRows)}\nstatus file: ${JSON.stringify(failed.statusAtFailure)}\n`,
    ));
  }, 540_000);

  test('healthy before any push: no push yet, none missed, no recovery', () => {
    expect(card('healthy-before-any-push')).toEqual({
      'Ring account': 'Signed in',
      Plugin: 'Connected to Ring',
      Devices: expect.stringMatching(/^\d+ devices in 1 location$/) as unknown,
      Notifications: 'Healthy',
      'Last notification': 'none yet',
      'Notifications received': '0',
      'Missed in 24 h': '0',
    });
  });

  test('a push arrives: still healthy, with the last push just now and counted', () => {
    expect(card('push-received')).toMatchObject({ Notifications: 'Healthy', 'Last notification': 'just now', 'Notifications received': '1', 'Missed in 24 h': '0' });
    expect(card('push-received')).not.toHaveProperty('Last recovery');
  });

  test('Ring stops delivering: degraded, the two misses in 24 h and the receiver restart shown, the misses not counted as received', () => {
    expect(card('misses-and-recovery')).toMatchObject({
      Notifications: 'Degraded: pushes missed',
      'Notifications received': '1',
      'Missed in 24 h': '2 (last just now)',
      'Last recovery': 'just now (receiver restarted)',
    });
  });

  test('the push connection lost: reconnecting, then down, the misses and the recovery still shown', () => {
    expect(card('reconnecting')).toMatchObject({ Plugin: 'Connected to Ring', Notifications: 'Degraded: reconnecting' });
    expect(card('down')).toMatchObject({ Notifications: 'Down: disconnected', 'Missed in 24 h': expect.stringMatching(/^2 \(last /) as unknown });
    expect(card('down')['Last recovery']).toBeDefined();
  });

  test('the steps came in order, the page logged no console errors', () => {
    expect(report.steps).toEqual(['healthy-before-any-push', 'push-received', 'misses-and-recovery', 'reconnecting', 'down']);
    expect(report.consoleErrors).toEqual([]);
  });

  test("no email, password, code or token in config-ui-x's log, Homebridge's log or the run's output", () => {
    const [email, password, code, ...tokens] = report.secrets;
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    const everything = [report.uiLog, report.homebridgeLog, output].join('\n');
    expectNoSecrets(everything, [email!, password!, ...tokens]);
    expectNoSecrets(everything, [code!], { minFragment: code!.length });
  });
});
