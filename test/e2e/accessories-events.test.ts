/**
 * Ring events reach a subscribed HomeKit controller: camera motion and smart detections (with the
 * motion reset), doorbell presses (repeats collapsed), Ring Alarm sensors over the location
 * WebSocket (contact, motion, flood, freeze, smoke, CO, tamper, battery), the panel while arming
 * and when triggered; and a snapshot asked for right after a doorbell press is that press's image,
 * fetched beside the event rather than before it.
 */
import sharp from 'sharp';
import { findChar, type AccessoryDb, type CharRef, type HapClient } from '../harness/index.js';
import { renderSnapshotJpeg } from '../emulator/snapshot-renderer.js';
import { demoHome, eventFor, eventsFor, finishRun, requestsSince, sleep, startDemoHome, type DemoHomeRun } from './accessories-support.js';

const { cameras, alarm } = demoHome;
const MOTION_RESET_SECONDS = 5;
const DOORBELL_REPEAT_SECONDS = 3;

describe('accessories: events reach the controller', () => {
  let run: DemoHomeRun;
  let bridgeDb: AccessoryDb;

  beforeAll(async () => {
    run = await startDemoHome({
      config: { doorbellSwitch: true, vehicleSensor: true, motionResetSeconds: MOTION_RESET_SECONDS, doorbellRepeatSeconds: DOORBELL_REPEAT_SECONDS },
      cameras: ['Front Door', 'Driveway'],
    });
    bridgeDb = await run.bridge.accessories();
    await run.cloud.waitForPushClient(30_000);
  }, 120_000);

  afterAll(() => finishRun(run), 120_000);

  describe('cameras', () => {
    let driveway: HapClient;
    let frontDoor: HapClient;
    let motion: CharRef;
    let person: CharRef;
    let vehicle: CharRef;
    let doorbell: CharRef;
    let button: CharRef;

    beforeAll(async () => {
      driveway = await run.camera('Driveway');
      const drivewayDb = await driveway.accessories();
      motion = findChar(drivewayDb, 1, 'MotionSensor', 'MotionDetected', 'Driveway Motion');
      person = findChar(drivewayDb, 1, 'MotionSensor', 'MotionDetected', 'Driveway Person');
      vehicle = findChar(drivewayDb, 1, 'MotionSensor', 'MotionDetected', 'Driveway Vehicle');
      await driveway.subscribe([motion, person, vehicle]);

      frontDoor = await run.camera('Front Door');
      const frontDoorDb = await frontDoor.accessories();
      doorbell = findChar(frontDoorDb, 1, 'Doorbell', 'ProgrammableSwitchEvent');
      button = findChar(frontDoorDb, 1, 'StatelessProgrammableSwitch', 'ProgrammableSwitchEvent');
      await frontDoor.subscribe([doorbell, button]);
    }, 60_000);

    test('plain motion sets MotionDetected at once, not the smart sensors, and our reset clears it', async () => {
      const mark = driveway.events().length;
      const delivery = await run.cloud.injectMotion(cameras.driveway, 'other_motion');
      expect(delivery.delivered).toBe(1);
      const on = await eventFor(driveway, motion, 1, mark);
      const off = await eventFor(driveway, motion, 0, mark, (MOTION_RESET_SECONDS + 10) * 1000);
      expect(off.time).toBeGreaterThan(on.time);
      // Nothing in between: the sensor stayed on until the reset.
      expect(eventsFor(driveway, motion, mark).map((event) => event.value)).toEqual([1, 0]);
      expect(eventsFor(driveway, person, mark)).toEqual([]);
      expect(eventsFor(driveway, vehicle, mark)).toEqual([]);
    }, 30_000);

    test('a person detection sets the person sensor and motion; a vehicle the vehicle sensor', async () => {
      let mark = driveway.events().length;
      await run.cloud.injectMotion(cameras.driveway, 'human');
      await eventFor(driveway, person, 1, mark);
      await eventFor(driveway, motion, 1, mark);
      expect(eventsFor(driveway, vehicle, mark)).toEqual([]);
      expect(await driveway.read(person.aid, person.iid)).toBe(1);

      mark = driveway.events().length;
      await run.cloud.injectMotion(cameras.driveway, 'vehicle');
      await eventFor(driveway, vehicle, 1, mark);
      // Both reset on their own timers.
      await eventFor(driveway, person, 0, mark, (MOTION_RESET_SECONDS + 10) * 1000);
      await eventFor(driveway, vehicle, 0, mark, (MOTION_RESET_SECONDS + 10) * 1000);
    }, 40_000);

    test('a doorbell press sends SINGLE_PRESS on the doorbell and the button; a repeat within the window is collapsed', async () => {
      await sleep(DOORBELL_REPEAT_SECONDS * 1000);
      const mark = frontDoor.events().length;
      await run.cloud.injectDing(cameras.frontDoor);
      await eventFor(frontDoor, doorbell, 0, mark);
      await eventFor(frontDoor, button, 0, mark);
      // The second press of an impatient visitor: delivered to the plugin, not to HomeKit.
      const repeat = await run.cloud.injectDing(cameras.frontDoor);
      expect(repeat.delivered).toBe(1);
      await sleep(1_000);
      expect(eventsFor(frontDoor, doorbell, mark)).toHaveLength(1);
      expect(eventsFor(frontDoor, button, mark)).toHaveLength(1);
      // After the window, a press is a new visitor.
      await sleep(DOORBELL_REPEAT_SECONDS * 1000);
      await run.cloud.injectDing(cameras.frontDoor);
      await waitForCount(() => eventsFor(frontDoor, doorbell, mark).length, 2);
    }, 40_000);

    test("a snapshot asked for right after a press is that press's image; the event did not wait for it", async () => {
      await sleep(DOORBELL_REPEAT_SECONDS * 1000);
      const slowMs = 1_500;
      const snapshotPath = `/snapshots/next/${cameras.frontDoor}`;
      run.cloud.failNext(new RegExp(`^${snapshotPath}$`), 1, { delayMs: slowMs });
      const countBefore = run.cloud.snapshotCount(cameras.frontDoor);
      const requestMark = run.cloud.requests().length;
      const mark = frontDoor.events().length;
      const injectedAt = Date.now();
      const delivery = await run.cloud.injectDing(cameras.frontDoor);
      const event = await eventFor(frontDoor, doorbell, 0, mark);
      const jpeg = await frontDoor.snapshot(640, 360);
      const answeredAt = Date.now();

      const fetches = requestsSince(run.cloud, requestMark, 'GET', snapshotPath);
      expect(fetches.map((request) => request.query.uuid)).toEqual([delivery.snapshotUuid]);
      const fetchEnd = fetches[0].time + slowMs;
      // The event was sent beside the (slow) image fetch, not after it...
      expect(event.time).toBeLessThan(fetchEnd);
      // ...and the snapshot request waited for that image instead of answering with another.
      expect(answeredAt).toBeGreaterThanOrEqual(fetchEnd);
      expect(run.cloud.snapshotCount(cameras.frontDoor)).toBe(countBefore + 1);

      // The picture itself: the emulator prints its counter and "DING" on event images.
      const received = await rawPixels(jpeg);
      const candidates = [injectedAt, injectedAt + 1_000];
      const distance = async (counter: number, caption?: string) =>
        Math.min(
          ...(await Promise.all(
            candidates.map(async (time) =>
              differingPixels(
                received,
                await rawPixels(
                  await renderSnapshotJpeg({
                    cameraId: cameras.frontDoor,
                    cameraName: 'Front Door',
                    counter,
                    time,
                    caption,
                  }),
                ),
              ),
            ),
          )),
        );
      const eventImage = await distance(countBefore + 1, 'DING');
      expect(eventImage).toBeLessThan(300);
      expect(await distance(countBefore, 'DING')).toBeGreaterThan(eventImage * 3);
      expect(await distance(countBefore + 1)).toBeGreaterThan(eventImage * 3);
    }, 40_000);
  });

  describe('Ring Alarm over the location WebSocket', () => {
    const char = (accessory: string, service: string, characteristic: string, serviceName?: string) =>
      findChar(bridgeDb, accessory, service, characteristic, serviceName);
    let watched: Record<string, CharRef>;

    beforeAll(async () => {
      watched = {
        contact: char('Front Door Contact', 'ContactSensor', 'ContactSensorState'),
        contactTamper: char('Front Door Contact', 'ContactSensor', 'StatusTampered'),
        contactLowBattery: char('Front Door Contact', 'Battery', 'StatusLowBattery'),
        contactBattery: char('Front Door Contact', 'Battery', 'BatteryLevel'),
        motion: char('Hallway Motion', 'MotionSensor', 'MotionDetected'),
        leak: char('Basement Flood', 'LeakSensor', 'LeakDetected'),
        freeze: char('Basement Flood', 'OccupancySensor', 'OccupancyDetected', 'Basement Flood Freeze'),
        smoke: char('Smoke CO Listener', 'SmokeSensor', 'SmokeDetected'),
        co: char('Smoke CO Listener', 'CarbonMonoxideSensor', 'CarbonMonoxideDetected'),
        current: char('Alarm Mode', 'SecuritySystem', 'SecuritySystemCurrentState'),
        target: char('Alarm Mode', 'SecuritySystem', 'SecuritySystemTargetState'),
      };
      await run.bridge.subscribe(Object.values(watched));
    }, 30_000);

    test('a faulted contact sensor opens in HomeKit and closes again', async () => {
      const mark = run.bridge.events().length;
      run.cloud.setSensorFaulted(alarm.frontDoorContact, true);
      await eventFor(run.bridge, watched.contact, 1, mark);
      expect(await run.bridge.read(watched.contact.aid, watched.contact.iid)).toBe(1);
      run.cloud.setSensorFaulted(alarm.frontDoorContact, false);
      await eventFor(run.bridge, watched.contact, 0, mark);
    }, 30_000);

    test('alarm motion, a flood, freezing, smoke and CO each reach their sensor', async () => {
      const mark = run.bridge.events().length;
      run.cloud.setSensorFaulted(alarm.hallwayMotion, true);
      await eventFor(run.bridge, watched.motion, 1, mark);
      run.cloud.setSensorFaulted(alarm.basementFlood, true);
      await eventFor(run.bridge, watched.leak, 1, mark);
      expect(eventsFor(run.bridge, watched.freeze, mark)).toEqual([]);
      run.cloud.updateAlarmDevice(alarm.basementFlood, { freeze: { faulted: true } });
      await eventFor(run.bridge, watched.freeze, 1, mark);
      run.cloud.setSensorFaulted(alarm.smokeCoListener, true);
      await eventFor(run.bridge, watched.smoke, 1, mark);
      run.cloud.updateAlarmDevice(alarm.smokeCoListener, { co: { alarmStatus: 'active' } });
      await eventFor(run.bridge, watched.co, 1, mark);

      run.cloud.setSensorFaulted(alarm.hallwayMotion, false);
      run.cloud.setSensorFaulted(alarm.basementFlood, false);
      run.cloud.updateAlarmDevice(alarm.basementFlood, { freeze: { faulted: false } });
      run.cloud.setSensorFaulted(alarm.smokeCoListener, false);
      run.cloud.updateAlarmDevice(alarm.smokeCoListener, { co: { alarmStatus: 'inactive' } });
      for (const key of ['motion', 'leak', 'freeze', 'smoke', 'co']) {
        await eventFor(run.bridge, watched[key], 0, mark);
      }
    }, 30_000);

    test('tamper and a low battery are shown, and cleared', async () => {
      const mark = run.bridge.events().length;
      run.cloud.updateAlarmDevice(alarm.frontDoorContact, { tamperStatus: 'tamper' });
      await eventFor(run.bridge, watched.contactTamper, 1, mark);
      run.cloud.updateAlarmDevice(alarm.frontDoorContact, { batteryLevel: 9, batteryStatus: 'low' });
      await eventFor(run.bridge, watched.contactLowBattery, 1, mark);
      await eventFor(run.bridge, watched.contactBattery, 9, mark);
      run.cloud.updateAlarmDevice(alarm.frontDoorContact, { tamperStatus: 'ok', batteryLevel: 96, batteryStatus: 'full' });
      await eventFor(run.bridge, watched.contactTamper, 0, mark);
      await eventFor(run.bridge, watched.contactLowBattery, 0, mark);
    }, 30_000);

    test('arming with an exit delay: target Away at once, current Off until the delay ends, then Away; triggered; disarmed', async () => {
      const mark = run.bridge.events().length;
      const delayMs = 3_000;
      run.cloud.updateAlarmDevice(alarm.securityPanel, { mode: 'all', transitionDelayEndTimestamp: Date.now() + delayMs });
      await eventFor(run.bridge, watched.target, 1, mark);
      expect(await run.bridge.read(watched.current.aid, watched.current.iid)).toBe(3);
      // Ring sends nothing when the exit delay ends; the plugin looks again by itself.
      await eventFor(run.bridge, watched.current, 1, mark, delayMs + 5_000);

      run.cloud.updateAlarmDevice(alarm.securityPanel, { alarmInfo: { state: 'burglar-alarm' } });
      await eventFor(run.bridge, watched.current, 4, mark);
      expect(await run.bridge.read(watched.target.aid, watched.target.iid)).toBe(1);

      run.cloud.updateAlarmDevice(alarm.securityPanel, { mode: 'none', alarmInfo: null, transitionDelayEndTimestamp: null });
      await eventFor(run.bridge, watched.current, 3, mark);
      await eventFor(run.bridge, watched.target, 3, mark);
    }, 30_000);
  });
});

async function waitForCount(count: () => number, expected: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < expected) {
    if (Date.now() > deadline) throw new Error(`expected ${expected} events, saw ${count()}`);
    await sleep(50);
  }
}

async function rawPixels(jpeg: Buffer): Promise<Buffer> {
  return sharp(jpeg).resize(640, 360, { fit: 'cover' }).removeAlpha().raw().toBuffer();
}

/** Pixels where some channel differs by more than JPEG noise: a different digit or caption makes hundreds. */
function differingPixels(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`images differ in size: ${a.length} vs ${b.length} bytes`);
  let count = 0;
  for (let i = 0; i < a.length; i += 3) {
    if (Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2])) > 64) count++;
  }
  return count;
}
