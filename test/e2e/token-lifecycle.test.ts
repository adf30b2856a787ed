/**
 * Rotated tokens through real Homebridge: they survive a restart, and after Ring rejects the token
 * a new sign-in saved to config.json brings the plugin back without restarting Homebridge.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { findChar, HapStatusError, startHomebridge, stopAll } from '../harness/index.js';
import { expectNoSecretsInLog } from '../support/homebridge-secrets.js';

interface ConfigFile {
  platforms: Array<{ platform: string; refreshToken?: string }>;
}

const readToken = (path: string) =>
  (JSON.parse(readFileSync(path, 'utf8')) as ConfigFile).platforms.find((p) => p.platform === 'Trygr')?.refreshToken;

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
    const failure = await client.read(volume.aid, volume.iid).then(() => undefined, (error: unknown) => error);
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
    await hb.waitForLog(/\[Trygr\] Location 1 of 1: 4 cameras and doorbells, 1 chime, 8 alarm devices\./, 30_000);
    const db = await client.accessories();
    expect(db.accessories.map((a) => a.aid).length).toBeGreaterThan(5);
    expect(hb.running).toBe(true);
    await client.unpair();
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 120_000);
});
