/**
 * The demo home as Apple Home sees it: every camera is its own HomeKit camera (external accessory
 * with a CameraController) with its sensors, light, siren, doorbell and battery; the chime, the
 * intercom and the Ring Alarm devices (with the lock, outlet and path light on its hub) are bridged;
 * values match what the Ring cloud emulator reports, and reads reach the plugin's handlers.
 */
import { ChimeModel, RingCameraModel } from 'ring-client-api';
import { SNAPSHOT_SERIAL_PREFIX, snapshotHeight, snapshotWidth } from '../emulator/snapshot-renderer.js';
import { findAccessory, findChar, findServices, accessoryName, serviceDisplayName, type AccessoryDb, type HapAccessory } from '../harness/index.js';
import {
  BRIDGED_NAMES,
  CAMERA_NAMES,
  cameraRecord,
  chimeRecord,
  demoHome,
  devicePolls,
  sleep,
  waitUntil,
  finishRun,
  startDemoHome,
  type DemoHomeRun,
} from './accessories-support.js';

const HAP_SERIAL = /^[0-9A-F]{12}$/;

function serviceNames(accessory: HapAccessory, type: string): string[] {
  return findServices({ accessories: [accessory] }, { serviceType: type }).map(({ service }) => serviceDisplayName(service) ?? '');
}

function info(db: AccessoryDb, accessory: string | number) {
  const read = (char: string) => findChar(db, accessory, 'AccessoryInformation', char).value;
  return { manufacturer: read('Manufacturer'), model: read('Model'), serial: read('SerialNumber'), name: read('Name') };
}

describe('accessories: what the demo home publishes', () => {
  let run: DemoHomeRun;
  let bridgeDb: AccessoryDb;

  beforeAll(async () => {
    // Hourly polling: any status request after startup comes from a HomeKit read.
    run = await startDemoHome({ config: { doorbellSwitch: true, alarmNightMode: true, cameraStatusPollingSeconds: 3600, snapshotCacheSeconds: 1 } });
    bridgeDb = await run.bridge.accessories();
  }, 120_000);

  afterAll(() => finishRun(run), 120_000);

  test('the bridge carries the chime, the intercom and every Ring Alarm device HomeKit has a service for, named as in Ring', () => {
    const names = bridgeDb.accessories
      .slice(1)
      .map((accessory) => accessoryName(accessory))
      .sort();
    // Besides the devices: the global Privacy switch.
    expect(names).toEqual([...BRIDGED_NAMES, 'Privacy'].sort());
    // Cameras are never bridged: each is its own HomeKit camera.
    for (const camera of CAMERA_NAMES) {
      expect(names).not.toContain(camera);
    }
  }, 30_000);

  test('AccessoryInformation comes from Ring, with opaque serial numbers', () => {
    const chime = info(bridgeDb, 'Hallway Chime');
    expect(chime).toMatchObject({ manufacturer: 'Ring', model: ChimeModel.chime_pro_v2, name: 'Hallway Chime' });
    expect(chime.serial).toMatch(HAP_SERIAL);
    expect(chime.serial).not.toBe(chimeRecord(run.cloud, demoHome.chimes.hallway).device_id);
    expect(info(bridgeDb, 'Alarm Mode')).toMatchObject({ manufacturer: 'Ring', model: 'Ring Alarm' });
    expect(info(bridgeDb, 'Front Door Contact')).toMatchObject({ manufacturer: 'Ring', model: 'Contact Sensor' });
    expect(info(bridgeDb, 'Basement Flood')).toMatchObject({ manufacturer: 'Ring', model: 'Flood & Freeze Sensor' });
    const serials = bridgeDb.accessories
      .slice(1)
      .filter((accessory) => accessoryName(accessory) !== 'Privacy')
      .map((accessory) => findChar(bridgeDb, accessory.aid, 'AccessoryInformation', 'SerialNumber').value);
    expect(new Set(serials).size).toBe(serials.length);
  }, 30_000);

  test("chime: Play Ding and Play Motion switches (off), Snooze, Volume and Nightlight with Ring's values", async () => {
    const chime = findAccessory(bridgeDb, 'Hallway Chime');
    expect(serviceNames(chime, 'Switch').sort()).toEqual(['Hallway Chime Play Ding', 'Hallway Chime Play Motion Sound', 'Hallway Chime Snooze']);
    const record = chimeRecord(run.cloud, demoHome.chimes.hallway);
    const on = (name: string) => findChar(bridgeDb, 'Hallway Chime', 'Switch', 'On', name);
    expect(on('Hallway Chime Play Ding').value).toBe(0);
    expect(on('Hallway Chime Play Motion Sound').value).toBe(0);
    expect(on('Hallway Chime Snooze').value).toBe(record.do_not_disturb.seconds_left > 0 ? 1 : 0);
    const volume = findChar(bridgeDb, 'Hallway Chime', 'Speaker', 'Volume');
    expect(volume.value).toBe(Math.round((record.settings.volume / 11) * 100));
    expect(findChar(bridgeDb, 'Hallway Chime', 'Speaker', 'Mute').value).toBe(0);
    const nightlight = findChar(bridgeDb, 'Hallway Chime', 'Lightbulb', 'On', 'Hallway Chime Nightlight');
    expect(nightlight.value).toBe(record.settings.night_light_settings?.light_sensor_enabled ? 1 : 0);
    // Reads go to the plugin's handlers and agree with the published values.
    expect(await run.bridge.read(volume.aid, volume.iid)).toBe(volume.value);
    expect(await run.bridge.read(nightlight.aid, nightlight.iid)).toBe(nightlight.value);
  }, 30_000);

  test('security system: disarmed, Away/Home/Night/Off offered (Night configured), no fault or tamper', async () => {
    const current = findChar(bridgeDb, 'Alarm Mode', 'SecuritySystem', 'SecuritySystemCurrentState');
    const target = findChar(bridgeDb, 'Alarm Mode', 'SecuritySystem', 'SecuritySystemTargetState');
    expect(current.value).toBe(3);
    expect(target.value).toBe(3);
    expect(target['valid-values']).toEqual([0, 1, 2, 3]);
    expect(current['valid-values']).toEqual([0, 1, 2, 3, 4]);
    expect(findChar(bridgeDb, 'Alarm Mode', 'SecuritySystem', 'StatusFault').value).toBe(0);
    expect(await run.bridge.read(current.aid, current.iid)).toBe(3);
  }, 30_000);

  test('alarm sensors: contact, motion, flood and freeze, smoke and CO, each with fault, tamper and battery', async () => {
    const expectations: Array<[string, string, string, number, number]> = [
      ['Front Door Contact', 'ContactSensor', 'ContactSensorState', 0, 96],
      ['Back Door Contact', 'ContactSensor', 'ContactSensorState', 0, 71],
      ['Hallway Motion', 'MotionSensor', 'MotionDetected', 0, 88],
      ['Basement Flood', 'LeakSensor', 'LeakDetected', 0, 90],
      ['Smoke CO Listener', 'SmokeSensor', 'SmokeDetected', 0, 82],
    ];
    for (const [name, service, reading, value, battery] of expectations) {
      const char = findChar(bridgeDb, name, service, reading);
      expect([name, char.value]).toEqual([name, value]);
      expect([name, await run.bridge.read(char.aid, char.iid)]).toEqual([name, value]);
      expect([name, findChar(bridgeDb, name, service, 'StatusFault').value]).toEqual([name, 0]);
      expect([name, findChar(bridgeDb, name, service, 'StatusTampered').value]).toEqual([name, 0]);
      expect([name, findChar(bridgeDb, name, 'Battery', 'BatteryLevel').value]).toEqual([name, battery]);
      expect([name, findChar(bridgeDb, name, 'Battery', 'StatusLowBattery').value]).toEqual([name, 0]);
    }
    expect(findChar(bridgeDb, 'Basement Flood', 'OccupancySensor', 'OccupancyDetected', 'Basement Flood Freeze').value).toBe(0);
    expect(findChar(bridgeDb, 'Smoke CO Listener', 'CarbonMonoxideSensor', 'CarbonMonoxideDetected').value).toBe(0);
  }, 30_000);

  test('intercom, lock, outlet and path light: bridged with the services and values Ring reports', async () => {
    const SECURED = 1;
    const values: Array<[string, string, string, number]> = [
      ['Building Entrance', 'LockMechanism', 'LockCurrentState', SECURED],
      ['Building Entrance', 'Battery', 'BatteryLevel', 92],
      ['Front Door Lock', 'LockMechanism', 'LockCurrentState', SECURED],
      ['Front Door Lock', 'LockMechanism', 'LockTargetState', SECURED],
      ['Front Door Lock', 'Battery', 'BatteryLevel', 78],
      ['Kitchen Outlet', 'Outlet', 'On', 0],
      ['Garden Path Light', 'Lightbulb', 'On', 0],
      ['Garden Path Light', 'Lightbulb', 'Brightness', 80],
      ['Garden Path Light', 'MotionSensor', 'MotionDetected', 0],
    ];
    for (const [name, service, characteristic, value] of values) {
      const char = findChar(bridgeDb, name, service, characteristic);
      expect([name, characteristic, await run.bridge.read(char.aid, char.iid)]).toEqual([name, characteristic, value]);
    }
    // A press on the intercom is a doorbell ring (and, with doorbellSwitch, a button).
    expect(findServices(bridgeDb, { accessoryName: 'Building Entrance', serviceType: 'Doorbell' })).toHaveLength(1);
    expect(findServices(bridgeDb, { accessoryName: 'Building Entrance', serviceType: 'StatelessProgrammableSwitch' })).toHaveLength(1);
  }, 30_000);

  test('Front Door: a HomeKit doorbell with motion and person sensors, button, in-home chime switch and battery', async () => {
    const client = await run.camera('Front Door');
    const db = await client.accessories();
    expect(db.accessories).toHaveLength(1);
    const [camera] = db.accessories;
    const record = cameraRecord(run.cloud, demoHome.cameras.frontDoor);
    expect(info(db, 1)).toMatchObject({ manufacturer: 'Ring', model: RingCameraModel.doorbell_v4 });
    expect(String(info(db, 1).name)).toMatch(/^Front Door [0-9A-F]{4}$/);
    expect(info(db, 1).serial).not.toBe(record.device_id);
    // The CameraController: two stream managements, microphone and speaker; the Doorbell service is primary.
    expect(findServices(db, { serviceType: 'CameraRTPStreamManagement' })).toHaveLength(2);
    const doorbell = findServices(db, { serviceType: 'Doorbell' });
    expect(doorbell).toHaveLength(1);
    expect(doorbell[0].service.primary).toBe(true);
    expect(serviceNames(camera, 'MotionSensor').sort()).toEqual(['Front Door Motion', 'Front Door Person']);
    expect(findChar(db, 1, 'MotionSensor', 'MotionDetected', 'Front Door Motion').value).toBe(0);
    expect(findChar(db, 1, 'MotionSensor', 'MotionDetected', 'Front Door Person').value).toBe(0);
    const button = findChar(db, 1, 'StatelessProgrammableSwitch', 'ProgrammableSwitchEvent');
    expect(button['valid-values']).toEqual([0]);
    const inHome = findChar(db, 1, 'Switch', 'On', 'Front Door In-Home Chime');
    expect(inHome.value).toBe(record.settings.chime_settings?.enable ? 1 : 0);
    expect(findChar(db, 1, 'Battery', 'BatteryLevel').value).toBe(87);
    expect(findChar(db, 1, 'Battery', 'StatusLowBattery').value).toBe(0);
    expect(findChar(db, 1, 'Battery', 'ChargingState').value).toBe(0);
    expect(findServices(db, { serviceType: 'Lightbulb' })).toHaveLength(0);
    const motion = findChar(db, 1, 'MotionSensor', 'MotionDetected', 'Front Door Motion');
    expect(await client.read(motion.aid, motion.iid)).toBe(0);
  }, 60_000);

  test('Driveway and Back Yard: light and siren (off, as Ring says); Back Yard on battery; no doorbell', async () => {
    for (const [name, id, battery] of [
      ['Driveway', demoHome.cameras.driveway, undefined],
      ['Back Yard', demoHome.cameras.backYard, 64],
    ] as const) {
      const client = await run.camera(name);
      const db = await client.accessories();
      expect(info(db, 1).model).toBe(RingCameraModel[cameraRecord(run.cloud, id).kind as keyof typeof RingCameraModel]);
      const light = findChar(db, 1, 'Lightbulb', 'On', `${name} Light`);
      expect(light.value).toBe(0);
      expect(await client.read(light.aid, light.iid)).toBe(0);
      expect(findChar(db, 1, 'Switch', 'On', `${name} Siren`).value).toBe(0);
      expect(findServices(db, { serviceType: 'Doorbell' })).toHaveLength(0);
      expect(findServices(db, { serviceType: 'StatelessProgrammableSwitch' })).toHaveLength(0);
      expect(findServices(db, { serviceType: 'CameraRTPStreamManagement' })).toHaveLength(2);
      if (battery === undefined) {
        expect(findServices(db, { serviceType: 'Battery' })).toHaveLength(0);
      } else {
        expect(findChar(db, 1, 'Battery', 'BatteryLevel').value).toBe(battery);
      }
    }
  }, 60_000);

  test('Living Room: motion and person sensors only (person on by default, vehicle and package off)', async () => {
    const client = await run.camera('Living Room');
    const db = await client.accessories();
    const [camera] = db.accessories;
    expect(serviceNames(camera, 'MotionSensor').sort()).toEqual(['Living Room Motion', 'Living Room Person']);
    // Its only switch is the per-camera Privacy switch every camera has.
    expect(serviceNames(camera, 'Switch')).toEqual(['Living Room Privacy']);
    for (const absent of ['Lightbulb', 'Battery', 'Doorbell']) {
      expect([absent, findServices(db, { serviceType: absent }).length]).toEqual([absent, 0]);
    }
  }, 60_000);

  test("snapshots from every camera are Ring's picture as Ring sent it, without its metadata", async () => {
    const sharp = (await import('sharp')).default;
    for (const name of CAMERA_NAMES) {
      const client = await run.camera(name);
      const jpeg = await client.snapshot(640, 360);
      const meta = await sharp(jpeg).metadata();
      // Forwarded without a decode, so at the camera's size; the Home app scales it.
      expect([name, meta.format, meta.width, meta.height]).toEqual([name, 'jpeg', snapshotWidth, snapshotHeight]);
      expect([name, meta.exif, meta.xmp, jpeg.includes(SNAPSHOT_SERIAL_PREFIX)]).toEqual([name, undefined, undefined, false]);
    }
  }, 60_000);

  test('a HomeKit read asks Ring for fresh status; a burst of reads asks once', async () => {
    const client = await run.camera('Back Yard');
    const level = findChar(await client.accessories(), 1, 'Battery', 'BatteryLevel');
    await sleep(5_500); // past the refresh interval of the reads above
    cameraRecord(run.cloud, demoHome.cameras.backYard).battery_life = '42';
    const polls = devicePolls(run.cloud);
    expect(await client.read(level.aid, level.iid)).toBe(64); // answered at once with what is known
    await waitUntil(async () => (await client.read(level.aid, level.iid)) === 42, 4_000, 'the fresh battery level');
    expect(devicePolls(run.cloud)).toBe(polls + 1);
  }, 30_000);

  test('a battery camera is not woken for snapshots within its interval; a wired one is, once its cache is old', async () => {
    const backYard = await run.camera('Back Yard');
    const driveway = await run.camera('Driveway');
    const { backYard: battery, driveway: wired } = demoHome.cameras;
    await sleep(1_200); // both caches (1 s here) are old
    const before = { battery: run.cloud.snapshotCount(battery), wired: run.cloud.snapshotCount(wired) };
    for (let i = 0; i < 2; i++) {
      await backYard.snapshot(640, 360);
      await driveway.snapshot(640, 360);
      await sleep(1_200);
    }
    // The battery camera had an image from the first test, well within its 600 s interval.
    expect(run.cloud.snapshotCount(battery)).toBe(before.battery);
    expect(run.cloud.snapshotCount(wired)).toBe(before.wired + 2);
  }, 30_000);
});
