import type { TrygrConfig } from '../config/parse-config.js';
import { namesDevice } from '../config/hide-ids.js';
import { UNHIDEABLE_FAMILIES, UNHIDEABLE_REASON, type DeviceFamily } from '../config/device-kinds.js';

type HideConfig = Pick<TrygrConfig, 'hideDeviceIds' | 'hideDeviceFamilies'>;

/** `refused`: the user named a life-safety device, which is shown anyway (and the user told why). */
export type Hiding = 'shown' | 'hidden' | 'refused';

/**
 * A device the user hid gets no accessory, and its events are never listened to. Life-safety
 * devices cannot be hidden: which ids they have is only known once Ring lists them, so this is
 * where an id in `hideDeviceIds` is refused (families are already refused by the config parser).
 */
export function hidingOf(config: HideConfig, ringId: string | number, family: DeviceFamily | undefined, alias?: string): Hiding {
  const named = config.hideDeviceIds.some((entry) => namesDevice(entry, ringId, alias)) || (family !== undefined && config.hideDeviceFamilies.includes(family));
  if (!named) return 'shown';
  return family !== undefined && UNHIDEABLE_FAMILIES.includes(family) ? 'refused' : 'hidden';
}

/** `alias`: the device's homebridge-ring UUID, which `hideDeviceIds` may hold instead of Ring's id. */
export function isHidden(config: HideConfig, ringId: string | number, family: DeviceFamily | undefined, alias?: string): boolean {
  return hidingOf(config, ringId, family, alias) === 'hidden';
}

/** The log line for a refused hide; ids are not secrets, and the name is what the user recognises. */
export function refusedHideMessage(name: string, ringId: string | number): string {
  return `Config: \`hideDeviceIds\` names "${name}" (${ringId}), which cannot be hidden: ${UNHIDEABLE_REASON}. It is shown in Apple Home anyway.`;
}
