/**
 * One meaning per signal, decided at delivery, through a real Homebridge and a paired controller:
 * a "no people" rule stops people on every sensor and in the picture; a detection word the plugin
 * does not know fails closed; a snapshot is judged again when Ring's image arrives; a door that
 * opened while a mode rule held it back shows once the mode no longer does.
 */
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import type { AuditRecord } from '../../src/privacy/audit/audit-record.js';
import { placeholderImage } from '../../src/privacy/placeholder.js';
import { findChar } from '../harness/index.js';
import { cameraChar, demoHome, eventFor, eventsFor, finishRun, sleep, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { frontDoor, driveway } = demoHome.cameras;
/** Long enough for a push to have reached the controller if it were let through. */
const QUIET_MS = 3_000;

const POLICY = {
  rules: [
    { name: 'No people', when: { detectionTypes: ['person'] }, action: 'block' },
    { name: 'Doors private at home', devices: { kinds: ['contact-sensor'] }, when: { modes: ['home'] }, action: 'block' },
  ],
};

/** The ledger as the plugin wrote it (it flushes every 250 ms), for one device. */
async function ledgerFor(run: DemoHomeRun, deviceId: string | number): Promise<AuditRecord[]> {
  await sleep(1_000);
  return (await readLedger(auditDirectory(run.hb.storagePath))).records.filter((record) => record.device.id === String(deviceId));
}

describe('privacy decided once per push, and at delivery', () => {
  let run: DemoHomeRun | undefined;

  beforeAll(async () => {
    run = await startDemoHome({ config: { privacy: POLICY } });
  }, 120_000);

  afterAll(() => finishRun(run), 120_000);

  test('"no people" blocks a person push on the Motion sensor, the Person sensor and its picture; an unknown detection word fails closed', async () => {
    const { cloud } = run!;
    const client = await run!.camera('Front Door');
    const db = await client.accessories();
    const motion = cameraChar(db, 'MotionSensor', 'MotionDetected', 'Front Door Motion');
    const person = cameraChar(db, 'MotionSensor', 'MotionDetected', 'Front Door Person');
    await client.subscribe([motion, person]);
    const fetchesBefore = cloud.snapshotCount(frontDoor);

    const mark = client.events().length;
    await cloud.injectMotion(frontDoor, 'human');
    await sleep(QUIET_MS);
    expect(eventsFor(client, motion, mark).filter((event) => event.value === 1)).toEqual([]);
    expect(eventsFor(client, person, mark).filter((event) => event.value === 1)).toEqual([]);
    // The notification picture of that push: the placeholder, and Ring was never asked for the image.
    expect((await client.snapshot(640, 360)).equals(await placeholderImage({ width: 640, height: 360 }))).toBe(true);
    expect(cloud.snapshotCount(frontDoor)).toBe(fetchesBefore);

    await cloud.injectMotion(frontDoor, 'animal');
    await sleep(QUIET_MS);
    expect(eventsFor(client, motion, mark).filter((event) => event.value === 1)).toEqual([]);

    const after = client.events().length;
    await cloud.injectMotion(frontDoor, 'other_motion');
    await eventFor(client, motion, 1, after);

    const pushes = (await ledgerFor(run!, frontDoor)).filter((record) => record.signal.type === 'motion' || record.signal.type === 'detection');
    expect(pushes.map((record) => [record.signal.type, record.signal.detectionType, record.action])).toEqual([
      ['motion', 'person', 'block'],
      ['motion', 'unknown', 'block'],
      ['motion', 'other', 'forward'],
    ]);
  }, 60_000);

  test('the Privacy switch turned on while Ring is still sending the image: the placeholder, and the ledger says block', async () => {
    const { cloud } = run!;
    const client = await run!.camera('Driveway');
    // The bridge's global switch: another HAP server, so the write cannot queue behind the snapshot.
    const privacy = findChar(await run!.bridge.accessories(), 'Privacy', 'Switch', 'On');
    cloud.failNext(new RegExp(`^/snapshots/next/${driveway}$`), 1, { delayMs: 3_000 });

    const answer = client.snapshot(640, 360);
    // The delay is taken when the request reaches Ring: from then on the image is on its way.
    await waitUntil(() => cloud.pendingFaults() === 0, 10_000, 'Ring to be asked for the image');
    await run!.bridge.write(privacy.aid, privacy.iid, true);
    expect((await answer).equals(await placeholderImage({ width: 640, height: 360 }))).toBe(true);

    await run!.bridge.write(privacy.aid, privacy.iid, false);
    // Tile snapshots are collapsed per UTC minute in the ledger; a differently decided one closes the
    // window. The forwarded one is written when its own minute ends, which may fall inside the wait.
    expect((await client.snapshot(640, 360)).equals(await placeholderImage({ width: 640, height: 360 }))).toBe(false);
    const snapshots = (await ledgerFor(run!, driveway)).filter((record) => record.signal.type === 'snapshot');
    const blocked = snapshots.filter((record) => record.action === 'block');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).toMatchObject({ rule: { basis: 'privacy-switch' }, context: { globalPrivacy: true } });
    expect(snapshots.filter((record) => record.action !== 'block').map((record) => [record.action, record.rule.basis])).toEqual(
      snapshots.length > 1 ? [['forward', 'default']] : [],
    );
  }, 60_000);

  test('a door opened while a mode rule held it back shows as open once the mode changes', async () => {
    const { cloud, bridge } = run!;
    const db = await bridge.accessories();
    const door = findChar(db, 'Back Door Contact', 'ContactSensor', 'ContactSensorState');
    const panel = findChar(db, 'Alarm Mode', 'SecuritySystem', 'SecuritySystemCurrentState');
    await bridge.subscribe([door, panel]);

    const mark = bridge.events().length;
    cloud.setLocationMode(demoHome.locationId, 'home');
    await eventFor(bridge, panel, 0, mark); // STAY_ARM: the plugin knows the mode is home
    cloud.setSensorFaulted(demoHome.alarm.backDoorContact, true);
    await sleep(QUIET_MS);
    expect(eventsFor(bridge, door, mark)).toEqual([]);

    cloud.setLocationMode(demoHome.locationId, 'disarmed');
    await eventFor(bridge, door, 1, mark);
    expect(await bridge.read(door.aid, door.iid)).toBe(1);
    cloud.setSensorFaulted(demoHome.alarm.backDoorContact, false);
  }, 60_000);
});
