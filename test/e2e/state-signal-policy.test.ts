/**
 * The state kinds that say who is home, end to end on the emulator's two-location account: a rule
 * on `light-state` or `switch-state` holds back exactly those changes (a Beam switched at the light,
 * an outlet switched at the wall) while the Beam's motion and a window sensor, plain `alarm-state`,
 * still show; and a rule written with `alarm-state` before the narrower kinds existed still covers
 * a lock. Each holds back what it says, the ledger names the kind, and a change shows once the
 * rule is gone.
 */
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import type { AuditRecord } from '../../src/privacy/audit/audit-record.js';
import { startRingCloud } from '../emulator/index.js';
import { twoLocations, twoLocationsScenarioPath } from '../emulator/two-locations.js';
import { findChar, startHomebridge, type CharRef } from '../harness/index.js';
import { eventFor, eventsFor, finishRun, savePrivacy, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { town } = twoLocations;
/** HomeKit's LockCurrentState. */
const UNSECURED = 0;
const SECURED = 1;

let run: DemoHomeRun;
let beamOn: CharRef;
let beamMotion: CharRef;
let lamp: CharRef;
let windowContact: CharRef;
let lock: CharRef;

beforeAll(async () => {
  const cloud = await startRingCloud({ quiet: true, scenario: twoLocationsScenarioPath() });
  const config = { locationModePollingSeconds: 0 };
  const hb = await startHomebridge({ platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), ...config }], ringCloudUrl: cloud.url });
  await hb.waitForLog(/\[Trygr\] Location 2 of 2: /, 40_000);
  const bridge = await hb.pair();
  run = { cloud, hb, bridge, config, camera: () => Promise.reject(new Error('no cameras are used here')) };
  const db = await bridge.accessories();
  beamOn = findChar(db, 'Town Path Light', 'Lightbulb', 'On');
  beamMotion = findChar(db, 'Town Path Light', 'MotionSensor', 'MotionDetected');
  lamp = findChar(db, 'Town Lamp', 'Outlet', 'On');
  windowContact = findChar(db, 'Town Window', 'ContactSensor', 'ContactSensorState');
  lock = findChar(db, 'Town Front Lock', 'LockMechanism', 'LockCurrentState');
  await bridge.subscribe([beamOn, beamMotion, lamp, windowContact, lock]);
}, 120_000);

afterAll(() => finishRun(run, ({ hb }) => expect(hb.running).toBe(true)), 120_000);

const savePolicy = (privacy: unknown): Promise<void> => savePrivacy(run.hb, privacy);

/** The ledger's first record for this device with this action, once it is there. */
function recordOf(zid: string, action: AuditRecord['action']): Promise<AuditRecord> {
  return waitUntil(
    async () => (await readLedger(auditDirectory(run.hb.storagePath))).records.find((record) => record.device.id === zid && record.action === action),
    30_000,
    `the ledger's ${action} record of ${zid}`,
  );
}

const read = (ref: CharRef) => run.bridge.read(ref.aid, ref.iid);

test("a light-state rule holds a Beam switched at the light back, while the Beam's own motion still shows", async () => {
  await savePolicy({ rules: [{ name: 'Lights private', signals: ['light-state'], action: 'block' }] });
  const events = run.bridge.events().length;
  run.cloud.updateAlarmDevice(town.alarm.pathLight, { on: true });
  const blocked = await recordOf(town.alarm.pathLight, 'block');
  expect(blocked.signal.type).toBe('light-state');
  expect(blocked.rule).toMatchObject({ basis: 'rule', name: 'Lights private' });
  expect(await read(beamOn)).toBe(0);

  // Motion alone is alarm-state, which a light-state rule does not name.
  run.cloud.updateAlarmDevice(town.alarm.pathLight, { motionStatus: 'faulted' });
  await eventFor(run.bridge, beamMotion, 1, events);
  expect(eventsFor(run.bridge, beamOn, events).map((event) => event.value)).not.toContain(1);

  await savePolicy(undefined);
  await eventFor(run.bridge, beamOn, 1, events);
}, 90_000);

test('a switch-state rule holds an outlet switched at the wall back, while a window opening still shows', async () => {
  await savePolicy({ rules: [{ name: 'Switches private', signals: ['switch-state'], action: 'block' }] });
  const events = run.bridge.events().length;
  run.cloud.updateAlarmDevice(town.alarm.lamp, { on: true });
  const blocked = await recordOf(town.alarm.lamp, 'block');
  expect(blocked.signal.type).toBe('switch-state');
  expect(await read(lamp)).toBe(0);

  run.cloud.setSensorFaulted(town.alarm.window, true);
  await eventFor(run.bridge, windowContact, 1, events);
  const forwarded = await recordOf(town.alarm.window, 'forward');
  expect(forwarded.signal.type).toBe('alarm-state');
  expect(eventsFor(run.bridge, lamp, events).map((event) => event.value)).not.toContain(1);

  await savePolicy(undefined);
  await eventFor(run.bridge, lamp, 1, events);
}, 90_000);

test('a rule written with alarm-state before the narrower kinds existed still holds a lock change back', async () => {
  await savePolicy({ rules: [{ name: 'Lock private', devices: { kinds: ['lock'] }, signals: ['alarm-state'], action: 'block' }] });
  const events = run.bridge.events().length;
  run.cloud.updateAlarmDevice(town.alarm.lock, { locked: 'unlocked' });
  const blocked = await recordOf(town.alarm.lock, 'block');
  expect(blocked.signal.type).toBe('lock-state');
  expect(await read(lock)).toBe(SECURED);
  expect(eventsFor(run.bridge, lock, events).map((event) => event.value)).not.toContain(UNSECURED);

  await savePolicy(undefined);
  await eventFor(run.bridge, lock, UNSECURED, events);
}, 90_000);
