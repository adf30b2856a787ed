/**
 * The foundation, end to end: real Homebridge running the built plugin against the Ring cloud
 * emulator, with a real HomeKit controller pairing as Apple Home does.
 */
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { findAccessory, startHomebridge, stopAll, type HomebridgeProcess } from '../harness/index.js';
import { expectNoSecretsInLog } from '../support/homebridge-secrets.js';

const DEVICE_NAMES = ['Front Door', 'Driveway', 'Living Room', 'Back Yard', 'Hallway Chime', 'Demo Home'];

/** The plugin's own lines ("[Trygr] ..."), which is what a user reads in the Homebridge log. */
const pluginLines = (hb: HomebridgeProcess) =>
  hb
    .logs()
    .split('\n')
    .filter((line) => line.includes('[Trygr]'));

const oauthRequests = (cloud: RingCloud) => cloud.requests().filter((r) => r.path === '/oauth/token').length;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('foundation: Homebridge with the plugin against the Ring cloud emulator', () => {
  let cloud: RingCloud;

  beforeAll(async () => {
    cloud = await startRingCloud({ quiet: true });
  });

  afterAll(async () => {
    expect(await stopAll()).toEqual([]);
    await cloud.close();
  }, 120_000);

  test('connects, logs the found devices without names or ids at info level, pairs and shuts down cleanly', async () => {
    const hb = await startHomebridge({
      platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken() }],
      ringCloudUrl: cloud.url,
      debug: false,
    });
    await hb.waitForLog(/\[Trygr\] Connected to Ring: 1 location\./, 30_000);
    await hb.waitForLog(/\[Trygr\] Location 1 of 1: 4 cameras and doorbells, 1 chime, 1 intercom, 11 alarm devices\./, 30_000);

    for (const line of pluginLines(hb)) {
      for (const name of DEVICE_NAMES) {
        expect(line).not.toContain(name);
      }
      expect(line).not.toMatch(/\b1843200\d\d\b/);
    }

    const client = await hb.pair();
    const db = await client.accessories();
    expect(findAccessory(db, 'Hallway Chime')).toBeDefined();
    await client.unpair();
    await client.close();
    await hb.stop();
    expect(hb.running).toBe(false);
    expect(await hb.exited).toBe(hb.cleanExitCode);
    await expectNoSecretsInLog(hb, cloud);
  }, 90_000);

  test('without a refresh token it logs one clear sign-in line and Homebridge keeps running', async () => {
    const hb = await startHomebridge({ platforms: [{ platform: 'Trygr' }], ringCloudUrl: cloud.url });
    await hb.waitForLog(/\[Trygr\] Not signed in to Ring\. Open Homebridge UI > Plugins > Trygr > Settings/, 20_000);
    await sleep(2_000);
    expect(pluginLines(hb).filter((line) => /Not signed in/.test(line))).toHaveLength(1);
    // Said once, by one part of the plugin: no second warning in other words (the token store's).
    expect(pluginLines(hb).filter((line) => /sign in|signed in/i.test(line))).toHaveLength(1);
    const client = await hb.pair();
    expect((await client.accessories()).accessories.length).toBeGreaterThanOrEqual(1);
    expect(hb.running).toBe(true);
    await client.unpair();
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 60_000);

  test('a malformed config block gives clear error lines, not a crash, and the rest still works', async () => {
    const hb = await startHomebridge({
      platforms: [
        {
          platform: 'Trygr',
          refreshToken: cloud.mintRefreshToken(),
          cameraStatusPollingSeconds: 'often',
          hideDeviceFamilies: 'toasters',
          personSensor: 'yes please',
        },
      ],
      ringCloudUrl: cloud.url,
    });
    await hb.waitForLog(/\[Trygr\] Config: `cameraStatusPollingSeconds` should be a whole number from 10 to 3600, not text\. Using 20\./, 20_000);
    await hb.waitForLog(/\[Trygr\] Config: `hideDeviceFamilies` has unknown value "toasters"/, 5_000);
    await hb.waitForLog(/\[Trygr\] Config: `personSensor` should be true or false, not text\. Using true\./, 5_000);
    await hb.waitForLog(/\[Trygr\] Location 1 of 1: 4 cameras and doorbells/, 30_000);
    expect(hb.running).toBe(true);
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 60_000);

  test('a privacy block of the wrong type fails closed with a clear error and no crash', async () => {
    const hb = await startHomebridge({
      platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), privacy: 'private please' }],
      ringCloudUrl: cloud.url,
    });
    await hb.waitForLog(/\[Trygr\] Privacy policy: The "privacy" setting must be an object/, 20_000);
    await hb.waitForLog(/\[Trygr\] The privacy policy is invalid, so nothing but life-safety alarms reaches Apple Home/, 5_000);
    await hb.waitForLog(/\[Trygr\] Location 1 of 1/, 30_000);
    expect(hb.running).toBe(true);
    await hb.stop();
  }, 60_000);

  test('a revoked token gives one clear error naming the fix, with a bounded number of attempts', async () => {
    const token = cloud.mintRefreshToken();
    cloud.revokeAllTokens();
    cloud.clearRequests();
    const hb = await startHomebridge({ platforms: [{ platform: 'Trygr', refreshToken: token }], ringCloudUrl: cloud.url });
    await hb.waitForLog(/\[Trygr\] Ring refused the saved sign-in: it was revoked or has expired\. Open Homebridge UI > Plugins > Trygr > Settings and sign in/, 30_000);
    const attempts = oauthRequests(cloud);
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(4);
    // No retry storm afterwards: Ring hears nothing more while the plugin waits for a new sign-in.
    await sleep(8_000);
    expect(oauthRequests(cloud)).toBe(attempts);
    expect(pluginLines(hb).filter((line) => /Ring refused the saved sign-in/.test(line))).toHaveLength(1);
    expect(hb.running).toBe(true);
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 60_000);
});
