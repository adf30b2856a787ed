import type { Location, RingDevice } from 'ring-client-api';
import type { PluginStatus } from '../config/plugin-status.js';
import type { TrygrConfig } from '../config/parse-config.js';
import type { LocationMode } from '../privacy/types.js';
import { alarmKind, familyOf } from '../ring/classify.js';
import { cameraDevice, locationModeDevice } from './build-devices.js';
import { isHidden } from './hidden.js';

type Directory = Pick<PluginStatus, 'locations' | 'devices'>;

/** The account's devices as the settings panel lists them, hidden ones included (and marked). */
export function homeDirectory(
  config: TrygrConfig,
  locations: Location[],
  alarmDevices: ReadonlyMap<string, RingDevice[]>,
  modeOf: (locationId: string) => LocationMode,
): Directory {
  const devices: PluginStatus['devices'] = [];
  for (const location of locations) {
    for (const camera of location.cameras) {
      const device = cameraDevice(camera);
      devices.push({ ...device, hidden: isHidden(config, device.id, familyOf(device.kind)) });
    }
    if (!location.hasAlarmBaseStation && config.locationModePollingSeconds > 0) {
      devices.push({ ...locationModeDevice(location), hidden: isHidden(config, location.id, 'location-mode') });
    }
    for (const chime of location.chimes) {
      devices.push({ id: String(chime.id), name: chime.name, kind: 'chime', locationId: location.id, hidden: isHidden(config, chime.id, 'chime') });
    }
    for (const alarm of alarmDevices.get(location.id) ?? []) {
      const kind = alarmKind(alarm.deviceType);
      devices.push({ id: alarm.zid, name: alarm.name, kind, locationId: location.id, hidden: isHidden(config, alarm.zid, familyOf(kind)) });
    }
  }
  return { locations: locations.map((location) => ({ id: location.id, name: location.name, mode: modeOf(location.id) })), devices };
}
