/**
 * Builds large scenarios for benchmarks: N cameras cycling through real Ring kinds, M alarm
 * sensors cycling through contact / motion / flood sensors, all in one location with a base
 * station, security panel and keypad whenever there are sensors.
 */
import type { Scenario } from './types.js';
import { normalizeScenario } from './scenario.js';

export interface GenerateOptions {
  cameras: number;
  sensors: number;
  chimes?: number;
  locationName?: string;
}

const cameraTemplates = [
  { kind: 'doorbell_v4', name: 'Door', battery_life: '80' },
  { kind: 'floodlight_v2', name: 'Floodlight', led_status: 'off', siren_status: { seconds_remaining: 0 } },
  { kind: 'stickup_cam_mini', name: 'Indoor' },
  { kind: 'stickup_cam_v4', name: 'Spotlight', battery_life: '70', led_status: 'off', siren_status: { seconds_remaining: 0 } },
  { kind: 'cocoa_camera', name: 'Stick Up' },
] as const;

const sensorTemplates = [
  { deviceType: 'sensor.contact', name: 'Window Contact' },
  { deviceType: 'sensor.motion', name: 'Motion' },
  { deviceType: 'sensor.flood-freeze', name: 'Flood' },
] as const;

/** Deterministic uuid-shaped ids so repeated runs see the same devices. */
function fakeUuid(prefix: number, index: number): string {
  const hex = (prefix * 1_000_000 + index).toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export function generateScenario(options: GenerateOptions): Scenario {
  const locationId = fakeUuid(1, 0);
  const cameras = Array.from({ length: options.cameras }, (_, index) => {
    const { name, ...template } = cameraTemplates[index % cameraTemplates.length];
    return { id: 300_000_000 + index, description: `${name} ${index + 1}`, ...template };
  });
  const chimes = Array.from({ length: options.chimes ?? 0 }, (_, index) => ({
    id: 310_000_000 + index,
    description: `Chime ${index + 1}`,
    kind: index % 2 ? 'chime_v2' : 'chime_pro_v2',
  }));
  const sensors = Array.from({ length: options.sensors }, (_, index) => {
    const template = sensorTemplates[index % sensorTemplates.length];
    return {
      general: { v2: { zid: fakeUuid(3, index), name: `${template.name} ${index + 1}`, deviceType: template.deviceType } },
      device: { v1: {} },
    };
  });
  const hasAlarm = options.sensors > 0;
  const alarmCore = hasAlarm
    ? [
        { general: { v2: { zid: fakeUuid(2, 0), name: 'Base Station', deviceType: 'hub.redsky' } }, device: { v1: {} } },
        { general: { v2: { zid: fakeUuid(2, 1), name: 'Alarm Mode', deviceType: 'security-panel' } }, device: { v1: {} } },
        { general: { v2: { zid: fakeUuid(2, 2), name: 'Keypad', deviceType: 'security-keypad' } }, device: { v1: {} } },
      ]
    : [];
  return normalizeScenario({
    account: {
      email: 'bench.owner@example.com',
      password: 'bench-password',
      twoFactorCode: '135790',
      phone: '+XXXXXXXXXX42',
      profileId: 7700042,
      firstName: 'Bench',
      lastName: 'Owner',
    },
    locations: [
      {
        location_id: locationId,
        name: options.locationName ?? 'Bench Home',
        mode: 'disarmed',
        baseStation: hasAlarm
          ? {
              id: 320_000_000,
              uuid: fakeUuid(4, 0),
              kind: 'base_station_v1',
              description: 'Base Station',
              device_id: '5c475e000099',
              firmware_version: 'Up to Date',
              status: 'online',
            }
          : undefined,
        cameras,
        chimes,
        alarmDevices: [...alarmCore, ...sensors],
      },
    ],
  });
}
