/** Scenario files, defaults, the demo home's ids, and generated large scenarios under the real library. */
import { describe, expect, jest, test } from '@jest/globals';
import { defaultScenarioPath, generateScenario, loadScenario, normalizeScenario, demoHome } from './index.js';
import { readScenarioFile } from './scenario.js';
import { startCloudSession, stopCloudSession } from './test-support.js';

jest.setTimeout(30_000);

describe('demo home', () => {
  test('demoHome ids are the ones in demo-home.json', () => {
    const raw = JSON.stringify(readScenarioFile(defaultScenarioPath()));
    const ids = [
      demoHome.locationId,
      demoHome.baseStationUuid,
      ...Object.values(demoHome.cameras),
      ...Object.values(demoHome.chimes),
      ...Object.values(demoHome.intercoms),
      ...Object.values(demoHome.alarm),
    ];
    for (const id of ids) expect(raw).toContain(typeof id === 'number' ? `"id":${id}` : `"${id}"`);
  });

  test('devices get the fields the library and plugins read', () => {
    const [home] = loadScenario(undefined).locations;
    const driveway = home.cameras.find((camera) => camera.id === demoHome.cameras.driveway)!;
    expect(driveway).toMatchObject({
      location_id: demoHome.locationId,
      alerts: { connection: 'online' },
      settings: { motion_detection_enabled: true, power_mode: 'wired' },
      health: { connected: true, battery_present: false },
      battery_life: null,
      led_status: 'off',
      siren_status: { seconds_remaining: 0 },
    });
    expect(driveway.device_id).toMatch(/^[0-9a-f]{12}$/);
    expect(home.chimes[0].settings).toMatchObject({ volume: 6, night_light_settings: { light_sensor_enabled: true } });
    const panel = home.alarmDevices.find((doc) => doc.general.v2.deviceType === 'security-panel')!;
    expect(panel.device.v1).toMatchObject({ mode: 'none', alarmInfo: null });
    const smoke = home.alarmDevices.find((doc) => doc.general.v2.deviceType === 'listener.smoke-co')!;
    expect(smoke.general.v2).toMatchObject({ batteryLevel: 82, batteryStatus: 'ok', tamperStatus: 'ok', commStatus: 'ok' });
  });

  test('every load is a private copy', () => {
    const first = loadScenario(undefined);
    first.locations[0].cameras[0].description = 'changed';
    expect(loadScenario(undefined).locations[0].cameras[0].description).toBe('Front Door');
  });

  test('broken scenarios are refused with a reason', () => {
    expect(() => normalizeScenario({ locations: [] })).toThrow(/account/);
    expect(() => normalizeScenario({ account: { email: 'a', password: 'b' }, locations: [] })).toThrow(/twoFactorCode/);
    const account = { email: 'a', password: 'b', twoFactorCode: 'c' };
    const camera = { id: 1, description: 'A', kind: 'stickup_cam' };
    expect(() => normalizeScenario({ account, locations: [{ location_id: 'l', name: 'L', cameras: [camera, camera] }] })).toThrow(/two devices with id 1/);
  });
});

describe('generated scenarios', () => {
  test('generateScenario builds the requested number of devices with unique ids', () => {
    const scenario = generateScenario({ cameras: 120, sensors: 150, chimes: 3 });
    const [location] = scenario.locations;
    expect(location.cameras).toHaveLength(120);
    expect(location.chimes).toHaveLength(3);
    expect(location.alarmDevices).toHaveLength(153); // plus base station, panel, keypad
    expect(new Set(location.cameras.map((camera) => camera.id)).size).toBe(120);
  });

  test('ring-client-api sees every device of a 100+ device scenario', async () => {
    const session = await startCloudSession({ scenario: generateScenario({ cameras: 60, sensors: 60 }) });
    try {
      const [location] = await session.api.getLocations();
      expect(await session.api.getCameras()).toHaveLength(60);
      expect(await location.getDevices()).toHaveLength(63);
    } finally {
      await stopCloudSession(session);
    }
  });
});
