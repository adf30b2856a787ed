import { createHash } from 'node:crypto';

/** The seed of an accessory's UUID: stable for a Ring device, whatever its name. */
export function accessorySeed(family: 'camera' | 'chime' | 'intercom' | 'alarm' | 'privacy' | 'location-mode', ringId: string | number): string {
  return `trygr:${family}:${ringId}`;
}

/**
 * A serial number HomeKit can show and keep stable without learning Ring's ids or MAC addresses:
 * a hash of this install's system id and the device id.
 */
export function opaqueSerial(systemId: string, ringId: string | number): string {
  return createHash('sha256').update(`${systemId}:${ringId}`).digest('hex').slice(0, 12).toUpperCase();
}

/**
 * What homebridge-ring generates a device's accessory UUID from (ring-platform.ts): the device id,
 * with "camera" after a camera's, "mode" after a location's. Its `hideDeviceIds` holds those UUIDs,
 * so they hide the same devices here.
 */
export function homebridgeRingSeed(family: 'camera' | 'chime' | 'intercom' | 'alarm' | 'location-mode', ringId: string | number): string {
  return family === 'camera' ? `${ringId}camera` : family === 'location-mode' ? `${ringId}mode` : String(ringId);
}
