/**
 * One Ring account with two homes (emulator scenario two-locations.json), through real Homebridge:
 * both homes' devices are published; each home's Ring mode is followed on its own, so a mode rule
 * of the privacy policy applies per location (the town house's mode comes live from its alarm panel,
 * the cabin's is polled); and `locationIds` limits the plugin to one home, removing the other's
 * cached accessories on the next start, as for any device Ring no longer reports.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { auditDirectory } from '../../src/privacy/audit/audit-ledger.js';
import type { AuditRecord } from '../../src/privacy/audit/audit-record.js';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { twoLocationNames, twoLocations, twoLocationsScenarioPath } from '../emulator/two-locations.js';
import { accessoryName, findChar, startHomebridge, type AccessoryDb, type CharRef, type HapClient } from '../harness/index.js';
import { eventFor, finishRun, requestsSince, waitUntil, type DemoHomeRun } from './accessories-support.js';

const { town, cabin } = twoLocations;
const ALL_CAMERAS = [...twoLocationNames.town.cameras, ...twoLocationNames.cabin.cameras];
const POLICY = {
  defaultAction: 'forward',
  // Camera motion only: the alarm panel's own state must still show that the home is armed.
  rules: [{ name: 'Private when away', signals: ['motion', 'detection'], when: { modes: ['away'] }, action: 'block' }],
};
/** HomeKit's SecuritySystemCurrentState: AWAY_ARM and DISARMED. */
const AWAY_ARM = 1;
const DISARMED = 3;

function names(db: AccessoryDb): string[] {
  return db.accessories.map((accessory) => accessoryName(accessory) ?? '').sort();
}

/** The ledger's motion decisions for a camera (the plugin flushes it every 250 ms). */
async function motionDecisions(run: DemoHomeRun, cameraId: number): Promise<AuditRecord[]> {
  return (await readLedger(auditDirectory(run.hb.storagePath))).records.filter((record) => record.device.id === String(cameraId) && record.signal.type === 'motion');
}

describe('two locations', () => {
  let cloud: RingCloud;
  let run: DemoHomeRun;
  let townDoor: HapClient;
  let cabinPorch: HapClient;
  let townMotion: CharRef;
  let cabinMotion: CharRef;
  let townMode: CharRef;

  beforeAll(async () => {
    cloud = await startRingCloud({ quiet: true, scenario: twoLocationsScenarioPath() });
    const config = { locationModePollingSeconds: 10, cameraStatusPollingSeconds: 10, motionResetSeconds: 5, privacy: POLICY };
    const hb = await startHomebridge({ platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), ...config }], ringCloudUrl: cloud.url });
    await hb.waitForLog(/\[Trygr\] Location 2 of 2: /, 40_000);
    for (const name of ALL_CAMERAS) await hb.waitForExternalAccessory(name, 30_000);
    const bridge = await hb.pair();
    const cameras = new Map<string, Promise<HapClient>>();
    run = {
      cloud,
      hb,
      bridge,
      config,
      camera(name) {
        if (!cameras.has(name))
          cameras.set(
            name,
            hb.waitForExternalAccessory(name, 30_000).then((endpoint) => hb.pair(endpoint)),
          );
        return cameras.get(name)!;
      },
    };
    townDoor = await run.camera('Town Door');
    cabinPorch = await run.camera('Cabin Porch');
    townMotion = findChar(await townDoor.accessories(), 1, 'MotionSensor', 'MotionDetected', 'Town Door Motion');
    cabinMotion = findChar(await cabinPorch.accessories(), 1, 'MotionSensor', 'MotionDetected', 'Cabin Porch Motion');
    await townDoor.subscribe([townMotion]);
    await cabinPorch.subscribe([cabinMotion]);
    townMode = findChar(await bridge.accessories(), 'Town Alarm', 'SecuritySystem', 'SecuritySystemCurrentState');
    await bridge.subscribe([townMode]);
    await cloud.waitForPushClient(30_000);
  }, 180_000);

  afterAll(() => finishRun(run, ({ hb }) => expect(hb.running).toBe(true)), 120_000);

  test("both locations' devices are published: cameras as their own accessories, the rest on the bridge", async () => {
    expect(
      run.hb
        .externalAccessories()
        .map((endpoint) => endpoint.name.replace(/ [0-9A-F]{4}$/, ''))
        .sort(),
    ).toEqual([...ALL_CAMERAS].sort());
    expect(names(await run.bridge.accessories())).toEqual(expect.arrayContaining([...twoLocationNames.town.bridged, ...twoLocationNames.cabin.bridged]));
    await run.hb.waitForLog(/\[Trygr\] Location 1 of 2: 2 cameras and doorbells, 1 chime, 1 intercom, 11 alarm devices\./, 1_000);
    await run.hb.waitForLog(/\[Trygr\] Location 2 of 2: 1 camera/, 1_000);
  }, 30_000);

  /**
   * Motion on a camera until the ledger shows it judged in `mode` (a polled mode is taken in at the
   * next poll; until then the push is judged in the old one); returns that decision.
   */
  async function motionJudgedIn(cameraId: number, mode: string): Promise<AuditRecord> {
    return waitUntil(
      async () => {
        const before = (await motionDecisions(run, cameraId)).length;
        await cloud.injectMotion(cameraId, 'other_motion');
        const record = await waitUntil(async () => (await motionDecisions(run, cameraId))[before], 5_000, 'the motion decision in the ledger');
        return record.context.mode === mode ? record : undefined;
      },
      40_000,
      `a motion decision on ${cameraId} in mode ${mode}`,
    );
  }

  /** The motion sensor turns on for a forwarded push; reset first so the push is a change. */
  async function resetMotion(client: HapClient, char: CharRef): Promise<void> {
    await waitUntil(async () => (await client.read(char.aid, char.iid)) === 0, 15_000, 'motion to be reset');
  }

  test('each location\'s Ring mode is followed on its own: "private when away" blocks only the home that is away', async () => {
    await resetMotion(townDoor, townMotion);
    await resetMotion(cabinPorch, cabinMotion);
    let bridgeMark = run.bridge.events().length;
    cloud.setLocationMode(town.locationId, 'away');
    await eventFor(run.bridge, townMode, AWAY_ARM, bridgeMark, 15_000);

    let townMark = townDoor.events().length;
    let cabinMark = cabinPorch.events().length;
    const townAway = await motionJudgedIn(town.cameras.door, 'away');
    const cabinHome = await motionJudgedIn(cabin.cameras.porch, 'home');
    expect(townAway.action).toBe('block');
    expect(cabinHome.action).toBe('forward');
    await eventFor(cabinPorch, cabinMotion, 1, cabinMark, 10_000);
    // Decided and recorded as blocked: the town's sensor was never set.
    expect(
      townDoor
        .events()
        .slice(townMark)
        .filter((event) => event.iid === townMotion.iid && event.value === 1),
    ).toEqual([]);

    // The other way round: the town disarmed (live, from its panel), the cabin away (polled).
    await resetMotion(cabinPorch, cabinMotion);
    bridgeMark = run.bridge.events().length;
    const modeChange = cloud.requests().length;
    cloud.setLocationMode(town.locationId, 'disarmed');
    cloud.setLocationMode(cabin.locationId, 'away');
    await eventFor(run.bridge, townMode, DISARMED, bridgeMark, 15_000);
    await waitUntil(
      () => requestsSince(cloud, modeChange, 'GET', `/api/v1/mode/location/${cabin.locationId}`).some((request) => request.status === 200),
      20_000,
      "the cabin's mode to be polled",
    );
    townMark = townDoor.events().length;
    cabinMark = cabinPorch.events().length;
    const cabinAway = await motionJudgedIn(cabin.cameras.porch, 'away');
    const townDisarmed = await motionJudgedIn(town.cameras.door, 'disarmed');
    expect(cabinAway.action).toBe('block');
    expect(townDisarmed.action).toBe('forward');
    await eventFor(townDoor, townMotion, 1, townMark, 10_000);
    expect(
      cabinPorch
        .events()
        .slice(cabinMark)
        .filter((event) => event.iid === cabinMotion.iid && event.value === 1),
    ).toEqual([]);
    cloud.setLocationMode(cabin.locationId, 'home');
  }, 120_000);

  test("locationIds: [the cabin] publishes only the cabin, and the town's cached accessories are removed on restart", async () => {
    // The cameras' own HAP servers go away with the restart (the town's for good): unpair while they are up.
    await townDoor.unpair();
    await cabinPorch.unpair();
    await run.hb.stop();
    const config = JSON.parse(readFileSync(run.hb.configPath, 'utf8')) as { platforms: Array<Record<string, unknown>> };
    const block = config.platforms.find((platform) => platform.platform === 'Trygr')!;
    block.locationIds = [cabin.locationId];
    writeFileSync(run.hb.configPath, JSON.stringify(config, null, 2));
    const mark = run.hb.logMark();
    const requestMark = cloud.requests().length;
    await run.hb.restart();
    await run.hb.waitForLog(/\[Trygr\] Location 1 of 1: 1 camera/, 40_000, mark);
    await run.hb.waitForExternalAccessory('Cabin Porch', 30_000);
    await run.hb.waitForLog(/\[Trygr\] Removed 13 accessories for devices Ring no longer reports\./, 20_000, mark);

    expect(run.hb.externalAccessories().map((endpoint) => endpoint.name.replace(/ [0-9A-F]{4}$/, ''))).toEqual(['Cabin Porch']);
    const bridged = names(await run.bridge.accessories());
    expect(bridged).toEqual(expect.arrayContaining([...twoLocationNames.cabin.bridged]));
    for (const name of twoLocationNames.town.bridged) expect(bridged).not.toContain(name);
    // The town's alarm is not even connected to.
    expect(requestsSince(cloud, requestMark, undefined, /clap\/tickets/)).toEqual([]);
  }, 120_000);
});
