/**
 * Smoke, CO, flood and the alarm itself always reach Apple Home: a config that tries to hide them,
 * by family or by id, is told so in the log and they stay, while the rest of the hiding applies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginStatus } from '../../src/config/plugin-status.js';
import { accessoryName, findChar } from '../harness/index.js';
import { demoHome, eventFor, finishRun, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { alarm, chimes } = demoHome;
const FAMILY_ERROR =
  /\[Trygr\] Config: `hideDeviceFamilies` cannot hold "smoke-co-sensor": life-safety alarms always reach Apple Home\. It is ignored; the rest of the list applies\./g;
// A zid is hex digits and dashes: nothing to escape.
const ID_ERROR = new RegExp(
  `\\[Trygr\\] Config: \`hideDeviceIds\` names "Basement Flood" \\(${alarm.basementFlood}\\), which cannot be hidden: life-safety alarms always reach Apple Home\\. It is shown in Apple Home anyway\\.`,
  'g',
);

describe('life-safety devices named in the hiding options', () => {
  let run: DemoHomeRun | undefined;

  beforeAll(async () => {
    run = await startDemoHome({ config: { hideDeviceFamilies: ['smoke-co-sensor', 'chime'], hideDeviceIds: [alarm.basementFlood] } });
  }, 120_000);

  afterAll(() => finishRun(run), 120_000);

  test('the log says, once each, that they cannot be hidden', () => {
    expect(run!.hb.logs().match(FAMILY_ERROR)).toHaveLength(1);
    expect(run!.hb.logs().match(ID_ERROR)).toHaveLength(1);
  });

  test('the smoke listener and the flood sensor are on the bridge and their alarms arrive; the chime is hidden', async () => {
    const { bridge, cloud, hb } = run!;
    const db = await bridge.accessories();
    const names = db.accessories.map((accessory) => accessoryName(accessory));
    expect(names).toEqual(expect.arrayContaining(['Smoke CO Listener', 'Basement Flood']));
    expect(names).not.toContain('Hallway Chime');

    const smoke = findChar(db, 'Smoke CO Listener', 'SmokeSensor', 'SmokeDetected');
    const leak = findChar(db, 'Basement Flood', 'LeakSensor', 'LeakDetected');
    await bridge.subscribe([smoke, leak]);
    const mark = bridge.events().length;
    cloud.updateAlarmDevice(alarm.smokeCoListener, { smoke: { alarmStatus: 'active' } });
    cloud.setSensorFaulted(alarm.basementFlood, true);
    await eventFor(bridge, smoke, 1, mark);
    await eventFor(bridge, leak, 1, mark);

    // The panel's device list says the same.
    const devices = await waitUntil(
      () => {
        try {
          const published = (JSON.parse(readFileSync(join(hb.storagePath, 'trygr', 'status.json'), 'utf8')) as PluginStatus).devices;
          return published.length > 0 && published;
        } catch {
          return undefined;
        }
      },
      10_000,
      'the device list in status.json',
    );
    const hidden = (id: string) => devices.find((device) => device.id === id)?.hidden;
    expect([hidden(alarm.basementFlood), hidden(alarm.smokeCoListener), hidden(String(chimes.hallway))]).toEqual([false, false, true]);
  }, 60_000);
});
