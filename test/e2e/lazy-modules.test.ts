/**
 * Issue 16, end to end: the plugin loads what the configuration uses. A real Homebridge with the
 * demo home and no privacy policy, probed from inside (test/bench/footprint-probe.ts reads the
 * CommonJS cache, where sharp and werift-rtp land however they are imported):
 * - once every accessory is published, neither sharp (libvips) nor werift-rtp (the live-view
 *   stack) is loaded, and a forwarded snapshot does not load sharp either;
 * - the first image that needs drawing (a camera's Privacy switch turned on: the placeholder) loads
 *   sharp, and the placeholder is the one the plugin always drew;
 * - werift (ring-client-api's WebRTC stack, with @peculiar/x509), @homebridge/camera-utils (with
 *   execa and cross-spawn) and systeminformation (ring-client-api's source of a hardware id, which
 *   the plugin gives it) are not loaded where Node has in-thread module hooks (22.15 and later:
 *   lane 2), and are loaded, as the log says, where it has not (Node 20: lane 1). The stand-ins load
 *   them on the first live view; lane 2's live-view suites (test/e2e/*.netns-test.ts) run through
 *   them, and deferred-imports.test.ts checks that they answer with the real packages;
 * - with the same hooks, rxjs is its single-file build, one copy for the plugin and ring-client-api:
 *   a location frame that throws inside one of the library's subscribers reaches the plugin's
 *   stream-error guard and is logged, where a second copy would have stopped Homebridge.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { placeholderImage } from '../../src/privacy/placeholder.js';
import { findRepoRoot } from '../harness/repo-paths.js';
import { packagesOf } from '../support/module-packages.js';
import { stopAll, type HomebridgeProcess } from '../harness/index.js';
import { cameraChar, sleep, startDemoHome, type DemoHomeRun } from './accessories-support.js';

const PROBE = join(findRepoRoot(), '.build/test/bench/footprint-probe.js');
const PROBE_FILE = join(tmpdir(), `trygr-lazy-modules-${process.pid}.json`);

/** Packages whose modules the Homebridge process has loaded by now, by name. */
async function loadedPackages(hb: HomebridgeProcess): Promise<Set<string>> {
  return packagesOf(await loadedFiles(hb));
}

/** The files in the Homebridge process's CommonJS cache. */
async function loadedFiles(hb: HomebridgeProcess): Promise<string[]> {
  rmSync(PROBE_FILE, { force: true });
  process.kill(hb.pid!, 'SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (existsSync(PROBE_FILE)) {
      try {
        return (JSON.parse(readFileSync(PROBE_FILE, 'utf8')) as { cjs: string[] }).cjs;
      } catch {
        // being written
      }
    }
    await sleep(50);
  }
  throw new Error('the footprint probe did not answer');
}

describe('modules the configuration does not use are not loaded', () => {
  let run: DemoHomeRun | undefined;

  beforeAll(async () => {
    if (!existsSync(PROBE)) throw new Error(`${PROBE} is missing: run npm run build:test`);
    run = await startDemoHome({ env: { NODE_OPTIONS: `--import=${pathToFileURL(PROBE).href}`, TRYGR_FOOTPRINT_PROBE_FILE: PROBE_FILE } });
  }, 120_000);

  afterAll(async () => {
    // The cloud is closed whatever stopAll reports, so a Homebridge that died does not keep Jest waiting.
    const problems = await stopAll();
    await run?.cloud.close();
    rmSync(PROBE_FILE, { force: true });
    expect(problems).toEqual([]);
  }, 120_000);

  test('after start-up and a forwarded snapshot, neither sharp nor werift-rtp is loaded; a placeholder loads sharp', async () => {
    const { hb } = run!;
    const atStart = await loadedPackages(hb);
    // The probe really sees CommonJS packages that ES modules imported: ring-client-api's own.
    expect(atStart).toContain('json-bigint');
    expect(atStart).not.toContain('sharp');
    expect(atStart).not.toContain('werift-rtp');

    const client = await run!.camera('Front Door');
    const forwarded = await client.snapshot(640, 360);
    expect(forwarded.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(await loadedPackages(hb)).not.toContain('sharp');

    const db = await client.accessories();
    const privacy = cameraChar(db, 'Switch', 'On', 'Front Door Privacy');
    await client.write(privacy.aid, privacy.iid, true);
    const placeholder = await client.snapshot(640, 360);
    expect(placeholder.equals(await placeholderImage({ width: 640, height: 360 }))).toBe(true);
    const afterPlaceholder = await loadedPackages(hb);
    expect(afterPlaceholder).toContain('sharp');
    expect(afterPlaceholder).not.toContain('werift-rtp');
  }, 90_000);

  test('werift, camera-utils and systeminformation wait for first use where Node has in-thread module hooks, and the debug log says which', async () => {
    const { hb } = run!;
    const hooks = typeof (nodeModule as unknown as { registerHooks?: unknown }).registerHooks === 'function';
    const atStart = await loadedPackages(hb);
    if (hooks) {
      await hb.waitForLog(
        /\[Trygr\] Loaded on first use instead of at start-up: werift \(live view\), @homebridge\/camera-utils \(live view\), systeminformation \(/,
        10_000,
      );
      expect(atStart).not.toContain('systeminformation');
      expect(atStart).not.toContain('@peculiar/x509');
      expect(atStart).not.toContain('werift');
      expect(atStart).not.toContain('cross-spawn');
    } else {
      await hb.waitForLog(/\[Trygr\] werift, @homebridge\/camera-utils, systeminformation load with ring-client-api: Node \S+ has no module\.registerHooks/, 10_000);
      expect(atStart).toContain('@peculiar/x509');
      expect(atStart).toContain('cross-spawn');
      expect(atStart).toContain('systeminformation');
    }
  }, 30_000);

  test('rxjs is one file where Node has in-thread module hooks (its CommonJS build where it has not), one copy for the plugin and ring-client-api', async () => {
    const hooks = typeof (nodeModule as unknown as { registerHooks?: unknown }).registerHooks === 'function';
    const rxjsFiles = (await loadedFiles(run!.hb)).filter((file) => file.includes('/node_modules/rxjs/'));
    if (hooks) {
      await run!.hb.waitForLog(/\[Trygr\] Loaded on first use instead of at start-up: .* rxjs loads from its single-file build\./, 10_000);
      expect(rxjsFiles).toEqual([expect.stringMatching(/\/node_modules\/rxjs\/dist\/bundles\/rxjs\.umd\.js$/)]);
    } else {
      expect(rxjsFiles).toContainEqual(expect.stringMatching(/\/node_modules\/rxjs\/dist\/cjs\/index\.js$/));
      expect(rxjsFiles.some((file) => file.endsWith('rxjs.umd.js'))).toBe(false);
    }
  }, 30_000);

  // Last: ring-client-api's device-update stream ends with the error. Had the plugin and the library
  // two copies of rxjs, the plugin's stream-error guard would sit on the other one, and this frame
  // would stop Homebridge.
  test('a location frame ring-client-api cannot handle is logged as skipped, through the rxjs the library shares with the plugin', async () => {
    const { hb, cloud, bridge } = run!;
    const mark = hb.logMark();
    const frame = { channel: 'DataUpdate', msg: { msg: 'DataUpdate', datatype: 'DeviceInfoDocType', body: 5 } };
    expect(cloud.sendLocationFrame(JSON.stringify(frame))).toBe(1);
    await hb.waitForLog(/\[Trygr\] Ring sent something the Ring library could not handle; it was skipped \(You provided '5' where a stream was expected/, 10_000, mark);
    await sleep(500);
    expect((await bridge.accessories()).accessories.length).toBeGreaterThan(1);
  }, 30_000);
});
