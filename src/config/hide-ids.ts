/**
 * Whether a `hideDeviceIds` entry names a device: by Ring's id, or by the HomeKit UUID homebridge-ring
 * gave it (`alias`), in any case, as homebridge-ring's log prints them. One rule for the plugin and
 * the settings panel's server.
 */
export function namesDevice(entry: string, ringId: string | number, alias?: string): boolean {
  return entry === String(ringId) || (alias !== undefined && entry.toLowerCase() === alias.toLowerCase());
}
