/**
 * Devices beyond cameras and the alarm, through real Homebridge and a paired controller, on the
 * emulator's two-location account:
 * - a location's Ring mode as a Security System: the cabin has cameras and no Ring Alarm, so its
 *   mode gets one; the town house has a Ring Alarm, whose panel already is one;
 * - Z-Wave switches on the town house's hub: an outlet and a dimmer;
 * - a Z-Wave lock, a water valve and a thermostat on that hub, and Smart Lighting (a Beam, a light group);
 * - the town house's Ring Intercom: unlock, a press as a Doorbell, the privacy policy on presses;
 * - the town house's Ring Alarm arming Night with an open window bypassed (alarmNightBypass), and
 *   its panic buttons (showPanicButtons).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { twoLocations, twoLocationsScenarioPath } from '../emulator/two-locations.js';
import { accessoryName, findChar, HapStatusError, startHomebridge, type CharRef } from '../harness/index.js';
import { eventFor, eventsFor, finishRun, hapWriteStatus, savePrivacy, requestsSince, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { cabin, town } = twoLocations;
const MODE_PATH = `/api/v1/mode/location/${cabin.locationId}`;
/** HomeKit's SecuritySystem states for Ring's Home, Away and Disarmed. */
const STAY_ARM = 0;
const AWAY_ARM = 1;
const DISARMED = 3;
const NO_RESPONSE = -70402;
/** HomeKit's LockCurrentState and LockTargetState. */
const UNSECURED = 0;
const SECURED = 1;
const JAMMED = 2;

let cloud: RingCloud;
let run: DemoHomeRun;
let current: CharRef;
let target: CharRef;
let lamp: CharRef;
let lampInUse: CharRef;
let dimmer: CharRef;
let brightness: CharRef;
let lockCurrent: CharRef;
let lockTarget: CharRef;
let intercomLockCurrent: CharRef;
let intercomDoorbell: CharRef;
let intercomButton: CharRef;

beforeAll(async () => {
  cloud = await startRingCloud({ quiet: true, scenario: twoLocationsScenarioPath() });
  const config = {
    locationModePollingSeconds: 10,
    alarmNightMode: true,
    alarmNightBypass: true,
    doorbellSwitch: true,
    doorbellRepeatSeconds: 0,
    showPanicButtons: true,
    beamDurationSeconds: 90,
  };
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
  lockCurrent = findChar(db, 'Town Front Lock', 'LockMechanism', 'LockCurrentState');
  lockTarget = findChar(db, 'Town Front Lock', 'LockMechanism', 'LockTargetState');
  intercomLockCurrent = findChar(db, 'Town Intercom', 'LockMechanism', 'LockCurrentState');
  intercomDoorbell = findChar(db, 'Town Intercom', 'Doorbell', 'ProgrammableSwitchEvent');
  intercomButton = findChar(db, 'Town Intercom', 'StatelessProgrammableSwitch', 'ProgrammableSwitchEvent');
  // One subscription for everything: hap-controller cannot add to a live one.
  await bridge.subscribe([current, target, lamp, dimmer, brightness, lockCurrent, intercomLockCurrent, intercomDoorbell, intercomButton]);
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
    block.privacy = { rules: [{ name: 'Cabin mode stays home', devices: { ids: [cabin.locationId] }, signals: ['mode-change'], action: 'block' }] };
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
    expect(blocked.signal.type).toBe('mode-change');
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

const savePolicy = (privacy: unknown): Promise<void> => savePrivacy(run.hb, privacy);

const writeStatus = (ref: CharRef, value: unknown): Promise<number | undefined> => hapWriteStatus(run.bridge, ref, value);

describe('a Z-Wave lock on the hub', () => {
  const stored = () => cloud.scenario.locations[0].alarmDevices.find((doc) => doc.general.v2.zid === town.alarm.lock)?.device.v1;

  test('published as a Lock Mechanism with its battery, showing what Ring reports', async () => {
    const db = await run.bridge.accessories();
    expect(await run.bridge.read(lockCurrent.aid, lockCurrent.iid)).toBe(SECURED);
    expect(await run.bridge.read(lockTarget.aid, lockTarget.iid)).toBe(SECURED);
    const battery = findChar(db, 'Town Front Lock', 'Battery', 'BatteryLevel');
    expect(await run.bridge.read(battery.aid, battery.iid)).toBe(76);
  });

  test('HomeKit unlocks and locks it through Ring; the lock shows unlocked once Ring reports it', async () => {
    const events = run.bridge.events().length;
    expect(await writeStatus(lockTarget, UNSECURED)).toBeUndefined();
    expect(stored()?.locked).toBe('unlocked');
    await eventFor(run.bridge, lockCurrent, UNSECURED, events);
    expect(await writeStatus(lockTarget, SECURED)).toBeUndefined();
    expect(stored()?.locked).toBe('locked');
    expect(await run.bridge.read(lockCurrent.aid, lockCurrent.iid)).toBe(SECURED);
  });

  test('a jammed lock shows Jammed, and a command Ring answers with a jam fails with No Response', async () => {
    const events = run.bridge.events().length;
    cloud.updateAlarmDevice(town.alarm.lock, { locked: 'jammed' });
    await eventFor(run.bridge, lockCurrent, JAMMED, events);
    const logMark = run.hb.logMark();
    expect(await writeStatus(lockTarget, UNSECURED)).toBe(NO_RESPONSE);
    await run.hb.waitForLog(/Town Front Lock: could not change .*: Ring reports the lock jammed/, 5_000, logMark);
    expect(eventsFor(run.bridge, lockCurrent, events).map((event) => event.value)).not.toContain(UNSECURED);
    cloud.updateAlarmDevice(town.alarm.lock, { locked: 'locked' });
    await eventFor(run.bridge, lockCurrent, SECURED, events);
  });

  test('a rule on locking (lock-state) holds an unlock made at the door back, and the ledger records it; the rule removed, it shows', async () => {
    await savePolicy({ rules: [{ name: 'Locks stay private', signals: ['lock-state'], action: 'block' }] });
    const events = run.bridge.events().length;
    cloud.updateAlarmDevice(town.alarm.lock, { locked: 'unlocked' });
    const blocked = await waitUntil(
      async () =>
        (await readLedger(auditDirectory(run.hb.storagePath))).records.find(
          (record) => record.device.id === town.alarm.lock && record.device.kind === 'lock' && record.action === 'block',
        ),
      30_000,
      "the ledger's record of the blocked unlock",
    );
    expect(blocked.rule).toMatchObject({ basis: 'rule', name: 'Locks stay private' });
    expect(blocked.signal.type).toBe('lock-state');
    expect(await run.bridge.read(lockCurrent.aid, lockCurrent.iid)).toBe(SECURED);
    expect(eventsFor(run.bridge, lockCurrent, events).map((event) => event.value)).not.toContain(UNSECURED);

    await savePolicy(undefined);
    await eventFor(run.bridge, lockCurrent, UNSECURED, events, 15_000);
    const relocked = run.bridge.events().length;
    cloud.updateAlarmDevice(town.alarm.lock, { locked: 'locked' });
    await eventFor(run.bridge, lockCurrent, SECURED, relocked);
  }, 60_000);
});

describe('Night with an open window (alarmNightBypass)', () => {
  const NIGHT = 2;
  const panelMode = () => cloud.scenario.locations[0].alarmDevices.find((doc) => doc.general.v2.zid === town.alarm.panel)?.device.v1.mode;

  test('Night arms Home with the open window bypassed; Home with it open is refused by Ring and answers No Response', async () => {
    const db = await run.bridge.accessories();
    const alarmTarget = findChar(db, 'Town Alarm', 'SecuritySystem', 'SecuritySystemTargetState');
    const alarmCurrent = findChar(db, 'Town Alarm', 'SecuritySystem', 'SecuritySystemCurrentState');
    cloud.setSensorFaulted(town.alarm.window, true);
    try {
      const logMark = run.hb.logMark();
      expect(await writeStatus(alarmTarget, NIGHT)).toBeUndefined();
      expect(panelMode()).toBe('some');
      await run.hb.waitForLog(/Town Alarm: arming Night with an open sensor bypassed: Town Window\./, 5_000, logMark);
      await waitUntil(async () => (await run.bridge.read(alarmCurrent.aid, alarmCurrent.iid)) === NIGHT, 10_000, 'the system to show Night');

      expect(await writeStatus(alarmTarget, DISARMED)).toBeUndefined();
      expect(panelMode()).toBe('none');
      expect(await writeStatus(alarmTarget, STAY_ARM)).toBe(NO_RESPONSE);
      expect(panelMode()).toBe('none');
    } finally {
      cloud.setSensorFaulted(town.alarm.window, false);
    }
  }, 60_000);
});

describe('a Z-Wave water valve on the hub', () => {
  const stored = () => cloud.scenario.locations[0].alarmDevices.find((doc) => doc.general.v2.zid === town.alarm.valve)?.device.v1;

  test('published as a Valve; HomeKit closes and opens it through Ring, and it reads back what Ring reports', async () => {
    const db = await run.bridge.accessories();
    const active = findChar(db, 'Town Water Valve', 'Valve', 'Active');
    const inUse = findChar(db, 'Town Water Valve', 'Valve', 'InUse');
    expect(await run.bridge.read(active.aid, active.iid)).toBe(1);
    expect(await writeStatus(active, 0)).toBeUndefined();
    expect(stored()?.valveState).toBe('closed');
    expect(await run.bridge.read(inUse.aid, inUse.iid)).toBe(0);
    expect(await writeStatus(active, 1)).toBeUndefined();
    expect(stored()?.valveState).toBe('open');
    expect(await run.bridge.read(inUse.aid, inUse.iid)).toBe(1);
  });
});

describe('a Z-Wave thermostat on the hub', () => {
  const stored = () => cloud.scenario.locations[0].alarmDevices.find((doc) => doc.general.v2.zid === town.alarm.thermostat)?.device.v1;

  test("published as a Thermostat with its component sensor's temperature; HomeKit sets Heat and the set point through Ring", async () => {
    const db = await run.bridge.accessories();
    const char = (name: string) => findChar(db, 'Town Thermostat', 'Thermostat', name);
    const [targetMode, setPoint, temperature, currentMode] = ['TargetHeatingCoolingState', 'TargetTemperature', 'CurrentTemperature', 'CurrentHeatingCoolingState'].map(
      char,
    );
    expect(await run.bridge.read(targetMode!.aid, targetMode!.iid)).toBe(0);
    expect(await run.bridge.read(setPoint!.aid, setPoint!.iid)).toBe(20);
    expect(await run.bridge.read(temperature!.aid, temperature!.iid)).toBe(19.5);
    expect(await writeStatus(targetMode!, 1)).toBeUndefined();
    expect(await writeStatus(setPoint!, 22)).toBeUndefined();
    expect(stored()).toMatchObject({ mode: 'heat', setPoint: 22 });
    // 19.5 °C against a set point of 22 °C in Heat: heating.
    expect(await run.bridge.read(currentMode!.aid, currentMode!.iid)).toBe(1);
    cloud.updateAlarmDevice(town.alarm.thermostatSensor, { celsius: 23 });
    await waitUntil(async () => (await run.bridge.read(temperature!.aid, temperature!.iid)) === 23, 10_000, 'the new temperature');
    expect(await run.bridge.read(currentMode!.aid, currentMode!.iid)).toBe(0);
  });
});

describe('a Ring Intercom', () => {
  const intercomId = town.intercoms.intercom;

  test('published as a Lock Mechanism (locked), a Doorbell, a Button and its battery', async () => {
    const db = await run.bridge.accessories();
    expect(await run.bridge.read(intercomLockCurrent.aid, intercomLockCurrent.iid)).toBe(SECURED);
    const battery = findChar(db, 'Town Intercom', 'Battery', 'BatteryLevel');
    expect(await run.bridge.read(battery.aid, battery.iid)).toBe(88);
    await run.hb.waitForLog(/Location 1 of 2: 2 cameras and doorbells, 1 chime, 1 intercom, /, 1_000);
  });

  test('unlocking in HomeKit opens the door through Ring: unlocked once Ring confirms, locked again when it latches', async () => {
    const unlocks = cloud.intercomUnlocks(intercomId);
    const events = run.bridge.events().length;
    const target = findChar(await run.bridge.accessories(), 'Town Intercom', 'LockMechanism', 'LockTargetState');
    expect(await writeStatus(target, UNSECURED)).toBeUndefined();
    expect(cloud.intercomUnlocks(intercomId)).toBe(unlocks + 1);
    await eventFor(run.bridge, intercomLockCurrent, UNSECURED, events);
    await eventFor(run.bridge, intercomLockCurrent, SECURED, events, 15_000);
  }, 30_000);

  test('Ring refusing or failing the unlock: No Response, and the door never shows unlocked', async () => {
    const target = findChar(await run.bridge.accessories(), 'Town Intercom', 'LockMechanism', 'LockTargetState');
    const events = run.bridge.events().length;
    cloud.setIntercomUnlockAnswer(intercomId, 'refuse');
    try {
      const logMark = run.hb.logMark();
      expect(await writeStatus(target, UNSECURED)).toBe(NO_RESPONSE);
      await run.hb.waitForLog(/Town Intercom: could not change .*Ring refused the unlock \(code 1\)/, 5_000, logMark);
    } finally {
      cloud.setIntercomUnlockAnswer(intercomId, 'ok');
    }
    cloud.failNext(new RegExp(`device_rpc`), 1, { status: 500 });
    expect(await writeStatus(target, UNSECURED)).toBe(NO_RESPONSE);
    expect(eventsFor(run.bridge, intercomLockCurrent, events).map((event) => event.value)).not.toContain(UNSECURED);
    expect(await run.bridge.read(intercomLockCurrent.aid, intercomLockCurrent.iid)).toBe(SECURED);
  }, 30_000);

  test('a press rings the Doorbell and the Button; a rule blocking intercom presses holds the next one back, and the ledger says so', async () => {
    await cloud.waitForPushClient(30_000);
    let events = run.bridge.events().length;
    await cloud.injectIntercomDing(intercomId);
    await eventFor(run.bridge, intercomDoorbell, 0, events);
    await eventFor(run.bridge, intercomButton, 0, events);

    await savePolicy({ rules: [{ name: 'No intercom at night', devices: { kinds: ['intercom'] }, signals: ['doorbell'], action: 'block' }] });
    try {
      events = run.bridge.events().length;
      await cloud.injectIntercomDing(intercomId);
      const blocked = await waitUntil(
        async () =>
          (await readLedger(auditDirectory(run.hb.storagePath))).records.find(
            (record) => record.device.kind === 'intercom' && record.signal.type === 'doorbell' && record.action === 'block',
          ),
        15_000,
        "the ledger's record of the blocked press",
      );
      expect(blocked.rule).toMatchObject({ basis: 'rule', name: 'No intercom at night' });
      expect(eventsFor(run.bridge, intercomDoorbell, events)).toEqual([]);
    } finally {
      await savePolicy(undefined);
    }
  }, 60_000);
});

describe('panic buttons (showPanicButtons)', () => {
  const panelDoc = () => cloud.scenario.locations[0].alarmDevices.find((doc) => doc.general.v2.zid === town.alarm.panel)?.device.v1;

  test('Burglar Alarm on raises the alarm through Ring and the system shows Triggered; off disarms and ends it', async () => {
    const db = await run.bridge.accessories();
    const burglar = findChar(db, 'Town House Panic Buttons', 'Switch', 'On', 'Town House Panic Buttons Burglar Alarm');
    const alarmCurrent = findChar(db, 'Town Alarm', 'SecuritySystem', 'SecuritySystemCurrentState');
    expect(await run.bridge.read(burglar.aid, burglar.iid)).toBe(0);
    const logMark = run.hb.logMark();
    expect(await writeStatus(burglar, true)).toBeUndefined();
    expect(panelDoc()?.alarmInfo).toEqual({ state: 'user-verified-burglar-alarm' });
    expect(await run.bridge.read(burglar.aid, burglar.iid)).toBe(1);
    await waitUntil(async () => (await run.bridge.read(alarmCurrent.aid, alarmCurrent.iid)) === 4, 10_000, 'the system to show Triggered');
    await run.hb.waitForLog(/Town House Panic Buttons: Burglar Alarm raised from Apple Home\./, 5_000, logMark);

    expect(await writeStatus(burglar, false)).toBeUndefined();
    expect(panelDoc()).toMatchObject({ mode: 'none', alarmInfo: null });
    expect(await run.bridge.read(burglar.aid, burglar.iid)).toBe(0);
  }, 30_000);
});

describe('Smart Lighting', () => {
  const doc = (zid: string) => cloud.scenario.locations[0].alarmDevices.find((candidate) => candidate.general.v2.zid === zid)?.device.v1;

  test('a Beam is a Lightbulb with brightness and its motion sensor; on reaches Ring with beamDurationSeconds', async () => {
    const db = await run.bridge.accessories();
    const on = findChar(db, 'Town Path Light', 'Lightbulb', 'On');
    const level = findChar(db, 'Town Path Light', 'Lightbulb', 'Brightness');
    const motion = findChar(db, 'Town Path Light', 'MotionSensor', 'MotionDetected');
    expect(await run.bridge.read(level.aid, level.iid)).toBe(60);
    const logMark = run.hb.logMark();
    expect(await writeStatus(on, true)).toBeUndefined();
    expect(doc(town.alarm.pathLight)?.on).toBe(true);
    expect(await writeStatus(level, 25)).toBeUndefined();
    expect(doc(town.alarm.pathLight)?.level).toBe(0.25);
    cloud.updateAlarmDevice(town.alarm.pathLight, { motionStatus: 'faulted' });
    await waitUntil(async () => (await run.bridge.read(motion.aid, motion.iid)) === 1, 10_000, "the Beam's motion");
    expect(run.hb.logs().slice(logMark)).not.toMatch(/light-mode\.set not emulated/);
    expect(await writeStatus(on, false)).toBeUndefined();
    expect(doc(town.alarm.pathLight)?.on).toBe(false);
  });

  test("a light group is switched through Ring's groups endpoint and shows what Ring reports", async () => {
    const on = findChar(await run.bridge.accessories(), 'Town Garden Lights', 'Lightbulb', 'On');
    const mark = cloud.requests().length;
    expect(await writeStatus(on, true)).toBeUndefined();
    const [request] = requestsSince(cloud, mark, 'POST', /\/groups\/v1\/locations\/.*\/groups\/garden-group\/devices$/);
    expect(request?.body).toEqual({ lights_on: { duration_seconds: 90, enabled: true } });
    expect(doc(town.alarm.gardenGroup)?.on).toBe(true);
    expect(await run.bridge.read(on.aid, on.iid)).toBe(1);
  });
});
