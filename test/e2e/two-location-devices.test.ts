/**
 * Devices beyond cameras and the alarm, through real Homebridge and a paired controller, on the
 * emulator's two-location account:
 * - a location's Ring mode as a Security System: the cabin has cameras and no Ring Alarm, so its
 *   mode gets one; the town house has a Ring Alarm, whose panel already is one;
 * - Z-Wave switches on the town house's hub: an outlet and a dimmer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { twoLocations, twoLocationsScenarioPath } from '../emulator/two-locations.js';
import { accessoryName, findChar, HapStatusError, startHomebridge, type CharRef } from '../harness/index.js';
import { eventFor, eventsFor, finishRun, requestsSince, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { cabin, town } = twoLocations;
const MODE_PATH = `/api/v1/mode/location/${cabin.locationId}`;
/** HomeKit's SecuritySystem states for Ring's Home, Away and Disarmed. */
const STAY_ARM = 0;
const AWAY_ARM = 1;
const DISARMED = 3;
const NO_RESPONSE = -70402;

let cloud: RingCloud;
let run: DemoHomeRun;
let current: CharRef;
let target: CharRef;
let lamp: CharRef;
let lampInUse: CharRef;
let dimmer: CharRef;
let brightness: CharRef;

beforeAll(async () => {
  cloud = await startRingCloud({ quiet: true, scenario: twoLocationsScenarioPath() });
  const config = { locationModePollingSeconds: 10 };
  const hb = await startHomebridge({ platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), ...config }], ringCloudUrl: cloud.url });
  await hb.waitForLog(/\[Trygr\] Location 2 of 2: /, 40_000);
  const bridge = await hb.pair();
  run = { cloud, hb, bridge, config, camera: () => Promise.reject(new Error('no cameras are used here')) };
  const db = await bridge.accessories();
  current = findChar(db, 'Lake Cabin Mode', 'SecuritySystem', 'SecuritySystemCurrentState');
  target = findChar(db, 'Lake Cabin Mode', 'SecuritySystem', 'SecuritySystemTargetState');
  lamp = findChar(db, 'Town Lamp', 'Outlet', 'On');
  lampInUse = findChar(db, 'Town Lamp', 'Outlet', 'OutletInUse');
  dimmer = findChar(db, 'Town Dimmer', 'Lightbulb', 'On');
  brightness = findChar(db, 'Town Dimmer', 'Lightbulb', 'Brightness');
  // One subscription for everything: hap-controller cannot add to a live one.
  await bridge.subscribe([current, target, lamp, dimmer, brightness]);
}, 120_000);

afterAll(() => finishRun(run, ({ hb }) => expect(hb.running).toBe(true)), 120_000);

describe('location mode as a Security System', () => {
  test("the cabin's mode is a Security System named after the location; the town house, which has a Ring Alarm, gets none", async () => {
    const names = (await run.bridge.accessories()).accessories.map((accessory) => accessoryName(accessory));
    expect(names).toContain('Lake Cabin Mode');
    expect(names).toContain('Town Alarm');
    expect(names).not.toContain('Town House Mode');
    expect(await run.bridge.read(current.aid, current.iid)).toBe(STAY_ARM);
    expect(await run.bridge.read(target.aid, target.iid)).toBe(STAY_ARM);
  });

  test('Away set in HomeKit reaches Ring as the mode, and the state follows what Ring confirmed', async () => {
    const mark = cloud.requests().length;
    const events = run.bridge.events().length;
    await run.bridge.write(target.aid, target.iid, AWAY_ARM);
    expect(requestsSince(cloud, mark, 'POST', MODE_PATH).map((request) => request.body)).toEqual([{ mode: 'away' }]);
    await eventFor(run.bridge, current, AWAY_ARM, events);
    expect(await run.bridge.read(current.aid, current.iid)).toBe(AWAY_ARM);
  });

  test('a mode changed in the Ring app shows at the next poll', async () => {
    const events = run.bridge.events().length;
    cloud.setLocationMode(cabin.locationId, 'disarmed');
    await eventFor(run.bridge, current, DISARMED, events, 25_000);
    expect(await run.bridge.read(target.aid, target.iid)).toBe(DISARMED);
  }, 30_000);

  test('Ring refusing the mode: the write answers No Response, and the state stays what Ring says', async () => {
    cloud.failNext(MODE_PATH, 1, { method: 'POST', status: 500 });
    const events = run.bridge.events().length;
    const error = await run.bridge.write(target.aid, target.iid, STAY_ARM).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HapStatusError);
    expect((error as HapStatusError).status).toBe(NO_RESPONSE);
    expect(await run.bridge.read(current.aid, current.iid)).toBe(DISARMED);
    expect(eventsFor(run.bridge, current, events).map((event) => event.value)).not.toContain(STAY_ARM);
    await run.hb.waitForLog(/Lake Cabin Mode: could not change .*: Ring answered HTTP 500/, 5_000);
  });

  test('the policy governs what the mode shows: a rule for the cabin holds a change back, and the ledger records it; the saved rule removed, it shows', async () => {
    const configPath = run.hb.configPath;
    const original = readFileSync(configPath, 'utf8');
    const config = JSON.parse(original) as { platforms: Array<Record<string, unknown>> };
    const block = config.platforms.find((platform) => platform.platform === 'Trygr')!;
    block.privacy = { rules: [{ name: 'Cabin mode stays home', devices: { ids: [cabin.locationId] }, signals: ['alarm-state'], action: 'block' }] };
    let logMark = run.hb.logMark();
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    await run.hb.waitForLog(/privacy policy was changed in config\.json/, 15_000, logMark);

    const events = run.bridge.events().length;
    cloud.setLocationMode(cabin.locationId, 'away');
    const blocked = await waitUntil(
      async () =>
        (await readLedger(auditDirectory(run.hb.storagePath))).records.find(
          (record) => record.device.id === cabin.locationId && record.device.kind === 'location-mode' && record.action === 'block',
        ),
      30_000,
      "the ledger's record of the blocked mode",
    );
    expect(blocked.signal.type).toBe('alarm-state');
    expect(eventsFor(run.bridge, current, events).map((event) => event.value)).not.toContain(AWAY_ARM);
    expect(await run.bridge.read(current.aid, current.iid)).toBe(DISARMED);

    logMark = run.hb.logMark();
    writeFileSync(configPath, original);
    await run.hb.waitForLog(/privacy policy was changed in config\.json/, 15_000, logMark);
    await eventFor(run.bridge, current, AWAY_ARM, events, 15_000);
  }, 60_000);
});

describe('Z-Wave switches on the hub', () => {
  /** The town house's stored device state, as the emulator's hub holds it. */
  const stored = (zid: string) => cloud.scenario.locations[0].alarmDevices.find((doc) => doc.general.v2.zid === zid)?.device.v1;

  test('an outlet and a dimmer are published with the services their kind calls for, showing what Ring reports', async () => {
    expect(await run.bridge.read(lamp.aid, lamp.iid)).toBe(0);
    expect(await run.bridge.read(lampInUse.aid, lampInUse.iid)).toBe(0);
    expect(await run.bridge.read(dimmer.aid, dimmer.iid)).toBe(1);
    expect(await run.bridge.read(brightness.aid, brightness.iid)).toBe(50);
  });

  test('HomeKit switches the outlet and sets the brightness through Ring, and Ring reports them back', async () => {
    await run.bridge.write(lamp.aid, lamp.iid, true);
    expect(stored(town.alarm.lamp)?.on).toBe(true);
    expect(await run.bridge.read(lampInUse.aid, lampInUse.iid)).toBe(1);
    await run.bridge.write(brightness.aid, brightness.iid, 30);
    expect(stored(town.alarm.dimmer)?.level).toBe(0.3);
    expect(await run.bridge.read(brightness.aid, brightness.iid)).toBe(30);
  });

  test('a change made at the switch itself (a DataUpdate from the hub) shows in HomeKit', async () => {
    const events = run.bridge.events().length;
    cloud.updateAlarmDevice(town.alarm.dimmer, { on: false });
    await eventFor(run.bridge, dimmer, 0, events);
    cloud.updateAlarmDevice(town.alarm.lamp, { on: false });
    await eventFor(run.bridge, lamp, 0, events);
  });
});
