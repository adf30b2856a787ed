import type { Location, RingDevice } from 'ring-client-api';
import type { PluginStatus } from '../config/plugin-status.js';
import type { TrygrConfig } from '../config/parse-config.js';
import type { LocationMode } from '../privacy/types.js';
import { alarmKind, familyOf } from '../ring/classify.js';
import { cameraDevice, homebridgeRingId, intercomDevice, locationModeDevice } from './build-devices.js';
import { isHidden } from './hidden.js';

type Directory = Pick<PluginStatus, 'locations' | 'devices'>;

export interface DirectorySources {
  alarmDevices: ReadonlyMap<string, RingDevice[]>;
  /** Locations whose Ring mode is a Security System (see RingSession). */
  modeLocations: ReadonlySet<string>;
  modeOf: (locationId: string) => LocationMode;
  /** HAP's UUID generator, for each device's homebridge-ring id. */
  uuid: (seed: string) => string;
}

/**
 * The account's devices as the settings panel lists them, hidden ones included (and marked, by
 * Ring's id or by the UUID homebridge-ring gave them, which the panel is told too).
 */
export function homeDirectory(config: TrygrConfig, locations: Location[], sources: DirectorySources): Directory {
  const devices: PluginStatus['devices'] = [];
  const entry = (
    device: Omit<PluginStatus['devices'][number], 'hidden' | 'homebridgeRingId'>,
    family: Parameters<typeof homebridgeRingId>[1],
    hideFamily: ReturnType<typeof familyOf>,
  ) => {
    const alias = homebridgeRingId(sources.uuid, family, device.id);
    devices.push({ ...device, homebridgeRingId: alias, hidden: isHidden(config, device.id, hideFamily, alias) });
  };
  for (const location of locations) {
    for (const camera of location.cameras) {
      const device = cameraDevice(camera);
      entry(device, 'camera', familyOf(device.kind));
    }
    if (sources.modeLocations.has(location.id)) {
      entry(locationModeDevice(location), 'location-mode', 'location-mode');
    }
    for (const chime of location.chimes) {
      entry({ id: String(chime.id), name: chime.name, kind: 'chime', locationId: location.id }, 'chime', 'chime');
    }
    for (const intercom of location.intercoms) {
      entry({ ...intercomDevice(intercom), locationId: location.id }, 'intercom', 'intercom');
    }
    for (const alarm of sources.alarmDevices.get(location.id) ?? []) {
      const kind = alarmKind(alarm.deviceType);
      entry({ id: alarm.zid, name: alarm.name, kind, locationId: location.id }, 'alarm', familyOf(kind));
    }
  }
  return { locations: locations.map((location) => ({ id: location.id, name: location.name, mode: sources.modeOf(location.id) })), devices };
}
