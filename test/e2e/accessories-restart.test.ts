/**
 * Restarts: the same accessories come back with the same aid/iid and the pairings keep working;
 * cached accessories are there before Ring answers, and so are the cameras (offline, from the list
 * the last connection saved); devices gone from Ring are removed, renamed ones take Ring's new name;
 * devices hidden in the config disappear, and so do a camera's extra services turned off by option.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { pluginFiles } from '../../src/config/plugin-files.js';
import { placeholderImage } from '../../src/privacy/placeholder.js';
import { uuid } from 'hap-nodejs';
import { accessoryName, characteristicName, serviceDisplayName, serviceName, findChar, type AccessoryDb, type HapClient } from '../harness/index.js';
import { CAMERA_NAMES, demoHome, eventFor, finishRun, startDemoHome, waitForPublished, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { cameras, chimes, alarm } = demoHome;
const NO_RESPONSE = -70402;

/** Whether anything still listens on a loopback port (an external accessory's HAP server). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every characteristic as "accessory / service (name) / characteristic" → "aid.iid". */
function idMap(db: AccessoryDb): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const accessory of db.accessories) {
    const name = accessoryName(accessory) ?? `aid ${accessory.aid}`;
    for (const service of accessory.services) {
      for (const char of service.characteristics) {
        ids[`${name} / ${serviceName(service.type)} (${serviceDisplayName(service) ?? ''}) / ${characteristicName(char.type)}`] = `${accessory.aid}.${char.iid}`;
      }
    }
  }
  return ids;
}

function names(db: AccessoryDb): string[] {
  return db.accessories.map((accessory) => accessoryName(accessory) ?? '').sort();
}

function editPlatform(configPath: string, edit: (block: Record<string, unknown>) => void): void {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { platforms: Array<Record<string, unknown>> };
  const block = config.platforms.find((platform) => platform.platform === 'Trygr');
  if (!block) throw new Error('no Trygr block in config.json');
  edit(block);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
}

describe('accessories: restarts', () => {
  let run: DemoHomeRun;
  let before: { bridge: Record<string, string>; frontDoor: Record<string, string> };
  let frontDoor: HapClient;

  /** The camera's own HAP server moves to a new port on every start; the pairing stays. */
  async function reconnectFrontDoor(): Promise<HapClient> {
    const endpoint = await run.hb.waitForExternalAccessory('Front Door', 30_000);
    await frontDoor.close();
    frontDoor = run.hb.connect(endpoint, frontDoor.pairingData);
    return frontDoor;
  }

  beforeAll(async () => {
    run = await startDemoHome();
    frontDoor = await run.camera('Front Door');
    before = { bridge: idMap(await run.bridge.accessories()), frontDoor: idMap(await frontDoor.accessories()) };
  }, 120_000);

  afterAll(() => finishRun(run), 120_000);

  test('cached accessories and the cameras are back with the same ids before Ring answers, and again once it has', async () => {
    // Ring's device list fails twice: the plugin retries after 5 and 15 s, and meanwhile the cache is all there is.
    run.cloud.failNext('/clients_api/ring_devices', 2, { status: 500 });
    await run.hb.restart();
    const mark = run.hb.logMark();
    expect(idMap(await run.bridge.accessories())).toEqual(before.bridge);

    // Cameras are not in Homebridge's cache: they come from the list the last connection saved.
    const early = await reconnectFrontDoor();
    const earlyDb = await early.accessories();
    expect(idMap(earlyDb)).toEqual(before.frontDoor);
    const motion = findChar(earlyDb, 1, 'MotionSensor', 'MotionDetected', 'Front Door Motion');
    await expect(early.read(motion.aid, motion.iid)).rejects.toMatchObject({ status: NO_RESPONSE });
    const privacy = findChar(earlyDb, 1, 'Switch', 'On', 'Front Door Privacy');
    expect(await early.read(privacy.aid, privacy.iid)).toBe(0);
    const unavailable = await placeholderImage({ width: 640, height: 360, label: 'Unavailable' });
    expect((await early.snapshot(640, 360)).equals(unavailable)).toBe(true);
    await run.hb.waitForLog(/\[Trygr\] Published 4 cameras from the last connection; they show "No Response" until Ring answers\./, 1_000);
    expect(run.hb.logs().slice(mark)).not.toMatch(/Connected to Ring/);

    await waitForPublished(run.hb, CAMERA_NAMES);
    expect(run.cloud.pendingFaults()).toBe(0);
    expect(idMap(await run.bridge.accessories())).toEqual(before.bridge);
    // Ring's camera has taken the stand-in's place on the same HAP server: same ids, and it answers.
    expect(run.hb.externalAccessories().filter((endpoint) => endpoint.name.startsWith('Front Door'))).toHaveLength(1);
    expect(idMap(await frontDoor.accessories())).toEqual(before.frontDoor);
    expect(await frontDoor.read(motion.aid, motion.iid)).toBe(0);
    expect((await frontDoor.snapshot(640, 360)).equals(unavailable)).toBe(false);
  }, 120_000);

  test('the pairings still work: reads, writes and events on the bridge and on a camera', async () => {
    const bridgeDb = await run.bridge.accessories();
    const contact = findChar(bridgeDb, 'Front Door Contact', 'ContactSensor', 'ContactSensorState');
    await run.bridge.subscribe([contact]);
    const mark = run.bridge.events().length;
    run.cloud.setSensorFaulted(alarm.frontDoorContact, true);
    await eventFor(run.bridge, contact, 1, mark);
    run.cloud.setSensorFaulted(alarm.frontDoorContact, false);
    await eventFor(run.bridge, contact, 0, mark);

    const cameraDb = await frontDoor.accessories();
    const doorbell = findChar(cameraDb, 1, 'Doorbell', 'ProgrammableSwitchEvent');
    await frontDoor.subscribe([doorbell]);
    await run.cloud.waitForPushClient(30_000);
    const cameraMark = frontDoor.events().length;
    await run.cloud.injectDing(cameras.frontDoor);
    await eventFor(frontDoor, doorbell, 0, cameraMark);
    const inHome = findChar(cameraDb, 1, 'Switch', 'On', 'Front Door In-Home Chime');
    await frontDoor.write(inHome.aid, inHome.iid, true);
    expect(await frontDoor.read(inHome.aid, inHome.iid)).toBe(1);
  }, 60_000);

  test('devices gone from Ring are removed after a restart; a device renamed in Ring takes the new name', async () => {
    const location = run.cloud.scenario.locations[0];
    location.alarmDevices = location.alarmDevices.filter((doc) => doc.general.v2.zid !== alarm.backDoorContact);
    location.chimes = location.chimes.filter((chime) => chime.id !== chimes.hallway);
    location.cameras = location.cameras.filter((camera) => camera.id !== cameras.livingRoom);
    const renamed = location.alarmDevices.find((doc) => doc.general.v2.zid === alarm.frontDoorContact);
    renamed!.general.v2.name = 'Main Entrance';
    const mark = run.hb.logMark();

    await run.hb.restart();
    await waitForPublished(run.hb, ['Front Door', 'Driveway', 'Back Yard'], mark);
    await run.hb.waitForLog(/\[Trygr\] Removed 2 accessories for devices Ring no longer reports\./, 20_000, mark);
    await reconnectFrontDoor();
    const db = await run.bridge.accessories();
    expect(names(db)).not.toContain('Back Door Contact');
    expect(names(db)).not.toContain('Hallway Chime');
    expect(names(db)).toContain('Main Entrance');
    expect(names(db)).not.toContain('Front Door Contact');
    const contact = findChar(db, 'Main Entrance', 'ContactSensor', 'Name');
    expect(contact.value).toBe('Main Entrance');
    // The renamed sensor is the same HomeKit accessory (same aid), so automations keep working.
    const renamedIds = Object.entries(idMap(db)).filter(([key]) => key.startsWith('Main Entrance / ContactSensor'));
    const formerIds = Object.entries(before.bridge).filter(([key]) => key.startsWith('Front Door Contact / ContactSensor'));
    expect(renamedIds.map(([, id]) => id).sort()).toEqual(formerIds.map(([, id]) => id).sort());
    // Accessories that stayed keep every id.
    const kept = Object.entries(before.bridge).filter(([key]) => /^(Alarm Mode|Hallway Motion|Basement Flood|Smoke CO Listener) \//.test(key));
    expect(kept.length).toBeGreaterThan(20);
    const now = idMap(db);
    for (const [key, id] of kept) {
      expect([key, now[key]]).toEqual([key, id]);
    }
    // Published from the last connection's list before Ring answered, then taken off the network.
    await run.hb.waitForLog(/\[Trygr\] Ring no longer reports Living Room; its HomeKit camera has left the network/, 10_000, mark);
    const livingRoom = run.hb.externalAccessories().find((endpoint) => endpoint.name.startsWith('Living Room'));
    expect(livingRoom).toBeDefined();
    expect(await listening(livingRoom!.port)).toBe(false);
    expect(await listening((await run.hb.waitForExternalAccessory('Driveway', 1_000)).port)).toBe(true);
  }, 120_000);

  test("devices hidden by id (Ring's, or the UUID homebridge-ring gave them) or by family disappear after a restart, and come back when shown", async () => {
    await run.hb.stop();
    editPlatform(run.hb.configPath, (block) => {
      // The Driveway as a block moved from homebridge-ring names it, by a HomeKit UUID of that plugin's
      // making (in any case); the hallway motion sensor by Ring's zid.
      block.hideDeviceIds = [uuid.generate(`${cameras.driveway}camera`).toUpperCase(), alarm.hallwayMotion];
      // Not a life-safety family: those cannot be hidden (life-safety-hiding.test.ts).
      block.hideDeviceFamilies = ['contact-sensor'];
    });
    let mark = run.hb.logMark();
    await run.hb.restart();
    await waitForPublished(run.hb, ['Front Door', 'Back Yard'], mark);
    await run.hb.waitForLog(/\[Trygr\] Removed 2 accessories for devices Ring no longer reports\./, 20_000, mark);
    let db = await run.bridge.accessories();
    expect(names(db)).not.toContain('Hallway Motion');
    expect(names(db)).not.toContain('Main Entrance');
    expect(names(db)).toContain('Basement Flood');
    expect(names(db)).toContain('Smoke CO Listener');
    expect(run.hb.externalAccessories().map((endpoint) => endpoint.name)).not.toContainEqual(expect.stringMatching(/^Driveway/));
    // The list kept for the next start holds the cameras published, not the hidden one, not even by name.
    const camerasFile = pluginFiles(run.hb.storagePath).camerasFile;
    const kept = () => (JSON.parse(readFileSync(camerasFile, 'utf8')) as { cameras: Array<{ name: string }> }).cameras.map((camera) => camera.name).sort();
    await waitUntil(() => kept().join() === 'Back Yard,Front Door', 10_000, 'the camera list without the hidden Driveway');

    await run.hb.stop();
    editPlatform(run.hb.configPath, (block) => {
      delete block.hideDeviceIds;
      delete block.hideDeviceFamilies;
    });
    mark = run.hb.logMark();
    await run.hb.restart();
    await waitForPublished(run.hb, ['Front Door', 'Driveway', 'Back Yard'], mark);
    await reconnectFrontDoor();
    db = await run.bridge.accessories();
    expect(names(db)).toContain('Hallway Motion');
    expect(names(db)).toContain('Main Entrance');
    // The refresh token in config.json survived our edits (the plugin reconnected with it).
    expect(run.hb.logs().slice(mark)).toMatch(/\[Trygr\] Connected to Ring: 1 location\./);
  }, 180_000);

  test("a camera's extra services turned off by option (motion sensor, light, siren, in-home chime) leave the cached accessory after a restart", async () => {
    /** "service (name)" for every service of a camera, from its own HAP server. */
    const services = (db: AccessoryDb) =>
      db.accessories.flatMap((accessory) => accessory.services.map((service) => `${serviceName(service.type)} (${serviceDisplayName(service) ?? ''})`));
    expect(services(await frontDoor.accessories())).toEqual(expect.arrayContaining(['MotionSensor (Front Door Motion)', 'Switch (Front Door In-Home Chime)']));

    await run.hb.stop();
    editPlatform(run.hb.configPath, (block) => {
      Object.assign(block, { motionSensor: false, cameraLight: false, cameraSirenSwitch: false, inHomeChimeSwitch: false });
    });
    const mark = run.hb.logMark();
    await run.hb.restart();
    await waitForPublished(run.hb, ['Front Door', 'Driveway', 'Back Yard'], mark);
    const door = services(await (await reconnectFrontDoor()).accessories());
    expect(door).not.toContain('MotionSensor (Front Door Motion)');
    expect(door).not.toContain('Switch (Front Door In-Home Chime)');
    expect(door).toEqual(expect.arrayContaining(['MotionSensor (Front Door Person)', 'Switch (Front Door Privacy)']));
    expect(door.filter((entry) => entry.startsWith('Doorbell '))).toHaveLength(1);
    const driveway = await run.hb.pair(await run.hb.waitForExternalAccessory('Driveway', 30_000));
    try {
      const lit = services(await driveway.accessories());
      expect(lit.filter((entry) => /Light|Siren|Front Door Motion|Driveway Motion/.test(entry))).toEqual([]);
      expect(lit).toContain('Switch (Driveway Privacy)');
    } finally {
      await driveway.close();
    }
  }, 120_000);
});
