/**
 * The unmodified ring-client-api against the emulator, in this Jest (ESM, vm context) process:
 * devices, push events, snapshots, commands and alarm modes.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import sharp from 'sharp';
import type { Location, RingCamera, RingDevice, PushNotificationDingV2 } from 'ring-client-api';
import { demoHome } from './index.js';
import { renderSnapshotPixels, snapshotHeight, snapshotWidth } from './snapshot-renderer.js';
import { nextValue, startCloudSession, stopCloudSession, trackLongTimers, type CloudSession } from './test-support.js';

jest.setTimeout(30_000);

let session: CloudSession;
let location: Location;
let cameras: RingCamera[];
const longTimers = trackLongTimers();

beforeAll(async () => {
  session = await startCloudSession();
  [location] = await session.api.getLocations();
  cameras = await session.api.getCameras();
});

afterAll(async () => {
  await stopCloudSession(session);
  longTimers.clear();
});

function camera(id: number): RingCamera {
  const found = cameras.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`camera ${id} not found`);
  return found;
}

async function device(zid: string): Promise<RingDevice> {
  const found = (await location.getDevices()).find((candidate) => candidate.zid === zid);
  if (!found) throw new Error(`device ${zid} not found`);
  return found;
}

describe('demo home devices', () => {
  test('cameras, chime, intercom and location come from ring_devices with their kinds and capabilities', () => {
    expect(location.name).toBe('Demo Home');
    expect(location.hasAlarmBaseStation).toBe(true);
    const byName = Object.fromEntries(cameras.map((entry) => [entry.name, entry]));
    expect(Object.keys(byName).sort()).toEqual(['Back Yard', 'Driveway', 'Front Door', 'Living Room']);
    expect(byName['Front Door'].isDoorbot).toBe(true);
    expect(byName['Front Door'].hasBattery).toBe(true);
    expect(byName['Front Door'].hasInHomeDoorbell).toBe(true);
    expect(byName.Driveway.hasLight && byName.Driveway.hasSiren).toBe(true);
    expect(byName.Driveway.hasBattery).toBe(false);
    expect(byName['Living Room'].model).toBe('Indoor Cam');
    expect(byName['Back Yard'].batteryLevel).toBe(64);
    expect(location.chimes.map((chime) => [chime.name, chime.model])).toEqual([['Hallway Chime', 'Chime Pro v2']]);
    expect(location.intercoms.map((intercom) => [intercom.id, intercom.name, intercom.batteryLevel])).toEqual([
      [demoHome.intercoms.buildingEntrance, 'Building Entrance', 92],
    ]);
  });

  test('alarm devices arrive over the location WebSocket with their Ring device types', async () => {
    const devices = await location.getDevices();
    const types = Object.fromEntries(devices.map((entry) => [entry.name, entry.deviceType]));
    expect(types).toEqual({
      'Alarm Base Station': 'hub.redsky',
      'Alarm Mode': 'security-panel',
      'Front Door Contact': 'sensor.contact',
      'Back Door Contact': 'sensor.contact',
      'Hallway Motion': 'sensor.motion',
      'Basement Flood': 'sensor.flood-freeze',
      'Smoke CO Listener': 'listener.smoke-co',
      Keypad: 'security-keypad',
      'Front Door Lock': 'lock',
      'Kitchen Outlet': 'switch',
      'Garden Path Light': 'switch.multilevel.beams',
    });
    const contact = await device(demoHome.alarm.frontDoorContact);
    expect(contact.data).toMatchObject({ faulted: false, batteryLevel: 96, tamperStatus: 'ok', commStatus: 'ok' });
  });

  test('a sensor fault is pushed as a DataUpdate and reaches the device', async () => {
    const flood = await device(demoHome.alarm.basementFlood);
    const update = nextValue(flood.onData, (data) => data.flood?.faulted === true);
    session.cloud.setSensorFaulted(demoHome.alarm.basementFlood, true);
    expect((await update).flood).toEqual({ faulted: true });
    const restored = nextValue(flood.onData, (data) => data.flood?.faulted === false);
    session.cloud.setSensorFaulted(demoHome.alarm.basementFlood, false);
    await restored;
  });
});

describe('push notifications', () => {
  test('an injected human motion event reaches onNewNotification and onMotionDetected', async () => {
    const frontDoor = camera(demoHome.cameras.frontDoor);
    const notification = nextValue<PushNotificationDingV2>(frontDoor.onNewNotification);
    const motion = nextValue(frontDoor.onMotionDetected, (detected) => detected);
    const delivery = await session.cloud.injectMotion(demoHome.cameras.frontDoor, 'human');
    expect(delivery.delivered).toBe(1);
    const received = await notification;
    expect(received.android_config.category).toBe('com.ring.pn.live-event.motion');
    expect(received.data.event.ding.detection_type).toBe('human');
    expect(received.data.event.ding.id).toBe(delivery.dingId);
    expect(received.img?.snapshot_uuid).toBe(delivery.snapshotUuid);
    expect(await motion).toBe(true);
  });

  test('a doorbell press reaches onDoorbellPressed, and only the pressed camera hears it', async () => {
    const frontDoor = camera(demoHome.cameras.frontDoor);
    let drivewayNotifications = 0;
    const subscription = camera(demoHome.cameras.driveway).onNewNotification.subscribe(() => {
      drivewayNotifications += 1;
    });
    const pressed = nextValue(frontDoor.onDoorbellPressed);
    await session.cloud.injectDing(demoHome.cameras.frontDoor);
    const ding = await pressed;
    subscription.unsubscribe();
    expect(ding.android_config.category).toBe('com.ring.pn.live-event.ding');
    expect(ding.data.device.name).toBe('Front Door');
    expect(drivewayNotifications).toBe(0);
  });

  test('the push token the receiver announced was registered with PATCH /clients_api/device', () => {
    const registrations = session.cloud.requests().filter((entry) => entry.method === 'PATCH' && entry.path === '/clients_api/device');
    expect(registrations.length).toBeGreaterThan(0);
  });
});

/** Mean absolute difference of two raw RGB images over the last digit of the counter. */
function counterRegionDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  let count = 0;
  // the counter "#000042" is drawn at x=60, y=260, 16 px per font pixel, 6 font columns per character
  const left = 60 + 6 * 6 * 16;
  for (let y = 260; y < 260 + 7 * 16; y += 1) {
    for (let x = left; x < left + 5 * 16; x += 1) {
      const offset = (y * snapshotWidth + x) * 3;
      for (let channel = 0; channel < 3; channel += 1) sum += Math.abs(a[offset + channel] - b[offset + channel]);
      count += 3;
    }
  }
  return sum / count;
}

async function decode(jpeg: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([snapshotWidth, snapshotHeight, 3]);
  return data;
}

describe('snapshots', () => {
  test('snapshots are JPEGs whose visible counter changes between fresh ones', async () => {
    const driveway = camera(demoHome.cameras.driveway);
    const before = session.cloud.snapshotCount(driveway.id);
    const first = await driveway.getSnapshot();
    const second = await driveway.getNextSnapshot({ force: true });
    expect((await sharp(first).metadata()).format).toBe('jpeg');
    expect(session.cloud.snapshotCount(driveway.id)).toBe(before + 2);
    const [firstPixels, secondPixels] = await Promise.all([decode(first), decode(second)]);
    const expectedFirst = renderSnapshotPixels({ cameraId: driveway.id, cameraName: 'Driveway', counter: before + 1, time: Date.now() }).data;
    // JPEG is lossy: the right counter is close, a different counter is far off
    expect(counterRegionDifference(firstPixels, expectedFirst)).toBeLessThan(6);
    expect(counterRegionDifference(firstPixels, secondPixels)).toBeGreaterThan(15);
  });

  test('the snapshot of a motion event is fetchable by its uuid', async () => {
    const backYard = camera(demoHome.cameras.backYard);
    const delivery = await session.cloud.injectMotion(backYard.id, 'vehicle');
    const byUuid = await backYard.getSnapshotByUuid(delivery.snapshotUuid);
    const again = await backYard.getNextSnapshot({ uuid: delivery.snapshotUuid });
    expect((await sharp(byUuid).metadata()).format).toBe('jpeg');
    expect(Buffer.compare(byUuid, again)).toBe(0);
  });

  test('an offline camera refuses snapshots', async () => {
    session.cloud.setDeviceOffline(demoHome.cameras.livingRoom, true);
    try {
      const livingRoom = camera(demoHome.cameras.livingRoom);
      await expect(livingRoom.getNextSnapshot({ force: true })).rejects.toMatchObject({ response: { status: 404 } });
      const { allCameras } = await session.api.fetchRingDevices();
      expect(allCameras.find((entry) => entry.id === livingRoom.id)?.alerts.connection).toBe('offline');
    } finally {
      session.cloud.setDeviceOffline(demoHome.cameras.livingRoom, false);
    }
  });
});

describe('commands', () => {
  test('turning the driveway light on is recorded and shows in the next ring_devices answer', async () => {
    session.cloud.clearRequests();
    await camera(demoHome.cameras.driveway).setLight(true);
    expect(session.cloud.requests().map((entry) => `${entry.method} ${entry.path} ${entry.host ?? ''}`)).toContain(
      `PUT /clients_api/doorbots/${demoHome.cameras.driveway}/floodlight_light_on api.ring.com`,
    );
    const { allCameras } = await session.api.fetchRingDevices();
    expect(allCameras.find((entry) => entry.id === demoHome.cameras.driveway)?.led_status).toBe('on');
    await camera(demoHome.cameras.driveway).setLight(false);
    expect(session.cloud.scenario.locations[0].cameras[1].led_status).toBe('off');
  });

  test('the siren counts down from 30 s once switched on', async () => {
    await camera(demoHome.cameras.backYard).setSiren(true);
    const { allCameras } = await session.api.fetchRingDevices();
    const remaining = allCameras.find((entry) => entry.id === demoHome.cameras.backYard)?.siren_status?.seconds_remaining ?? 0;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(30);
    await camera(demoHome.cameras.backYard).setSiren(false);
  });

  test('chime: play a sound, set the volume, snooze', async () => {
    const [chime] = location.chimes;
    await chime.playSound('ding');
    await chime.setVolume(3);
    await chime.snooze(30);
    expect(session.cloud.chimePlays(chime.id)).toEqual({ ding: 1, motion: 0 });
    const { chimes } = await session.api.fetchRingDevices();
    expect(chimes[0].settings.volume).toBe(3);
    expect(chimes[0].do_not_disturb.seconds_left).toBe(1800);
  });

  test('arming the alarm is echoed by the panel; an open door blocks arming unless bypassed', async () => {
    await location.armAway();
    expect(await location.getAlarmMode()).toBe('all');
    expect(session.cloud.scenario.locations[0].mode).toBe('away');
    await location.disarm();
    expect(await location.getAlarmMode()).toBe('none');

    session.cloud.setSensorFaulted(demoHome.alarm.backDoorContact, true);
    await expect(location.armHome()).rejects.toThrow(/Sensors may require bypass/);
    await location.armHome([demoHome.alarm.backDoorContact]);
    expect(await location.getAlarmMode()).toBe('some');
    await location.disarm();
    session.cloud.setSensorFaulted(demoHome.alarm.backDoorContact, false);
  });

  test('a location mode change from outside moves the alarm panel too', async () => {
    const panel = await device(demoHome.alarm.securityPanel);
    const update = nextValue(panel.onData, (data) => data.mode === 'some');
    session.cloud.setLocationMode(demoHome.locationId, 'home');
    await update;
    const disarmed = nextValue(panel.onData, (data) => data.mode === 'none');
    session.cloud.setLocationMode(demoHome.locationId, 'disarmed');
    await disarmed;
    expect(session.cloud.scenario.locations[0].mode).toBe('disarmed');
  });
});
