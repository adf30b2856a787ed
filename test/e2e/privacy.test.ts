/**
 * The privacy layer end to end: what the policy and the HomeKit Privacy switches say is exactly
 * what reaches the paired controller.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import type { AuditRecord } from '../../src/privacy/audit/audit-record.js';
import { placeholderImage } from '../../src/privacy/placeholder.js';
import { cameraChar, demoHome, eventFor, eventsFor, expectLogsFreeOfSecrets, sleep, startDemoHome, type DemoHomeRun } from './accessories-support.js';
import { findChar, stopAll } from '../harness/index.js';

const { frontDoor, driveway, livingRoom } = demoHome.cameras;
const QUIET_MS = 3_000;

/** The ledger as the plugin wrote it; it flushes every 250 ms. */
async function ledgerOf(run: DemoHomeRun): Promise<AuditRecord[]> {
  await sleep(1_000);
  return (await readLedger(auditDirectory(run.hb.storagePath))).records;
}

const POLICY = {
  defaultAction: 'forward',
  rules: [
    { name: 'Indoor private at home', devices: { kinds: ['indoor-camera'] }, when: { modes: ['home'] }, action: 'block' },
    {
      name: 'Mask the neighbour',
      devices: { names: ['Driveway'] },
      signals: ['snapshot', 'event-snapshot'],
      action: 'event-only',
      snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }] },
    },
  ],
};

async function rgbAt(jpeg: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('privacy end to end', () => {
  let run: DemoHomeRun;

  beforeAll(async () => {
    run = await startDemoHome({ config: { privacy: POLICY } });
  }, 120_000);

  afterAll(async () => {
    if (run) {
      expectLogsFreeOfSecrets(run.hb, run.cloud);
    }
    expect(await stopAll()).toEqual([]);
    await run?.cloud.close();
  }, 120_000);

  test('a camera Privacy switch turned on through HAP blocks events and snapshots; turned off, events flow again', async () => {
    const client = await run.camera('Front Door');
    const db = await client.accessories();
    const privacy = cameraChar(db, 'Switch', 'On', 'Front Door Privacy');
    const motion = cameraChar(db, 'MotionSensor', 'MotionDetected', 'Front Door Motion');
    const press = cameraChar(db, 'Doorbell', 'ProgrammableSwitchEvent');
    await client.subscribe([motion, press]);

    await client.write(privacy.aid, privacy.iid, true);
    expect(await client.read(privacy.aid, privacy.iid)).toBe(1);
    const mark = client.events().length;
    await run.cloud.injectMotion(frontDoor, 'human');
    await run.cloud.injectDing(frontDoor);
    await sleep(QUIET_MS);
    expect(eventsFor(client, motion, mark).filter((e) => e.value === 1)).toEqual([]);
    expect(eventsFor(client, press, mark)).toEqual([]);

    const snapshot = await client.snapshot(640, 360);
    expect(snapshot.equals(await placeholderImage({ width: 640, height: 360 }))).toBe(true);
    const snapshotsBefore = run.cloud.snapshotCount(frontDoor);
    await client.snapshot(640, 360);
    expect(run.cloud.snapshotCount(frontDoor)).toBe(snapshotsBefore);

    const blocked = (await ledgerOf(run)).filter((r) => r.device.id === String(frontDoor) && r.action === 'block' && r.context.devicePrivacy);
    // One push, one record: the person detection is part of the motion's record.
    expect(blocked.map((r) => r.signal.type)).toEqual(expect.arrayContaining(['motion', 'doorbell']));
    expect(blocked.find((r) => r.signal.type === 'motion')?.signal.detectionType).toBe('person');
    expect(blocked.every((r) => r.rule.basis === 'privacy-switch')).toBe(true);

    await client.write(privacy.aid, privacy.iid, false);
    const after = client.events().length;
    await run.cloud.injectMotion(frontDoor, 'human');
    await eventFor(client, motion, 1, after);
  }, 60_000);

  test('a mask rule returns a snapshot whose masked zone is covered', async () => {
    const client = await run.camera('Driveway');
    const { data, width, height } = await rgbAt(await client.snapshot(640, 360));
    expect([width, height]).toEqual([640, 360]);
    let brightInZone = 0;
    let brightOutside = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const bright = data[i]! + data[i + 1]! + data[i + 2]! > 30;
        if (x < width / 2 && y < height / 2) {
          brightInZone += bright ? 1 : 0;
        } else if (x >= width / 2 + 16 || y >= height / 2 + 16) {
          brightOutside += bright ? 1 : 0;
        }
      }
    }
    expect(brightInZone).toBe(0);
    // The emulator's test image is not black, so the rest of the frame must still show it.
    expect(brightOutside).toBeGreaterThan(10_000);
    expect(run.cloud.snapshotCount(driveway)).toBeGreaterThan(0);
  }, 60_000);

  test('a rule keyed to the Ring mode follows a mode change made at the emulator', async () => {
    const client = await run.camera('Living Room');
    const db = await client.accessories();
    const motion = cameraChar(db, 'MotionSensor', 'MotionDetected', 'Living Room Motion');
    await client.subscribe([motion]);

    run.cloud.setLocationMode(demoHome.locationId, 'home');
    await sleep(1_500);
    const mark = client.events().length;
    await run.cloud.injectMotion(livingRoom, 'other_motion');
    await sleep(QUIET_MS);
    expect(eventsFor(client, motion, mark).filter((e) => e.value === 1)).toEqual([]);

    run.cloud.setLocationMode(demoHome.locationId, 'disarmed');
    await sleep(1_500);
    const after = client.events().length;
    await run.cloud.injectMotion(livingRoom, 'other_motion');
    await eventFor(client, motion, 1, after);
  }, 60_000);

  test('the global Privacy switch is in the Home app and blocks every camera', async () => {
    const db = await run.bridge.accessories();
    const global = findChar(db, 'Privacy', 'Switch', 'On');
    const client = await run.camera('Back Yard');
    const cameraDb = await client.accessories();
    const motion = cameraChar(cameraDb, 'MotionSensor', 'MotionDetected', 'Back Yard Motion');
    await client.subscribe([motion]);

    await run.bridge.write(global.aid, global.iid, true);
    const mark = client.events().length;
    await run.cloud.injectMotion(demoHome.cameras.backYard, 'human');
    await sleep(QUIET_MS);
    expect(eventsFor(client, motion, mark).filter((e) => e.value === 1)).toEqual([]);

    await run.bridge.write(global.aid, global.iid, false);
    const after = client.events().length;
    await run.cloud.injectMotion(demoHome.cameras.backYard, 'human');
    await eventFor(client, motion, 1, after);
  }, 60_000);

  test('a dry run over this ledger reports what a stricter draft would have changed', async () => {
    const records = await ledgerOf(run);
    const backYard = records.filter((r) => r.device.id === String(demoHome.cameras.backYard));
    const wouldChange = backYard.filter((r) => r.action !== 'block').reduce((sum, r) => sum + (r.count ?? 1), 0);
    expect(wouldChange).toBeGreaterThan(0);

    const config = JSON.parse(readFileSync(run.hb.configPath, 'utf8'));
    const block = config.platforms.find((p: { platform: string }) => p.platform === 'Trygr');
    block.privacy = { ...POLICY, rules: [{ name: 'Back Yard never', devices: { names: ['Back Yard'] }, action: 'block' }, ...POLICY.rules] };
    const draftPath = join(run.hb.storagePath, 'draft-config.json');
    writeFileSync(draftPath, JSON.stringify(config));

    const cli = join(process.cwd(), 'dist/cli/trygr-policy.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'dry-run', draftPath, '--storage', run.hb.storagePath, '--json']);
    const { report } = JSON.parse(stdout);
    expect(report.valid).toBe(true);
    expect(report.decisions).toBe(records.reduce((sum, r) => sum + (r.count ?? 1), 0));
    expect(report.changed).toBe(wouldChange);
    const row = report.devices.find((d: { id: string }) => d.id === String(demoHome.cameras.backYard));
    expect(row.changed).toBe(wouldChange);
    expect(report.rules[0]).toMatchObject({ ruleName: 'Back Yard never', changed: wouldChange });
  }, 60_000);

  // Driveway: no motion has been shown for it yet, so a new motion is a new HAP event.
  test('a policy saved to config.json (as the settings panel does) applies without a restart', async () => {
    const client = await run.camera('Driveway');
    const motion = cameraChar(await client.accessories(), 'MotionSensor', 'MotionDetected', 'Driveway Motion');
    await client.subscribe([motion]);
    const config = JSON.parse(readFileSync(run.hb.configPath, 'utf8'));
    const block = config.platforms.find((p: { platform: string }) => p.platform === 'Trygr');
    const mark = run.hb.logMark();
    block.privacy = {
      ...POLICY,
      rules: [{ name: 'Driveway paused', devices: { names: ['Driveway'] }, signals: ['motion', 'detection'], action: 'block' }, ...POLICY.rules],
    };
    writeFileSync(run.hb.configPath, JSON.stringify(config, null, 4));
    await run.hb.waitForLog(/\[Trygr\] The privacy policy was changed in config.json; applying it now\./, 15_000, mark);
    const before = client.events().length;
    await run.cloud.injectMotion(demoHome.cameras.driveway, 'human');
    await sleep(QUIET_MS);
    expect(eventsFor(client, motion, before).filter((e) => e.value === 1)).toEqual([]);

    const restored = run.hb.logMark();
    block.privacy = POLICY;
    writeFileSync(run.hb.configPath, JSON.stringify(config, null, 4));
    await run.hb.waitForLog(/\[Trygr\] The privacy policy was changed/, 15_000, restored);
    const after = client.events().length;
    await run.cloud.injectMotion(demoHome.cameras.driveway, 'human');
    await eventFor(client, motion, 1, after);
  }, 60_000);
});

describe('life safety under a block-everything policy', () => {
  let run: DemoHomeRun;

  beforeAll(async () => {
    run = await startDemoHome({ config: { privacy: { defaultAction: 'block' } } });
  }, 120_000);

  afterAll(async () => {
    expect(await stopAll()).toEqual([]);
    await run?.cloud.close();
  }, 120_000);

  test('a smoke alarm goes through while a contact sensor does not', async () => {
    const db = await run.bridge.accessories();
    const smoke = findChar(db, 'Smoke CO Listener', 'SmokeSensor', 'SmokeDetected');
    const contact = findChar(db, 'Front Door Contact', 'ContactSensor', 'ContactSensorState');
    await run.bridge.subscribe([smoke, contact]);
    const mark = run.bridge.events().length;

    run.cloud.setSensorFaulted(demoHome.alarm.frontDoorContact, true);
    run.cloud.updateAlarmDevice(demoHome.alarm.smokeCoListener, { smoke: { alarmStatus: 'active' } });
    await eventFor(run.bridge, smoke, 1, mark);
    await sleep(1_000);
    expect(eventsFor(run.bridge, contact, mark)).toEqual([]);
  }, 60_000);
});
