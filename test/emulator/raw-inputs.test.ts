/**
 * The emulator's hostile-input controls, against the unmodified ring-client-api: raw push
 * messages of any shape, raw location-socket frames, garbage REST answers, and a look at a
 * refresh token that does not use it up.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Location, RingCamera, PushNotificationDingV2 } from 'ring-client-api';
import { demoHome, RingCloudControl } from './index.js';
import { buildDingNotification } from './push-payload.js';
import { nextValue, startCloudSession, stopCloudSession, trackLongTimers, type CloudSession } from './test-support.js';

jest.setTimeout(30_000);

let session: CloudSession;
let location: Location;
let cameras: RingCamera[];
const longTimers = trackLongTimers();

beforeAll(async () => {
  session = await startCloudSession();
  [location] = await session.api.getLocations();
  cameras = await session.api.getCameras();
});

afterAll(async () => {
  await stopCloudSession(session);
  longTimers.clear();
});

describe('raw inputs', () => {
  test('a push message of any shape is delivered as it is; a well-formed one still reaches the camera', async () => {
    const { cloud } = session;
    for (const message of [null, 42, 'text', [], { data: 'not a map' }, { data: { android_config: '{', data: '[]' } }]) {
      expect(await cloud.sendPushMessage(message)).toBe(1);
    }
    const frontDoor = cameras.find((camera) => camera.id === demoHome.cameras.frontDoor)!;
    const received = nextValue<PushNotificationDingV2>(frontDoor.onNewNotification);
    const built = buildDingNotification({ camera: cloud.scenario.locations[0]!.cameras.find((camera) => camera.id === frontDoor.id)!, kind: 'ding' });
    expect(await cloud.sendPushMessage({ data: built.data })).toBe(1);
    expect((await received).data.event.ding.id).toBe(built.dingId);
  });

  test('raw frames reach the location socket, which stays open', async () => {
    const { cloud } = session;
    await location.getDevices();
    expect(cloud.locationSocketCount()).toBe(1);
    expect(cloud.sendLocationFrame('{"channel":"DataUpdate","msg":')).toBe(1);
    expect(cloud.sendLocationFrame(Buffer.from([0, 1, 2, 0xff]))).toBe(1);
    expect(cloud.locationSocketCount()).toBe(1);
    expect((await location.getDevices()).length).toBeGreaterThan(0);
  });

  test('a fault can answer with raw bytes; the next call is answered normally', async () => {
    const { api, cloud } = session;
    cloud.failNext('/clients_api/ring_devices', 1, { rawBase64: Buffer.from('<html>oops</html>').toString('base64'), status: 200 });
    await expect(api.fetchRingDevices()).rejects.toThrow();
    expect((await api.fetchRingDevices()).allCameras).toHaveLength(4);
  });

  test('a refresh token can be checked without using it up', async () => {
    const { cloud } = session;
    const token = cloud.mintRefreshToken();
    expect(cloud.refreshTokenState(token)).toBe('usable');
    expect(cloud.refreshTokenState(token)).toBe('usable');
    // The library's wrapped form names the same token.
    expect(cloud.refreshTokenState(Buffer.from(JSON.stringify({ rt: token, hid: 'x' })).toString('base64'))).toBe('usable');
    expect(cloud.refreshTokenState('nonsense')).toBe('unknown');
  });

  test('the same controls over HTTP, for processes that did not start the emulator', async () => {
    const control = new RingCloudControl(session.cloud.url);
    const token = await control.mintRefreshToken();
    expect(await control.refreshTokenState(token)).toBe('usable');
    expect(await control.sendLocationFrame(Buffer.from([1, 2, 3]))).toBe(1);
    expect(await control.sendLocationFrame('not json')).toBe(1);
    expect(await control.sendPushMessage({ data: { version: '2.0.0' } })).toBe(1);
    await control.failNext('/clients_api/ring_devices', 1, { rawBase64: Buffer.from('x').toString('base64') });
    await expect(session.api.fetchRingDevices()).rejects.toThrow();
  });
});
