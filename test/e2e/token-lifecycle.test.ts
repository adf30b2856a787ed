/**
 * Rotated tokens through real Homebridge: they survive a restart, and after Ring rejects the token
 * (at startup, or revoked while running) a new sign-in saved to config.json brings the plugin back
 * without restarting Homebridge.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { saveSignIn } from '../../homebridge-ui/src/token-save.js';
import { statusFilePath } from '../../src/config/plugin-status.js';
import { demoHome, startRingCloud, type RingCloud } from '../emulator/index.js';
import { findChar, HapStatusError, startHomebridge, stopAll, type CharRef, type HapClient } from '../harness/index.js';
import { expectNoSecretsInLog } from '../support/homebridge-secrets.js';
import { eventFor, FAST_POLL, startDemoHome, waitUntil as waitFor } from './accessories-support.js';

interface ConfigFile {
  platforms: Array<{ platform: string; refreshToken?: string }>;
}

const readToken = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as ConfigFile).platforms.find((p) => p.platform === 'Trygr')?.refreshToken;

/** Saves the platform block the way the Homebridge UI does: the whole file rewritten. */
function saveTokenLikeTheUi(path: string, token: string): void {
  const config = JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
  config.platforms.find((p) => p.platform === 'Trygr')!.refreshToken = token;
  writeFileSync(path, JSON.stringify(config, null, 4));
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('token lifecycle in a running Homebridge', () => {
  let cloud: RingCloud;

  beforeAll(async () => {
    // Access tokens live 5 s, so the plugin refreshes (and Ring rotates the refresh token) while we watch.
    cloud = await startRingCloud({ quiet: true, accessTokenTtlSeconds: 5, refreshGraceMs: 2_000 });
  });

  afterAll(async () => {
    expect(await stopAll()).toEqual([]);
    await cloud.close();
  }, 120_000);

  test('rotated tokens reach config.json, and a restart signs in with the newest one', async () => {
    const first = cloud.mintRefreshToken();
    const hb = await startHomebridge({
      platforms: [{ platform: 'Trygr', refreshToken: first, cameraStatusPollingSeconds: 10 }],
      ringCloudUrl: cloud.url,
    });
    await hb.waitForLog(/\[Trygr\] Location 1 of 1/, 30_000);
    await waitUntil(() => readToken(hb.configPath) !== first, 30_000, 'config.json holds a rotated token');
    // Let a few more rotations happen, so the first token is long dead.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const mark = hb.logMark();
    await hb.restart();
    await hb.waitForLog(/\[Trygr\] Location 1 of 1/, 30_000, mark);
    expect(hb.logs().slice(mark)).not.toMatch(/Ring refused the saved sign-in/);
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 120_000);

  test('when Ring rejects the token after a restart, the accessories stay in place and answer No Response', async () => {
    const hb = await startHomebridge({ platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken() }], ringCloudUrl: cloud.url });
    await hb.waitForLog(/\[Trygr\] Location 1 of 1/, 30_000);
    const client = await hb.pair();
    const volume = findChar(await client.accessories(), 'Hallway Chime', 'Speaker', 'Volume');
    expect(await client.read(volume.aid, volume.iid)).toBe(55);

    cloud.revokeAllTokens();
    const mark = hb.logMark();
    await hb.restart();
    await hb.waitForLog(/\[Trygr\] Ring refused the saved sign-in/, 30_000, mark);
    const db = await client.accessories();
    expect(findChar(db, 'Hallway Chime', 'Speaker', 'Volume')).toMatchObject({ aid: volume.aid, iid: volume.iid });
    const failure = await client.read(volume.aid, volume.iid).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HapStatusError);
    expect((failure as HapStatusError).status).toBe(-70402);
    await client.unpair();
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 120_000);

  test('after Ring rejects the token, a new sign-in saved to config.json reconnects without a restart', async () => {
    const revoked = cloud.mintRefreshToken();
    cloud.revokeAllTokens();
    const hb = await startHomebridge({ platforms: [{ platform: 'Trygr', refreshToken: revoked }], ringCloudUrl: cloud.url });
    await hb.waitForLog(/\[Trygr\] Ring refused the saved sign-in/, 30_000);
    const client = await hb.pair();

    saveTokenLikeTheUi(hb.configPath, cloud.mintRefreshToken());
    await hb.waitForLog(/\[Trygr\] A new Ring sign-in was saved; connecting with it\./, 20_000);
    await hb.waitForLog(/\[Trygr\] Location 1 of 1: 4 cameras and doorbells, 1 chime, 1 intercom, 11 alarm devices\./, 30_000);
    const db = await client.accessories();
    expect(db.accessories.map((a) => a.aid).length).toBeGreaterThan(5);
    expect(hb.running).toBe(true);
    await client.unpair();
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 120_000);

  test('a token revoked while running: one clear line, No Response, the panel asks for a sign-in, and a new one recovers without a restart', async () => {
    const run = await startDemoHome({ cloud, config: { ...FAST_POLL }, cameras: ['Driveway'] });
    const { hb, bridge } = run;
    const statusState = () => (JSON.parse(readFileSync(statusFilePath(hb.storagePath), 'utf8')) as { state: string }).state;
    const volume = findChar(await bridge.accessories(), 'Hallway Chime', 'Speaker', 'Volume');
    expect(await bridge.read(volume.aid, volume.iid)).toBe(55);
    const driveway = await run.camera('Driveway');
    const motion = findChar(await driveway.accessories(), 1, 'MotionSensor', 'MotionDetected', 'Driveway Motion');
    await driveway.subscribe([motion]);
    await waitFor(() => statusState() === 'connected', 10_000, 'status.json says connected');

    const mark = hb.logMark();
    cloud.revokeAllTokens();
    // Access tokens live 5 s here, so the next refresh meets the revocation within seconds.
    const line = await hb.waitForLog(/\[Trygr\] Ring refused the sign-in while connected/, 30_000, mark);
    expect(line).toMatch(/sign in/i);
    const noResponse = async (client: HapClient, char: CharRef) => {
      const failure = await client.read(char.aid, char.iid).then(
        () => undefined,
        (error: unknown) => error,
      );
      return failure instanceof HapStatusError && failure.status === -70402;
    };
    await waitFor(() => noResponse(bridge, volume), 10_000, 'the chime answers No Response');
    expect(await noResponse(driveway, motion)).toBe(true);
    await waitFor(() => statusState() === 'rejected', 10_000, 'status.json says sign-in is needed');
    // One line says it; nothing else complains while the plugin waits for the sign-in.
    const complaints = () =>
      hb
        .logs()
        .slice(mark)
        .split('\n')
        .filter((text) => /\[Trygr\]/.test(text) && /warn|error|refused|could not|cannot|failed/i.test(text));
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // a quiet period (longer than an access token lives): nothing more is said
    expect(complaints()).toEqual([expect.stringMatching(/Ring refused the sign-in while connected/)]);

    // The settings panel saves a new sign-in (sidecar and config.json, through the token store).
    const signedInAt = Date.now();
    const recovered = hb.logMark();
    await saveSignIn({ storagePath: hb.storagePath, configPath: hb.configPath }, cloud.mintRefreshToken(), { info: () => undefined, warn: () => undefined });
    await hb.waitForLog(/\[Trygr\] A new Ring sign-in was saved; connecting with it\./, 20_000, recovered);
    await hb.waitForLog(/\[Trygr\] Location 1 of 1: /, 30_000, recovered);
    await waitFor(async () => (await bridge.read(volume.aid, volume.iid)) === 55, 15_000, 'the chime answers again');
    await waitFor(() => statusState() === 'connected', 10_000, 'status.json says connected again');
    await waitFor(
      () => cloud.pushClients().some((client) => client.ready && client.connectedForMs < Date.now() - signedInAt),
      30_000,
      'the new connection receives pushes',
    );
    const events = driveway.events().length;
    const delivery = await cloud.injectMotion(demoHome.cameras.driveway, 'other_motion');
    expect(delivery.delivered).toBeGreaterThan(0);
    await eventFor(driveway, motion, 1, events);
    expect(hb.running).toBe(true);
    expect(hb.logs().slice(mark)).not.toMatch(/Homebridge (is )?restart/i);
    await stopAll();
    await expectNoSecretsInLog(hb, cloud);
  }, 180_000);
});
