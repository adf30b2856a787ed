/**
 * Fault injection and connection loss, as ring-client-api experiences them: error statuses,
 * rate limiting, malformed bodies, slow answers, and the location WebSocket dropping.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import type { Location } from 'ring-client-api';
import { demoHome } from './index.js';
import { nextValue, startCloudSession, stopCloudSession, type CloudSession } from './test-support.js';

jest.setTimeout(30_000);

let session: CloudSession | undefined;

afterEach(async () => {
  await stopCloudSession(session);
  session = undefined;
});

async function started(options: Parameters<typeof startCloudSession>[0] = {}): Promise<CloudSession> {
  session = await startCloudSession(options);
  return session;
}

describe('REST faults', () => {
  test('a 500 fails the call once; the next call succeeds', async () => {
    const { api, cloud } = await started();
    cloud.failNext('/clients_api/ring_devices', 1, { status: 500 });
    await expect(api.fetchRingDevices()).rejects.toMatchObject({ response: { status: 500 } });
    const devices = await api.fetchRingDevices();
    expect(devices.allCameras).toHaveLength(4);
  });

  test('a fault for one method leaves the same path with another method alone', async () => {
    const { api, cloud } = await started();
    const [location] = await api.getLocations();
    cloud.failNext(`/api/v1/mode/location/${location.id}`, 1, { method: 'POST', status: 500 });
    expect((await location.getLocationMode()).mode).toBe('disarmed');
    expect(cloud.pendingFaults()).toBe(1);
    await expect(location.setLocationMode('away')).rejects.toMatchObject({ response: { status: 500 } });
    expect(cloud.pendingFaults()).toBe(0);
    expect((await location.getLocationMode()).mode).toBe('disarmed');
  });

  test('a malformed body makes the call fail instead of hanging', async () => {
    const { api, cloud } = await started();
    await api.getProfile(); // session exists, so the malformed answer is the one the next call sees
    cloud.failNext('/clients_api/ring_devices', 1, { malformed: true });
    await expect(api.fetchRingDevices()).rejects.toThrow(TypeError);
    expect(cloud.pendingFaults()).toBe(0);
  });

  test('a 429 on session creation is waited out using retry-after, then the call goes through', async () => {
    const { api, cloud } = await started();
    cloud.failNext('/clients_api/session', 1, { status: 429, headers: { 'retry-after': '0' } });
    const profile = await api.getProfile();
    expect(profile.profile.first_name).toBe('Dana');
    const sessionCalls = cloud.requests().filter((entry) => entry.path === '/clients_api/session');
    expect(sessionCalls.map((entry) => entry.status)).toEqual([429, 200]);
  });

  test('a 429 elsewhere is passed to the caller with its status', async () => {
    const { api, cloud } = await started();
    cloud.failNext(/^\/clients_api\/ring_devices$/, 1, { status: 429, body: { error: 'rate limited' } });
    await expect(api.fetchRingDevices()).rejects.toMatchObject({ response: { status: 429, body: { error: 'rate limited' } } });
  });

  test('a 504 is retried by the library after 5 s and then succeeds', async () => {
    const { api, cloud } = await started();
    await api.getProfile();
    cloud.failNext('/clients_api/profile', 1, { status: 504 });
    await api.getProfile();
    expect(
      cloud
        .requests()
        .filter((entry) => entry.path === '/clients_api/profile')
        .map((entry) => entry.status),
    ).toEqual([404, 200, 504, 200]);
  });

  test('a delayed answer still arrives', async () => {
    const { api, cloud } = await started();
    cloud.failNext('/devices/v1/locations', 1, { delayMs: 300 });
    const [location] = await api.getLocations();
    expect(location.name).toBe('Demo Home');
    expect(cloud.pendingFaults()).toBe(0);
  });
});

describe('location WebSocket loss', () => {
  async function connectedLocation(current: CloudSession): Promise<Location> {
    const [location] = await current.api.getLocations();
    await location.getDevices();
    return location;
  }

  test('dropWebSockets: the library reconnects with a new ticket and still receives updates', async () => {
    const current = await started();
    const location = await connectedLocation(current);
    const lost = nextValue(location.onConnected, (connected) => !connected);
    const back = lost.then(() => nextValue(location.onConnected, (connected) => connected));
    current.cloud.dropWebSockets();
    await back;
    expect(current.cloud.requests().filter((entry) => entry.path === '/api/v1/clap/tickets')).toHaveLength(2);
    expect(current.cloud.locationSocketCount()).toBe(1);

    const contact = (await location.getDevices()).find((device) => device.zid === demoHome.alarm.frontDoorContact);
    if (!contact) throw new Error('front door contact missing');
    const opened = nextValue(contact.onData, (data) => data.faulted === true);
    current.cloud.setSensorFaulted(demoHome.alarm.frontDoorContact, true);
    await opened;
  });

  test('a refused reconnect (503 on the upgrade) is retried until the socket is back', async () => {
    const current = await started();
    const location = await connectedLocation(current);
    current.cloud.failNext('/ws', 1, { status: 503 });
    const back = nextValue(location.onConnected, (connected) => !connected).then(() => nextValue(location.onConnected, (connected) => connected));
    current.cloud.dropWebSockets();
    await back;
    const upgrades = current.cloud.requests().filter((entry) => entry.path === '/ws');
    expect(upgrades.length).toBeGreaterThanOrEqual(3); // first connect, refused reconnect, successful reconnect
    expect(current.cloud.locationSocketCount()).toBe(1);
  });

  test('a base station going offline and back is announced with SessionInfo', async () => {
    const current = await started();
    const location = await connectedLocation(current);
    const offline = nextValue(location.onSessionInfo, (sessions) => sessions.some((entry) => entry.connectionStatus !== 'online'));
    current.cloud.setDeviceOffline(demoHome.baseStationUuid, true);
    expect((await offline)[0]).toMatchObject({ assetUuid: demoHome.baseStationUuid, connectionStatus: 'cell-backup' });
    const online = nextValue(location.onSessionInfo, (sessions) => sessions.every((entry) => entry.connectionStatus === 'online'));
    current.cloud.setDeviceOffline(demoHome.baseStationUuid, false);
    await online;
  });
});
