/**
 * The HTTP control API (what child processes use) and the raw REST answers around it: records
 * without secrets, snapshot headers, refusals, and control calls kept out of the record.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { startRingCloud, RingCloudControl, demoHome, type RingCloud } from './index.js';

jest.setTimeout(30_000);

let cloud: RingCloud;
let control: RingCloudControl;

beforeAll(async () => {
  cloud = await startRingCloud({ quiet: true });
  control = new RingCloudControl(cloud.url);
});

afterAll(async () => {
  await cloud.close();
});

/** Logs in over plain HTTP the way the library does, returning an access token. */
async function accessToken(): Promise<string> {
  const response = await fetch(`${cloud.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: await control.mintRefreshToken() }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function get(path: string, token: string): Promise<Response> {
  return fetch(`${cloud.url}${path}`, { headers: { authorization: `Bearer ${token}`, hardware_id: 'control-test-hid' } });
}

describe('control API', () => {
  test('state changes made over HTTP show up in what the library would read', async () => {
    const token = await accessToken();
    await control.setDeviceOffline(demoHome.cameras.backYard, true);
    await control.setSensorFaulted(demoHome.alarm.frontDoorContact, true);
    await control.updateAlarmDevice(demoHome.alarm.smokeCoListener, { co: { alarmStatus: 'active' }, tamperStatus: 'tamper' });
    await control.setLocationMode(demoHome.locationId, 'away');

    const scenario = await control.scenario();
    const [home] = scenario.locations;
    expect(home.cameras.find((camera) => camera.id === demoHome.cameras.backYard)?.alerts.connection).toBe('offline');
    const smoke = home.alarmDevices.find((doc) => doc.general.v2.zid === demoHome.alarm.smokeCoListener)!;
    expect(smoke.device.v1.co).toEqual({ alarmStatus: 'active' });
    expect(smoke.general.v2.tamperStatus).toBe('tamper');
    expect(home.alarmDevices.find((doc) => doc.general.v2.deviceType === 'security-panel')?.device.v1.mode).toBe('all');
    const mode = await get(`/api/v1/mode/location/${demoHome.locationId}`, token).then((response) => response.json());
    expect(mode).toMatchObject({ mode: 'away', readOnly: false });

    await control.setDeviceOffline(demoHome.cameras.backYard, false);
    await control.setSensorFaulted(demoHome.alarm.frontDoorContact, false);
    await control.setLocationMode(demoHome.locationId, 'disarmed');
  });

  test('fail-next over HTTP, with a regex pattern', async () => {
    const token = await accessToken();
    await control.failNext('^/devices/v1/locations$', 2, { status: 503, body: { error: 'busy' } }, true);
    expect((await get('/devices/v1/locations', token)).status).toBe(503);
    expect(await (await get('/devices/v1/locations', token)).json()).toEqual({ error: 'busy' });
    expect((await get('/devices/v1/locations', token)).status).toBe(200);
  });

  test('bad control calls are refused with a reason', async () => {
    await expect(control.setSensorFaulted('no-such-zid', true)).rejects.toThrow(/no alarm device with zid no-such-zid/);
    await expect(control.injectMotion(1, 'human', 0)).rejects.toThrow(/no camera with id 1/);
    const response = await fetch(`${cloud.url}/_control/sensor`, { method: 'POST', body: '{"zid":"x"}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: '"faulted" must be true or false' });
    expect((await fetch(`${cloud.url}/_control/nope`, { method: 'POST' })).status).toBe(404);
  });

  test('motion with no push client connected resolves with delivered 0 after the wait', async () => {
    const delivery = await control.injectMotion(demoHome.cameras.frontDoor, 'human', 100);
    expect(delivery.delivered).toBe(0);
    expect(delivery.snapshotUuid).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('REST answers', () => {
  test('snapshots carry x-time-millis and the counter; motion detection off gives 403', async () => {
    const token = await accessToken();
    const before = await control.snapshotCount(demoHome.cameras.driveway);
    const response = await get(`/snapshots/next/${demoHome.cameras.driveway}?after-ms=0&extras=force`, token);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Number(response.headers.get('x-time-millis'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('x-ring-cloud-counter'))).toBe(before + 1);
    expect(await control.snapshotCount(demoHome.cameras.driveway)).toBe(before + 1);

    cloud.scenario.locations[0].cameras[2].settings.motion_detection_enabled = false;
    expect((await get(`/snapshots/next/${demoHome.cameras.livingRoom}`, token)).status).toBe(403);
    cloud.scenario.locations[0].cameras[2].settings.motion_detection_enabled = true;
  });

  test('unknown or expired access tokens get 401; clients_api without a session names the hardware id', async () => {
    expect((await get('/devices/v1/locations', 'made-up')).status).toBe(401);
    const token = await accessToken();
    const noSession = await get('/clients_api/ring_devices', token);
    expect(noSession.status).toBe(404);
    expect(((await noSession.json()) as { error: string }).error).toContain('control-test-hid');
  });

  test('the request record redacts secrets and leaves out control calls', async () => {
    await control.clearRequests();
    const email = cloud.account.email;
    await fetch(`${cloud.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: email, password: cloud.account.password }),
    });
    await control.snapshotCount(demoHome.cameras.frontDoor);
    const recorded = await control.requests();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: 'POST', path: '/oauth/token', status: 412 });
    const text = JSON.stringify(recorded);
    expect(text).not.toContain(email);
    expect(text).not.toContain(cloud.account.password);
    expect(await control.tokensIssued()).toEqual(cloud.tokensIssued());
  });
});
