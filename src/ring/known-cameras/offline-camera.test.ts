import { firstValueFrom, merge, timeout } from 'rxjs';
import type { CameraRecord } from './camera-record.js';
import { NOT_CONNECTED, offlineCamera } from './offline-camera.js';

const record: CameraRecord = {
  id: 102,
  name: 'Driveway',
  locationId: 'loc-1',
  deviceType: 'floodlight_v2',
  isDoorbot: false,
  model: 'Floodlight Cam',
  serial: 'dd:ee:ff',
  hasLight: true,
  hasSiren: true,
  hasInHomeDoorbell: false,
  batteryLevel: 80,
};

describe('a camera standing in until Ring answers', () => {
  test('has the recorded shape and is offline, so nothing is asked of Ring', () => {
    const camera = offlineCamera(record);
    expect({ id: camera.id, name: camera.name, isDoorbot: camera.isDoorbot, hasLight: camera.hasLight, hasSiren: camera.hasSiren }).toEqual({
      id: 102,
      name: 'Driveway',
      isDoorbot: false,
      hasLight: true,
      hasSiren: true,
    });
    expect(camera.isOffline).toBe(true);
    expect(camera.hasBattery).toBe(true);
    expect(camera.batteryLevel).toBe(80);
    expect(camera.data).toMatchObject({ location_id: 'loc-1', device_id: 'dd:ee:ff' });
    expect(offlineCamera({ ...record, batteryLevel: null }).hasBattery).toBe(false);
  });

  test('refuses what only Ring can do, with the reason', async () => {
    const camera = offlineCamera(record);
    for (const attempt of [() => camera.getNextSnapshot({ force: true }), () => camera.setLight(true), () => camera.setSiren(true), () => camera.startLiveCall()]) {
      await expect(attempt()).rejects.toThrow(NOT_CONNECTED);
    }
    expect(() => camera.requestUpdate()).not.toThrow();
  });

  test('reports no data, notification or motion of its own', async () => {
    const camera = offlineCamera(record);
    await expect(firstValueFrom(merge(camera.onData, camera.onNewNotification, camera.onMotionDetected).pipe(timeout(50)))).rejects.toThrow(/Timeout/);
  });
});
