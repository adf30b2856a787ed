/**
 * Privacy switch states that cannot be read fail closed, through a real Homebridge: every camera
 * is private until the user turns the global Privacy switch off in the Home app.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginStatus } from '../../src/config/plugin-status.js';
import { findChar } from '../harness/index.js';
import { cameraChar, demoHome, eventFor, eventsFor, finishRun, sleep, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';

const QUIET_MS = 3_000;
const SWITCHES = 'trygr/privacy-switches.json';
const WARNING =
  /\[Trygr\] The saved Privacy switch states in .*privacy-switches\.json could not be used \(the file is not valid JSON\), so every camera is private: the global Privacy switch is on until you turn it off in the Home app, and the file is rewritten then\./g;

const status = (run: DemoHomeRun): PluginStatus => JSON.parse(readFileSync(join(run.hb.storagePath, 'trygr', 'status.json'), 'utf8')) as PluginStatus;
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('Privacy switches saved in a file that cannot be read', () => {
  let run: DemoHomeRun | undefined;

  beforeAll(async () => {
    // A write cut short (power loss on an SD card) leaves half a file.
    run = await startDemoHome({ storageFiles: { [SWITCHES]: '{\n  "global": false,\n  "devices": {\n    "1843' } });
  }, 120_000);

  afterAll(
    () =>
      finishRun(run, ({ hb }) => {
        expect(hb.logs().match(WARNING)).toHaveLength(1);
      }),
    120_000,
  );

  test('every camera is private, the global switch reads on, and the log and the panel say why', async () => {
    const { hb, bridge, cloud } = run!;
    expect(hb.logs().match(WARNING)).toHaveLength(1);

    const global = findChar(await bridge.accessories(), 'Privacy', 'Switch', 'On');
    expect(await bridge.read(global.aid, global.iid)).toBe(1);

    const client = await run!.camera('Front Door');
    const motion = cameraChar(await client.accessories(), 'MotionSensor', 'MotionDetected', 'Front Door Motion');
    await client.subscribe([motion]);
    const mark = client.events().length;
    await cloud.injectMotion(demoHome.cameras.frontDoor, 'human');
    await sleep(QUIET_MS);
    expect(eventsFor(client, motion, mark).filter((e) => e.value === 1)).toEqual([]);

    await waitUntil(() => status(run!).privacySwitches, 10_000, 'the fail-closed note in status.json');
    expect(status(run!).privacySwitches).toEqual({ failedClosed: true, reason: 'the file is not valid JSON' });
    // The seeded folder and file were made with the harness's umask; the plugin tightened them.
    expect(modeOf(join(hb.storagePath, 'trygr'))).toBe(0o700);
    expect(modeOf(join(hb.storagePath, SWITCHES))).toBe(0o600);
    expect(modeOf(join(hb.storagePath, 'trygr', 'status.json'))).toBe(0o600);
  }, 60_000);

  test('turning the global switch off in the Home app lets motion through and rewrites the file', async () => {
    const { hb, bridge, cloud } = run!;
    const global = findChar(await bridge.accessories(), 'Privacy', 'Switch', 'On');
    await bridge.write(global.aid, global.iid, false);
    expect(await bridge.read(global.aid, global.iid)).toBe(0);

    const client = await run!.camera('Front Door');
    const motion = cameraChar(await client.accessories(), 'MotionSensor', 'MotionDetected', 'Front Door Motion');
    await client.subscribe([motion]);
    const after = client.events().length;
    await cloud.injectMotion(demoHome.cameras.frontDoor, 'human');
    await eventFor(client, motion, 1, after);

    const saved = await waitUntil(
      () => {
        try {
          return JSON.parse(readFileSync(join(hb.storagePath, SWITCHES), 'utf8')) as unknown;
        } catch {
          return undefined;
        }
      },
      10_000,
      'privacy-switches.json to be valid JSON again',
    );
    expect(saved).toEqual({ global: false, devices: {} });
    expect(modeOf(join(hb.storagePath, SWITCHES))).toBe(0o600);
    await waitUntil(() => status(run!).privacySwitches === undefined, 10_000, 'the note to leave status.json');
  }, 60_000);
});
