import type { TrygrConfig } from '../config/parse-config.js';
import type { DeviceFamily } from '../config/options.js';

/** A device the user hid gets no accessory, and its events are never listened to. */
export function isHidden(config: Pick<TrygrConfig, 'hideDeviceIds' | 'hideDeviceFamilies'>, ringId: string | number, family: DeviceFamily | undefined): boolean {
  return config.hideDeviceIds.includes(String(ringId)) || (family !== undefined && config.hideDeviceFamilies.includes(family));
}
