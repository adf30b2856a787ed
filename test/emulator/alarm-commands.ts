/**
 * What a `DeviceInfoSet` message does to Ring Alarm devices, as pure planning over plain data:
 * the location socket applies the returned patches and pushes each one as a DataUpdate.
 *
 * Commands (ring-client-api location.js / ring-device.js):
 * - `security-panel.switch-mode` {mode: none|some|all, bypass?: zid[]}: Ring refuses to arm while a
 *   contact sensor is open unless it is bypassed; it then reports the unchanged mode, which makes the
 *   library's `setAlarmMode` fail with its "Sensors may require bypass" error.
 * - `security-panel.sound-siren` / `security-panel.silence-siren`: panel `siren.state`.
 * - `lock.lock` / `lock.unlock` on a Z-Wave lock: `locked` becomes 'locked' / 'unlocked'. A lock that
 *   is jammed stays jammed (its bolt is blocked) and reports so again; a test clears it with a DataUpdate.
 * - `valve.open` / `valve.close` on a water valve: `valveState` becomes 'open' / 'closed'.
 * - `light-mode.set` on a Smart Lighting light: `{lightMode: 'on', duration?}` turns it on,
 *   `{lightMode: 'default'}` back to its schedule (off here).
 * - plain `device.v1` settings (`setInfo({device:{v1:{volume}}})` and `{brightness}` on keypads and
 *   base stations, switches' `on`, ...): merged as given.
 * - A device the hub has lost (`commStatus` 'error' or 'offline') takes nothing: the socket still
 *   acknowledges the message, but nothing changes and no DataUpdate follows, as with Ring.
 */
import type { AlarmDeviceDoc, LocationMode, LocationScenario } from './types.js';
import { deepMerge, isPlainObject, type PlainObject } from './merge.js';
import { splitAlarmFields } from './alarm-defaults.js';

export type AlarmMode = 'none' | 'some' | 'all';

export interface PlannedPatch {
  zid: string;
  /** Flat patch (general and device fields mixed, as the library sees them). */
  patch: PlainObject;
}

export interface DeviceInfoSetPlan {
  patches: PlannedPatch[];
  /** The location mode that follows from a new alarm mode. */
  locationMode?: LocationMode;
  /** Command types the emulator does not know (reported, not failed). */
  unhandled: string[];
  /** Devices addressed while the hub has lost them: nothing was applied (reported, not failed). */
  unreachable?: string[];
}

function unreachable(doc: AlarmDeviceDoc): boolean {
  const status = (doc.general.v2 as { commStatus?: unknown }).commStatus;
  return status === 'error' || status === 'offline';
}

export function locationModeForAlarm(mode: AlarmMode): LocationMode {
  return mode === 'none' ? 'disarmed' : mode === 'some' ? 'home' : 'away';
}

export function alarmModeForLocation(mode: LocationMode): AlarmMode | undefined {
  return mode === 'disarmed' ? 'none' : mode === 'home' ? 'some' : mode === 'away' ? 'all' : undefined;
}

function flat(doc: AlarmDeviceDoc): PlainObject {
  return { ...doc.general.v2, ...doc.device.v1 };
}

/** Contact sensors that are open and not bypassed: these stop the system from arming. */
export function blockingSensors(devices: AlarmDeviceDoc[], bypass: string[]): string[] {
  return devices
    .map(flat)
    .filter((device) => device.deviceType === 'sensor.contact' && device.faulted === true && !bypass.includes(String(device.zid)))
    .map((device) => String(device.zid));
}

function planSwitchMode(location: LocationScenario, panel: AlarmDeviceDoc, data: PlainObject): DeviceInfoSetPlan {
  const zid = panel.general.v2.zid;
  const current = (panel.device.v1.mode as AlarmMode | undefined) ?? 'none';
  const requested = data.mode;
  if (requested !== 'none' && requested !== 'some' && requested !== 'all') {
    return { patches: [{ zid, patch: { mode: current } }], unhandled: [] };
  }
  const bypass = Array.isArray(data.bypass) ? data.bypass.map(String) : [];
  if (requested !== 'none' && blockingSensors(location.alarmDevices, bypass).length > 0) {
    return { patches: [{ zid, patch: { mode: current } }], unhandled: [] };
  }
  const patch: PlainObject = { mode: requested, transitionDelayEndTimestamp: null };
  if (requested === 'none') Object.assign(patch, { alarmInfo: null, siren: { state: 'off' } });
  return { patches: [{ zid, patch }], locationMode: locationModeForAlarm(requested), unhandled: [] };
}

interface SetEntry {
  zid?: unknown;
  command?: { v1?: Array<{ commandType?: unknown; data?: unknown }> };
  device?: { v1?: unknown };
}

export function planDeviceInfoSet(location: LocationScenario, body: unknown): DeviceInfoSetPlan {
  const plan: DeviceInfoSetPlan = { patches: [], unhandled: [] };
  const entries = Array.isArray(body) ? (body as SetEntry[]) : [];
  for (const entry of entries) {
    const doc = location.alarmDevices.find((candidate) => candidate.general.v2.zid === entry.zid);
    if (!doc) continue;
    const zid = doc.general.v2.zid;
    if (unreachable(doc)) {
      plan.unreachable = [...(plan.unreachable ?? []), zid];
      continue;
    }
    for (const command of entry.command?.v1 ?? []) {
      const type = String(command.commandType);
      const data = isPlainObject(command.data) ? command.data : {};
      if (type === 'security-panel.switch-mode' && doc.general.v2.deviceType === 'security-panel') {
        const switched = planSwitchMode(location, doc, data);
        plan.patches.push(...switched.patches);
        plan.locationMode = switched.locationMode ?? plan.locationMode;
      } else if (type === 'security-panel.sound-siren') {
        plan.patches.push({ zid, patch: { siren: { state: 'on' } } });
      } else if (type === 'security-panel.silence-siren') {
        plan.patches.push({ zid, patch: { siren: { state: 'off' } } });
      } else if ((type === 'lock.lock' || type === 'lock.unlock') && doc.general.v2.deviceType === 'lock') {
        const jammed = doc.device.v1.locked === 'jammed';
        plan.patches.push({ zid, patch: { locked: jammed ? 'jammed' : type === 'lock.lock' ? 'locked' : 'unlocked' } });
      } else if (type === 'light-mode.set' && doc.general.v2.deviceType.endsWith('.beams')) {
        plan.patches.push({ zid, patch: { on: data.lightMode === 'on' } });
      } else if ((type === 'valve.open' || type === 'valve.close') && doc.general.v2.deviceType === 'valve.water') {
        plan.patches.push({ zid, patch: { valveState: type === 'valve.open' ? 'open' : 'closed' } });
      } else {
        plan.unhandled.push(type);
      }
    }
    if (isPlainObject(entry.device?.v1)) {
      plan.patches.push({ zid, patch: entry.device.v1 });
    }
  }
  return plan;
}

/** Merges a flat patch into a stored document and returns the partial document to broadcast. */
export function applyAlarmPatch(doc: AlarmDeviceDoc, patch: PlainObject): AlarmDeviceDoc {
  const split = splitAlarmFields(patch);
  doc.general.v2 = deepMerge(doc.general.v2, split.general.v2);
  doc.device.v1 = deepMerge(doc.device.v1, split.device.v1);
  return {
    general: { v2: { ...split.general.v2, zid: doc.general.v2.zid } as AlarmDeviceDoc['general']['v2'] },
    device: { v1: split.device.v1 },
  };
}

/**
 * The panel patch for a panic the user raised (ring-client-api's `triggerAlarm`: a POST to
 * `rs/monitoring/.../userAlarm` with a DispatchSignalType), or undefined for a signal Ring would refuse.
 */
export function userAlarmPatch(body: unknown): PlainObject | undefined {
  const signalType = isPlainObject(body) ? body.signalType : undefined;
  const state =
    signalType === 'user-verified-burglar-xa' ? 'user-verified-burglar-alarm' : signalType === 'user-verified-fire-xa' ? 'user-verified-co-or-fire-alarm' : undefined;
  return state ? { alarmInfo: { state }, siren: { state: 'on' } } : undefined;
}

/**
 * What `location.setLightGroup` (POST groups/v1/locations/{id}/groups/{groupId}/devices with
 * `{lights_on: {enabled, duration_seconds}}`) does: the group device whose `groupId` it names turns
 * on or off. Undefined for a group the location does not have or a body Ring would refuse.
 */
export function lightGroupPatch(location: LocationScenario, groupId: string, body: unknown): PlannedPatch | undefined {
  const lightsOn = isPlainObject(body) && isPlainObject(body.lights_on) ? body.lights_on : undefined;
  if (!lightsOn || typeof lightsOn.enabled !== 'boolean') return undefined;
  const group = location.alarmDevices.find((doc) => doc.general.v2.deviceType === 'group.light-group.beams' && doc.device.v1.groupId === groupId);
  return group ? { zid: group.general.v2.zid, patch: { on: lightsOn.enabled } } : undefined;
}
