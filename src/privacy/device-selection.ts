/** How rules name devices: kinds and groups of kinds, Ring ids, and names as users type them. */
import { DEVICE_GROUPS, type DeviceGroup, type DeviceKind } from './types.js';

/** Users type names as they see them, with any case and spacing. */
export function normalizeDeviceName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Kinds and group names → the set of kinds they stand for. */
export function expandKinds(words: readonly (DeviceKind | DeviceGroup)[]): Set<DeviceKind> {
  const kinds = new Set<DeviceKind>();
  for (const word of words) {
    const group = (DEVICE_GROUPS as Record<string, readonly DeviceKind[]>)[word];
    if (group) group.forEach((kind) => kinds.add(kind));
    else kinds.add(word as DeviceKind);
  }
  return kinds;
}
