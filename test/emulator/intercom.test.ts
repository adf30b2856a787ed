/**
 * Ring Intercom handsets under the unmodified ring-client-api (two-locations scenario): listed from
 * ring_devices `other`, subscribed to dings, unlocked over device_rpc, rung through the push hub and
 * updated by the status poll; the same controls over the HTTP control API.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Location, RingCamera, RingIntercom } from 'ring-client-api';
import { loadScenario, normalizeScenario, RingCloudControl } from './index.js';
import { twoLocations, twoLocationsScenarioPath } from './two-locations.js';
import { nextValue, startCloudSession, stopCloudSession, type CloudSession } from './test-support.js';

jest.setTimeout(30_000);

const intercomId = twoLocations.town.intercoms.intercom;
const unlockBody = { command_name: 'device_rpc', request: { jsonrpc: '2.0', method: 'unlock_door', params: { door_id: 0, user_id: 0 } } };
const rpcUrl = (id: number): string => `https://api.ring.com/commands/v1/devices/${id}/device_rpc`;

let session: CloudSession;
let control: RingCloudControl;
let town: Location;
let cabin: Location;
let intercom: RingIntercom;

beforeAll(async () => {
  const scenario = loadScenario(twoLocationsScenarioPath());
  // Unsubscribed, so the library's RingIntercom constructor subscribes it to dings.
  scenario.locations[0].intercoms[0].subscribed = false;
  session = await startCloudSession({ scenario }, { cameraStatusPollingSeconds: 1 });
  control = new RingCloudControl(session.cloud.url);
  const locations = await session.api.getLocations();
  const byId = (id: string): Location => {
    const found = locations.find((location) => location.id === id);
    if (!found) throw new Error(`no location ${id}`);
    return found;
  };
  town = byId(twoLocations.town.locationId);
  cabin = byId(twoLocations.cabin.locationId);
  [intercom] = town.intercoms;
});

afterAll(async () => {
  await stopCloudSession(session);
});

/** Fails with a clear message instead of running into the Jest timeout when an event never comes. */
function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Sends a device_rpc through the library's own REST client (auth, session, redirect). */
function deviceRpc(id: number, body: object): Promise<unknown> {
  return session.api.restClient.request({ method: 'PUT', url: rpcUrl(id), json: body });
}

describe('scenario', () => {
  test('intercoms are completed to the IntercomHandsetData shape; a wrong kind or a shared id is refused', () => {
    const account = { email: 'a@example.com', password: 'p', twoFactorCode: '1' };
    const location = (intercoms: unknown[]): unknown => ({ account, locations: [{ location_id: 'loc-1', name: 'Flat', intercoms }] });
    const [video] = normalizeScenario(location([{ id: 7, description: 'Door', kind: 'intercom_handset_video', battery_life: 40 }])).locations[0].intercoms;
    expect(video).toMatchObject({
      id: 7,
      description: 'Door',
      kind: 'intercom_handset_video',
      location_id: 'loc-1',
      battery_life: '40',
      subscribed: true,
      deactivated_at: null,
      alerts: { connection: 'online' },
      owner: { email: 'a@example.com' },
      settings: { intercom_settings: { intercom_type: 'DF' } },
      metadata: { ethernet: false },
    });
    expect(video.device_id).toMatch(/^[0-9a-f]{12}$/);
    const [plain] = normalizeScenario(location([{ id: 8, description: 'Gate' }])).locations[0].intercoms;
    expect([plain.kind, plain.battery_life]).toEqual(['intercom_handset_audio', '100']);
    expect(() => normalizeScenario(location([{ id: 9, description: 'X', kind: 'intercom_handset' }]))).toThrow(/kind "intercom_handset"/);
    expect(() =>
      normalizeScenario({
        account,
        locations: [{ location_id: 'l', name: 'n', chimes: [{ id: 5, description: 'C', kind: 'chime_v2' }], intercoms: [{ id: 5, description: 'I' }] }],
      }),
    ).toThrow(/two devices with id 5/);
  });
});

describe('ring-client-api and the intercom', () => {
  test('the town intercom is in location.intercoms with its name, kind and battery; the cabin has none', async () => {
    expect(town.intercoms.map((entry) => [entry.id, entry.name, entry.deviceType, entry.batteryLevel, entry.isOffline])).toEqual([
      [intercomId, 'Town Intercom', 'intercom_handset_audio', 88, false],
    ]);
    expect(cabin.intercoms).toEqual([]);
    const devices = await session.api.fetchRingDevices();
    expect(devices.intercoms.map((entry) => entry.id)).toEqual([intercomId]);
    expect(devices.unknownDevices).toEqual([]);
    // the intercom is no camera: cameras stay the scenario's three
    expect(devices.allCameras.map((camera) => camera.id).sort()).toEqual(
      [...Object.values(twoLocations.town.cameras), ...Object.values(twoLocations.cabin.cameras)].sort(),
    );
  });

  test('an unsubscribed intercom is subscribed to dings at startup, and unsubscribe works too', async () => {
    const subscribes = session.cloud.requests().filter((entry) => entry.method === 'POST' && entry.path === `/clients_api/doorbots/${intercomId}/subscribe`);
    expect(subscribes.map((entry) => entry.status)).toContain(200);
    expect(session.cloud.scenario.locations[0].intercoms[0].subscribed).toBe(true);
    await intercom.unsubscribeFromDingEvents();
    expect(session.cloud.scenario.locations[0].intercoms[0].subscribed).toBe(false);
    await intercom.subscribeToDingEvents();
    expect(session.cloud.scenario.locations[0].intercoms[0].subscribed).toBe(true);
  });

  test('unlock() reaches device_rpc with the library body and gets result code 0', async () => {
    session.cloud.clearRequests();
    const before = session.cloud.intercomUnlocks(intercomId);
    await expect(intercom.unlock()).resolves.toMatchObject({ jsonrpc: '2.0', result: { code: 0 } });
    expect(session.cloud.intercomUnlocks(intercomId)).toBe(before + 1);
    const rpc = session.cloud.requests().filter((entry) => entry.path === `/commands/v1/devices/${intercomId}/device_rpc`);
    expect(rpc).toEqual([expect.objectContaining({ method: 'PUT', body: unlockBody, host: 'api.ring.com', status: 200 })]);
  });

  test('an intercom set to refuse answers result code 1 until set back to ok', async () => {
    const before = session.cloud.intercomUnlocks(intercomId);
    session.cloud.setIntercomUnlockAnswer(intercomId, 'refuse');
    try {
      await expect(intercom.unlock()).resolves.toMatchObject({ result: { code: 1 } });
      await expect(intercom.unlock()).resolves.toMatchObject({ result: { code: 1 } });
    } finally {
      session.cloud.setIntercomUnlockAnswer(intercomId, 'ok');
    }
    await expect(intercom.unlock()).resolves.toMatchObject({ result: { code: 0 } });
    expect(session.cloud.intercomUnlocks(intercomId)).toBe(before + 3);
  });

  test('failNext applies to unlocks: a 500 rejects, a malformed answer arrives as text, neither is counted', async () => {
    const before = session.cloud.intercomUnlocks(intercomId);
    session.cloud.failNext('/device_rpc', 1, { status: 500, method: 'GET' });
    session.cloud.failNext('/device_rpc', 1, { status: 500, method: 'PUT' });
    await expect(intercom.unlock()).rejects.toMatchObject({ response: { status: 500, body: { error: 'emulated fault' } } });
    expect(session.cloud.pendingFaults()).toBe(1); // the GET-only fault is left over
    session.cloud.clearFaults();
    session.cloud.failNext(`/devices/${intercomId}/device_rpc`, 1, { malformed: true });
    await expect(intercom.unlock()).resolves.toEqual(expect.stringMatching(/^\{"doorbots":\[\{"id":$/));
    expect(session.cloud.intercomUnlocks(intercomId)).toBe(before);
  });

  test('device_rpc: an unknown id is 404, an unknown rpc method a JSON-RPC error, a body that is no rpc 400', async () => {
    await expect(deviceRpc(185559999, unlockBody)).rejects.toMatchObject({ response: { status: 404, body: { error: 'intercom not found' } } });
    await expect(deviceRpc(twoLocations.town.cameras.door, unlockBody)).rejects.toMatchObject({ response: { status: 404 } });
    const reboot = { command_name: 'device_rpc', request: { jsonrpc: '2.0', method: 'reboot', params: {} } };
    await expect(deviceRpc(intercomId, reboot)).resolves.toMatchObject({ jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' } });
    await expect(deviceRpc(intercomId, { command_name: 'unlock' })).rejects.toMatchObject({ response: { status: 400 } });
  });

  test('injectIntercomDing fires intercom.onDing, and no camera hears it', async () => {
    const cameras: RingCamera[] = [...town.cameras, ...cabin.cameras];
    let cameraNotifications = 0;
    const subscriptions = cameras.map((camera) =>
      camera.onNewNotification.subscribe(() => {
        cameraNotifications += 1;
      }),
    );
    try {
      const ding = nextValue(intercom.onDing);
      const delivery = await session.cloud.injectIntercomDing(intercomId);
      expect(delivery.delivered).toBe(1);
      expect(delivery.dingId).toMatch(/^\d{19}$/);
      await within(ding, 'onDing');
      expect(cameraNotifications).toBe(0);
    } finally {
      subscriptions.forEach((subscription) => subscription.unsubscribe());
    }
  });

  test('updateIntercom reaches onBatteryLevel and onData at the next ring_devices poll', async () => {
    const battery = nextValue(intercom.onBatteryLevel, (level) => level === 15);
    session.cloud.updateIntercom(intercomId, { battery_life: '15' });
    expect(await within(battery, 'battery 15')).toBe(15);
    const offline = nextValue(intercom.onData, (data) => data.alerts.connection === 'offline');
    session.cloud.updateIntercom(intercomId, { alerts: { connection: 'offline' } });
    expect((await within(offline, 'offline')).alerts).toEqual({ connection: 'offline', ota_status: 'no_ota' });
    expect(intercom.isOffline).toBe(true);
    expect(intercom.data.battery_life).toBe('15');
    const online = nextValue(intercom.onData, (data) => data.alerts.connection === 'online');
    session.cloud.updateIntercom(intercomId, { battery_life: '88', alerts: { connection: 'online' } });
    await within(online, 'online again');
    expect(() => session.cloud.updateIntercom(intercomId, { id: 1 })).toThrow(/may not change id/);
    expect(() => session.cloud.updateIntercom(1, {})).toThrow(/no intercom with id 1/);
  });
});

describe('intercom control API', () => {
  test('ding, update, unlock answer and unlock count over HTTP', async () => {
    const ding = nextValue(intercom.onDing);
    expect((await control.injectIntercomDing(intercomId)).delivered).toBe(1);
    await within(ding, 'onDing');

    const battery = nextValue(intercom.onBatteryLevel, (level) => level === 42);
    await control.updateIntercom(intercomId, { battery_life: '42' });
    await within(battery, 'battery 42');

    const before = await control.intercomUnlocks(intercomId);
    await control.setIntercomUnlockAnswer(intercomId, 'refuse');
    await expect(intercom.unlock()).resolves.toMatchObject({ result: { code: 1 } });
    await control.setIntercomUnlockAnswer(intercomId, 'ok');
    await expect(intercom.unlock()).resolves.toMatchObject({ result: { code: 0 } });
    expect(await control.intercomUnlocks(intercomId)).toBe(before + 2);
    expect(await control.intercomUnlocks(intercomId)).toBe(session.cloud.intercomUnlocks(intercomId));
    await control.updateIntercom(intercomId, { battery_life: '88' });
  });

  test('bad intercom control calls are refused with a reason', async () => {
    await expect(control.injectIntercomDing(1, 0)).rejects.toThrow(/no intercom with id 1/);
    await expect(control.updateIntercom(intercomId, { location_id: 'elsewhere' })).rejects.toThrow(/may not change location_id/);
    await expect(control.setIntercomUnlockAnswer(intercomId, 'maybe' as 'ok')).rejects.toThrow(/"answer" must be ok or refuse/);
    await expect(control.intercomUnlocks(twoLocations.town.cameras.door)).rejects.toThrow(/no intercom with id/);
    const post = (action: string, body: unknown): Promise<Response> => fetch(`${session.cloud.url}/_control/${action}`, { method: 'POST', body: JSON.stringify(body) });
    const noId = await post('intercom-ding', {});
    expect(noId.status).toBe(400);
    expect(await noId.json()).toEqual({ error: '"intercomId" must be an intercom id' });
    expect(await (await post('intercom', { intercomId, patch: [1] })).json()).toEqual({ error: '"patch" must be an object' });
    expect((await fetch(`${session.cloud.url}/_control/intercom-unlocks/abc`)).status).toBe(400);
    expect(await control.scenario().then((scenario) => scenario.locations[0].intercoms[0].location_id)).toBe(twoLocations.town.locationId);
  });
});
