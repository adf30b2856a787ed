// @ts-check
/**
 * Hiding a device takes its accessory away when the plugin starts: HomeKit cameras are published on
 * their own and cannot be withdrawn from a running bridge. So a device hidden in the saved settings
 * but not in the running plugin, or the other way round, waits for a restart, and the panel says so.
 */

/**
 * @typedef {'shown' | 'hidden' | 'hidden after a restart' | 'shown after a restart'} Hiding
 * @typedef {{ id: string, kind: string, hidden?: boolean, homebridgeRingId?: string }} ReportedDevice  as the running plugin reports it
 * @typedef {{ hideDeviceIds?: unknown, hideDeviceFamilies?: unknown }} HideSettings
 * @typedef {{ running: boolean, familyOfKind: Record<string, string | undefined>, unhideable: readonly string[] }} HideContext
 */

/** @param {unknown} value */
const strings = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);

/**
 * Whether the saved settings hide the device, by id or by family, as the plugin reads them
 * (life-safety kinds are never hidden).
 * @param {ReportedDevice} device
 * @param {HideSettings} settings
 * @param {HideContext} context
 */
export function hiddenBySettings(device, settings, context) {
  if (context.unhideable.includes(device.kind)) return false;
  const family = context.familyOfKind[device.kind];
  // homebridge-ring named devices by a UUID of its own; a block moved over may still hold those.
  const alias = device.homebridgeRingId?.toLowerCase();
  const named = strings(settings.hideDeviceIds).some((id) => id === device.id || (alias !== undefined && id.toLowerCase() === alias));
  return named || (family !== undefined && strings(settings.hideDeviceFamilies).includes(family));
}

/**
 * @param {ReportedDevice} device
 * @param {HideSettings} settings
 * @param {HideContext} context
 * @returns {Hiding}
 */
export function hidingOf(device, settings, context) {
  const saved = hiddenBySettings(device, settings, context);
  // A plugin that is not running reads the saved settings when it starts: nothing waits.
  if (!context.running || saved === (device.hidden === true)) return saved ? 'hidden' : 'shown';
  return saved ? 'hidden after a restart' : 'shown after a restart';
}

/** @param {Hiding} hiding */
export const waitsForRestart = (hiding) => hiding === 'hidden after a restart' || hiding === 'shown after a restart';
