/**
 * Authentication as ring-client-api performs it against the emulator: refresh-token rotation,
 * single-use refresh tokens, 401 handling, revocation, and the email/password + 2FA flow.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { RingApi } from 'ring-client-api';
import { RingRestClient } from 'ring-client-api/rest-client';
import { startRingCloud, type RingCloud } from './index.js';
import { installRingRedirect } from '../redirect/install.js';
import { disconnectRingApi, nextValue, sleep, stopCloudSession } from './test-support.js';

jest.setTimeout(30_000);

let cloud: RingCloud | undefined;
let apis: RingApi[] = [];

async function start(options: Parameters<typeof startRingCloud>[0] = {}): Promise<RingCloud> {
  cloud = await startRingCloud({ quiet: true, ...options });
  installRingRedirect(cloud.url);
  return cloud;
}

function ringApi(refreshToken: string): RingApi {
  const api = new RingApi({ refreshToken, systemId: 'trygr-auth-test' });
  apis.push(api);
  return api;
}

afterEach(async () => {
  apis.forEach(disconnectRingApi);
  apis = [];
  await stopCloudSession({ cloud });
  cloud = undefined;
});

/** What the emulator answers for a refresh grant with this raw token (straight HTTP, no library). */
async function refreshStatus(url: string, refreshToken: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'ring_official_android', scope: 'client', grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: response.status, body: await response.json() };
}

function rawRefreshToken(wrapped: string): string {
  return (JSON.parse(Buffer.from(wrapped, 'base64').toString('utf8')) as { rt: string }).rt;
}

function tokenRequests(ringCloud: RingCloud): number {
  return ringCloud.requests().filter((entry) => entry.path === '/oauth/token').length;
}

describe('refresh tokens', () => {
  test('the token rotates on login and the old one dies after the grace period', async () => {
    const ringCloud = await start({ refreshGraceMs: 400 });
    const minted = ringCloud.mintRefreshToken();
    const api = ringApi(minted);
    const update = nextValue(api.onRefreshTokenUpdated);
    await api.getProfile();
    const { oldRefreshToken, newRefreshToken } = await update;
    expect(oldRefreshToken).toBe(minted);
    const rotated = rawRefreshToken(newRefreshToken);
    expect(rotated).not.toBe(minted);
    expect(ringCloud.tokensIssued()).toContain(rotated);

    expect((await refreshStatus(ringCloud.url, minted)).status).toBe(200); // still within the grace period
    await sleep(500);
    expect(await refreshStatus(ringCloud.url, minted)).toEqual({ status: 401, body: expect.objectContaining({ error: 'invalid_grant' }) });

    // a second library instance holding the dead token cannot log in; the newest token still works
    await expect(ringApi(minted).getProfile()).rejects.toThrow(/Refresh token is not valid/);
    const profile = await ringApi(newRefreshToken).getProfile();
    expect(profile.profile.first_name).toBe('Dana');
  });

  test('short-lived access tokens make the library refresh, rotating the refresh token each time', async () => {
    // ring-client-api drops its access token 60 s before expiry: a 61 s TTL means a refresh after 1 s
    const ringCloud = await start({ accessTokenTtlSeconds: 61 });
    const api = ringApi(ringCloud.mintRefreshToken());
    const seen: string[] = [];
    api.onRefreshTokenUpdated.subscribe(({ newRefreshToken }) => seen.push(rawRefreshToken(newRefreshToken)));
    await api.getProfile();
    await sleep(1_200);
    await api.getProfile();
    expect(tokenRequests(ringCloud)).toBe(2);
    expect(new Set(seen).size).toBe(2);
  });

  test('a 401 from an API call makes the library refresh and retry', async () => {
    const ringCloud = await start();
    const api = ringApi(ringCloud.mintRefreshToken());
    await api.getProfile();
    ringCloud.failNext('/clients_api/profile', 1, { status: 401 });
    await api.getProfile();
    expect(tokenRequests(ringCloud)).toBe(2);
    expect(ringCloud.pendingFaults()).toBe(0);
  });

  test('after revokeAllTokens the library fails instead of hanging', async () => {
    const ringCloud = await start();
    const api = ringApi(ringCloud.mintRefreshToken());
    await api.getProfile();
    ringCloud.revokeAllTokens();
    await expect(api.getProfile()).rejects.toThrow(/Refresh token is not valid/);
  });
});

describe('email, password and 2FA (RingRestClient, as ring-auth-cli uses it)', () => {
  test('412 asks for a code, a wrong code is refused, the right code yields a usable refresh token', async () => {
    const ringCloud = await start();
    const { email, password, twoFactorCode } = ringCloud.account;
    const client = new RingRestClient({ email, password, systemId: 'trygr-2fa-test' });
    await expect(client.getCurrentAuth()).rejects.toThrow(/2-factor authentication/);
    expect(client.using2fa).toBe(true);
    expect(client.promptFor2fa).toBe('Please enter the code sent to +XXXXXXXXXX89 via sms');

    await expect(client.getAuth('000000')).rejects.toThrow('Verification Code is invalid or expired');
    expect(client.promptFor2fa).toBe('Invalid 2fa code entered.  Please try again.');

    const auth = await client.getAuth(twoFactorCode);
    const profile = await ringApi(auth.refresh_token).getProfile();
    expect(profile.profile.id).toBe(7700001);
    client.clearTimeouts();
  });

  test('a wrong password and "too many codes" give the library\'s own messages', async () => {
    const ringCloud = await start();
    const { email, password } = ringCloud.account;
    const wrong = new RingRestClient({ email, password: 'not it', systemId: 'trygr-2fa-test' });
    await expect(wrong.getCurrentAuth()).rejects.toThrow(/Verify that your email and password are correct/);

    ringCloud.setTooManyCodes(true);
    const limited = new RingRestClient({ email, password, systemId: 'trygr-2fa-test' });
    await expect(limited.getCurrentAuth()).rejects.toThrow(/You have requested too many 2fa codes/);
  });
});
