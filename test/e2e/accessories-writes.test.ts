/**
 * Writes from a paired HomeKit controller reach Ring, as the Ring cloud emulator records them, and
 * the accessories read back what Ring then reports: camera light and siren, the doorbell's in-home
 * chime, chime sounds, snooze, volume and nightlight, and the Ring Alarm panel (with the current
 * state following through the location WebSocket). Each write is also a command in the audit ledger.
 */
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { findChar, type AccessoryDb, type HapClient } from '../harness/index.js';
import {
  FAST_POLL,
  alarmDoc,
  cameraRecord,
  chimeRecord,
  demoHome,
  devicePolls,
  eventFor,
  eventsFor,
  finishRun,
  requestsSince,
  startDemoHome,
  waitUntil,
  type DemoHomeRun,
} from './accessories-support.js';

const { cameras, chimes, alarm } = demoHome;

describe('accessories: writes reach Ring', () => {
  let run: DemoHomeRun;
  let bridgeDb: AccessoryDb;

  beforeAll(async () => {
    run = await startDemoHome({ config: { ...FAST_POLL, alarmNightMode: true, alarmSirenSwitch: true }, cameras: ['Front Door', 'Driveway', 'Back Yard'] });
    bridgeDb = await run.bridge.accessories();
    // One subscription per controller (see the harness README): everything the tests below watch.
    await run.bridge.subscribe([
      findChar(bridgeDb, 'Hallway Chime', 'Switch', 'On', 'Hallway Chime Play Ding'),
      findChar(bridgeDb, 'Hallway Chime', 'Switch', 'On', 'Hallway Chime Play Motion Sound'),
      findChar(bridgeDb, 'Alarm Mode', 'SecuritySystem', 'SecuritySystemTargetState'),
      findChar(bridgeDb, 'Alarm Mode', 'SecuritySystem', 'SecuritySystemCurrentState'),
    ]);
  }, 120_000);

  afterAll(() => finishRun(run), 120_000);

  describe('cameras', () => {
    let driveway: HapClient;
    let db: AccessoryDb;

    beforeAll(async () => {
      driveway = await run.camera('Driveway');
      db = await driveway.accessories();
    }, 60_000);

    test('light on and off reach Ring and read back; a poll that still says "off" does not flicker the light', async () => {
      const light = findChar(db, 1, 'Lightbulb', 'On', 'Driveway Light');
      await driveway.subscribe([light]);
      const record = cameraRecord(run.cloud, cameras.driveway);
      let mark = run.cloud.requests().length;
      const eventMark = driveway.events().length;

      await driveway.write(light.aid, light.iid, true);
      expect(requestsSince(run.cloud, mark, 'PUT', `/clients_api/doorbots/${cameras.driveway}/floodlight_light_on`)).toHaveLength(1);
      expect(record.led_status).toBe('on');
      expect(await driveway.read(light.aid, light.iid)).toBe(1);

      // Ring is eventually consistent: the next poll may still carry the old state.
      record.led_status = 'off';
      const polls = devicePolls(run.cloud);
      await waitUntil(() => devicePolls(run.cloud) > polls, 25_000, 'a ring_devices poll');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await driveway.read(light.aid, light.iid)).toBe(1);
      expect(eventsFor(driveway, light, eventMark).map((event) => event.value)).not.toContain(0);
      record.led_status = 'on';

      mark = run.cloud.requests().length;
      await driveway.write(light.aid, light.iid, false);
      expect(requestsSince(run.cloud, mark, 'PUT', `/clients_api/doorbots/${cameras.driveway}/floodlight_light_off`)).toHaveLength(1);
      expect(record.led_status).toBe('off');
      expect(await driveway.read(light.aid, light.iid)).toBe(0);

      // Each write is one command in the audit ledger, in HomeKit's terms.
      const commands = await waitUntil(
        async () => {
          const found = (await readLedger(auditDirectory(run.hb.storagePath))).commands.filter((c) => c.device.id === String(cameras.driveway));
          return found.length >= 2 && found;
        },
        5_000,
        'the light commands in the ledger',
      );
      expect(commands.map(({ command, outcome, local }) => ({ command, outcome, local }))).toEqual([
        { command: { characteristic: 'On', value: true, service: 'light', label: 'Light on' }, outcome: 'done', local: undefined },
        { command: { characteristic: 'On', value: false, service: 'light', label: 'Light off' }, outcome: 'done', local: undefined },
      ]);
    }, 60_000);

    test('siren on and off reach Ring and read back', async () => {
      const backYard = await run.camera('Back Yard');
      const siren = findChar(await backYard.accessories(), 1, 'Switch', 'On', 'Back Yard Siren');
      let mark = run.cloud.requests().length;
      await backYard.write(siren.aid, siren.iid, true);
      expect(requestsSince(run.cloud, mark, 'PUT', `/clients_api/doorbots/${cameras.backYard}/siren_on`)).toHaveLength(1);
      expect(cameraRecord(run.cloud, cameras.backYard).siren_status?.seconds_remaining).toBeGreaterThan(0);
      expect(await backYard.read(siren.aid, siren.iid)).toBe(1);

      mark = run.cloud.requests().length;
      await backYard.write(siren.aid, siren.iid, false);
      expect(requestsSince(run.cloud, mark, 'PUT', `/clients_api/doorbots/${cameras.backYard}/siren_off`)).toHaveLength(1);
      expect(cameraRecord(run.cloud, cameras.backYard).siren_status?.seconds_remaining).toBe(0);
      expect(await backYard.read(siren.aid, siren.iid)).toBe(0);
    }, 60_000);

    test("the doorbell's in-home chime switch changes Ring's chime settings", async () => {
      const frontDoor = await run.camera('Front Door');
      const inHome = findChar(await frontDoor.accessories(), 1, 'Switch', 'On', 'Front Door In-Home Chime');
      const record = cameraRecord(run.cloud, cameras.frontDoor);
      const mark = run.cloud.requests().length;
      await frontDoor.write(inHome.aid, inHome.iid, false);
      const puts = requestsSince(run.cloud, mark, 'PUT', new RegExp(`^/clients_api/doorbots/${cameras.frontDoor}/?$`));
      expect(puts.map((request) => request.body)).toEqual([{ doorbot: { settings: { chime_settings: { enable: false } } } }]);
      expect(record.settings.chime_settings?.enable).toBe(false);
      expect(await frontDoor.read(inHome.aid, inHome.iid)).toBe(0);
      await frontDoor.write(inHome.aid, inHome.iid, true);
      expect(record.settings.chime_settings?.enable).toBe(true);
    }, 60_000);
  });

  describe('chime', () => {
    const chimeId = chimes.hallway;
    const on = (name: string) => findChar(bridgeDb, 'Hallway Chime', 'Switch', 'On', `Hallway Chime ${name}`);

    test('Play Ding and Play Motion Sound play once each and turn themselves off', async () => {
      const ding = on('Play Ding');
      const motion = on('Play Motion Sound');
      const before = run.cloud.chimePlays(chimeId);
      const mark = run.bridge.events().length;
      await run.bridge.write(ding.aid, ding.iid, true);
      expect(run.cloud.chimePlays(chimeId)).toEqual({ ding: before.ding + 1, motion: before.motion });
      await eventFor(run.bridge, ding, 0, mark, 5_000);
      await run.bridge.write(motion.aid, motion.iid, true);
      expect(run.cloud.chimePlays(chimeId)).toEqual({ ding: before.ding + 1, motion: before.motion + 1 });
      await eventFor(run.bridge, motion, 0, mark, 5_000);
      expect(await run.bridge.read(ding.aid, ding.iid)).toBe(0);
    }, 30_000);

    test('Snooze snoozes the chime for the configured minutes and clears it', async () => {
      const snooze = on('Snooze');
      let mark = run.cloud.requests().length;
      await run.bridge.write(snooze.aid, snooze.iid, true);
      const path = `/clients_api/chimes/${chimeId}/do_not_disturb`;
      expect(requestsSince(run.cloud, mark, 'POST', path).map((request) => request.body)).toEqual([{ time: 60 }]);
      expect(chimeRecord(run.cloud, chimeId).do_not_disturb.seconds_left).toBe(3600);
      expect(await run.bridge.read(snooze.aid, snooze.iid)).toBe(1);

      mark = run.cloud.requests().length;
      await run.bridge.write(snooze.aid, snooze.iid, false);
      expect(requestsSince(run.cloud, mark, 'POST', path)).toHaveLength(1);
      expect(chimeRecord(run.cloud, chimeId).do_not_disturb.seconds_left).toBe(0);
      expect(await run.bridge.read(snooze.aid, snooze.iid)).toBe(0);
    }, 30_000);

    test("Volume is written as Ring's 0-11 scale and reads back as a percentage", async () => {
      const volume = findChar(bridgeDb, 'Hallway Chime', 'Speaker', 'Volume');
      for (const [percent, ring, shown] of [
        [100, 11, 100],
        [27, 3, 27],
        [50, 6, 55],
      ]) {
        const mark = run.cloud.requests().length;
        await run.bridge.write(volume.aid, volume.iid, percent);
        const puts = requestsSince(run.cloud, mark, 'PUT', new RegExp(`^/clients_api/chimes/${chimeId}/?$`));
        expect(puts.map((request) => request.body)).toEqual([{ chime: { settings: { volume: ring } } }]);
        expect(chimeRecord(run.cloud, chimeId).settings.volume).toBe(ring);
        expect(await run.bridge.read(volume.aid, volume.iid)).toBe(shown);
      }
    }, 30_000);

    test("Nightlight off and on reach Ring's device settings", async () => {
      const light = findChar(bridgeDb, 'Hallway Chime', 'Lightbulb', 'On', 'Hallway Chime Nightlight');
      for (const value of [false, true]) {
        const mark = run.cloud.requests().length;
        await run.bridge.write(light.aid, light.iid, value);
        const patches = requestsSince(run.cloud, mark, 'PATCH', `/devices/v1/devices/${chimeId}/settings`);
        expect(patches.map((request) => request.body)).toEqual([{ night_light_settings: { light_sensor_enabled: value } }]);
        expect(chimeRecord(run.cloud, chimeId).settings.night_light_settings?.light_sensor_enabled).toBe(value);
        expect(await run.bridge.read(light.aid, light.iid)).toBe(value ? 1 : 0);
      }
    }, 30_000);
  });

  describe('Ring Alarm', () => {
    const panelChar = (name: string) => findChar(bridgeDb, 'Alarm Mode', 'SecuritySystem', name);
    const panelMode = () => alarmDoc(run.cloud, alarm.securityPanel).device.v1.mode;
    const locationMode = () => run.cloud.scenario.locations[0].mode;

    test.each([
      ['Away', 1, 'all', 1, 'away'],
      ['Home', 0, 'some', 0, 'home'],
      ['Night (arms Home in Ring)', 2, 'some', 2, 'home'],
      ['Off', 3, 'none', 3, 'disarmed'],
    ] as const)(
      '%s: the panel mode changes in Ring and the current state follows over the WebSocket',
      async (_name, target, ringMode, current, location) => {
        const targetChar = panelChar('SecuritySystemTargetState');
        const currentChar = panelChar('SecuritySystemCurrentState');
        const mark = run.bridge.events().length;
        await run.bridge.write(targetChar.aid, targetChar.iid, target);
        expect(panelMode()).toBe(ringMode);
        expect(locationMode()).toBe(location);
        await eventFor(run.bridge, currentChar, current, mark, 10_000);
        expect(await run.bridge.read(currentChar.aid, currentChar.iid)).toBe(current);
        expect(await run.bridge.read(targetChar.aid, targetChar.iid)).toBe(target);
      },
      30_000,
    );

    test('the siren switch sounds and silences the Ring Alarm siren', async () => {
      const siren = findChar(bridgeDb, 'Alarm Mode', 'Switch', 'On', 'Alarm Mode Siren');
      const sirenState = () => (alarmDoc(run.cloud, alarm.securityPanel).device.v1.siren as { state?: string } | undefined)?.state;
      await run.bridge.write(siren.aid, siren.iid, true);
      await waitUntil(() => sirenState() === 'on', 10_000, 'the siren to sound');
      await waitUntil(async () => (await run.bridge.read(siren.aid, siren.iid)) === 1, 10_000, 'the siren switch to read on');
      await run.bridge.write(siren.aid, siren.iid, false);
      await waitUntil(() => sirenState() === 'off', 10_000, 'the siren to stop');
      await waitUntil(async () => (await run.bridge.read(siren.aid, siren.iid)) === 0, 10_000, 'the siren switch to read off');
    }, 30_000);
  });
});
