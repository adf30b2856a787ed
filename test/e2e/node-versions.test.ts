/**
 * Node 26 smoke start. engines promises Node 26, but the suite itself runs on Node 20 (lane 1) and
 * Node 24 (lane 2): this starts Homebridge 2 with the built plugin on a Node 26 binary against the
 * Ring cloud emulator's demo home, and checks that it comes up, publishes every accessory, and that
 * nothing complains about the plugin.
 *
 * It runs where `.ci/run` sets TRYGR_NODE26_BIN (the bin folder or the binary, from `.ci/lane-setup`),
 * which it does in lane 2 only, together with TRYGR_LANE_DIR: Homebridge 1.11 does not claim Node 26
 * and is not what users will run on it. Unset, the test is skipped and says why. Set with a
 * Homebridge 1 host, it fails rather than smoke-test the wrong thing.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { accessoryName, findServices, startHomebridge, stopAll, type HomebridgeProcess } from '../harness/index.js';
import { hostPackage } from '../harness/repo-paths.js';
import { BRIDGED_NAMES, CAMERA_NAMES, expectLogsFreeOfSecrets, waitForPublished } from './accessories-support.js';

const NODE26_ENV = process.env.TRYGR_NODE26_BIN;
const SKIP_REASON = 'TRYGR_NODE26_BIN is unset (.ci/run sets it in lane 2, from .ci/lane-setup)';

/** TRYGR_NODE26_BIN may name the bin folder (what .ci/lane-setup prints) or the node binary itself. */
function node26Binary(value: string): string {
  return statSync(value).isDirectory() ? path.join(value, 'node') : value;
}

/** The test's own preloads (the Ring redirect, the loopback guard) report on stderr. */
const HARNESS_LINE = /^\[(?:trygr redirect|loopback-guard)\] /;

/** Lines Homebridge or Node wrote to stderr (warn and error lines, Node's own warnings), without the harness's. */
const stderrLines = (hb: HomebridgeProcess) =>
  hb
    .stderr()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !HARNESS_LINE.test(line));

if (!NODE26_ENV) {
  // Jest does not print why a test was skipped; say it where the run's output shows it.
  process.stderr.write(`node-versions.test.ts: Node 26 smoke start skipped: ${SKIP_REASON}\n`);
}

describe('Node 26: Homebridge 2 with the plugin starts and publishes the demo home', () => {
  let cloud: RingCloud | undefined;

  afterAll(async () => {
    const problems = await stopAll();
    await cloud?.close();
    expect(problems).toEqual([]);
  }, 120_000);

  (NODE26_ENV ? test : test.skip)(
    `smoke start on Node 26${NODE26_ENV ? '' : ` (skipped: ${SKIP_REASON})`}`,
    async () => {
      const node = node26Binary(NODE26_ENV as string);
      const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
      expect(nodeVersion).toMatch(/^v26\./);
      const homebridgeVersion = hostPackage('homebridge').manifest.version;
      if (Number(homebridgeVersion.split('.')[0]) < 2) {
        throw new Error(`the Homebridge under test is ${homebridgeVersion}; the Node 26 smoke start needs Homebridge 2 (set TRYGR_LANE_DIR, see .ci/lane-setup)`);
      }

      cloud = await startRingCloud({ quiet: true });
      const hb = await startHomebridge({
        platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken() }],
        ringCloudUrl: cloud.url,
        nodeBinary: node,
        startTimeoutMs: 90_000,
      });
      // It really is Node 26 running Homebridge, not the runner's node.
      expect(realpathSync(readlinkSync(`/proc/${hb.pid}/exe`))).toBe(realpathSync(node));
      await hb.waitForLog(new RegExp(`Homebridge v${homebridgeVersion.replace(/\./g, '\\.')} \\(HAP v\\S+\\) \\(`));
      await hb.waitForLog(/Loaded plugin: homebridge-trygr@/);
      await waitForPublished(hb, CAMERA_NAMES);

      const bridge = await hb.pair();
      const db = await bridge.accessories();
      expect(
        db.accessories
          .slice(1)
          .map((accessory) => accessoryName(accessory))
          .sort(),
      ).toEqual([...BRIDGED_NAMES, 'Privacy'].sort());
      const frontDoor = await hb.pair(await hb.waitForExternalAccessory('Front Door', 30_000));
      const camera = await frontDoor.accessories();
      expect(findServices(camera, { serviceType: 'CameraRTPStreamManagement' }).length).toBeGreaterThan(0);
      expect(findServices(camera, { serviceType: 'MotionSensor' }).length).toBeGreaterThan(0);

      // No engine or compatibility complaint about the plugin, no error, nothing on stderr at all:
      // Homebridge's logger prints warn and error lines there, Node its own warnings.
      const logs = hb.logs();
      expect(logs).not.toMatch(/requires a (?:Homebridge|Node\.js) version/);
      expect(logs).not.toMatch(/homebridge-trygr.*(?:compatib|deprecat|bad practice)/i);
      expect(logs).not.toMatch(/ERROR (?:LOADING|INITIALIZING) PLUGIN|Error loading the platform/);
      expect(stderrLines(hb)).toEqual([]);
      expectLogsFreeOfSecrets(hb, cloud);

      await bridge.unpair();
      await frontDoor.unpair();
      await hb.stop();
      expect(await hb.exited).toBe(hb.cleanExitCode);
      expect(stderrLines(hb)).toEqual([]);
    },
    240_000,
  );
});
