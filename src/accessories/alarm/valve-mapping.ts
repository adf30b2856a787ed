/**
 * A Z-Wave water valve on the Ring hub (a main water shut-off) to HomeKit values, as pure functions
 * over plain data. Ring reports `valveState` 'open' or 'closed', and takes `valve.open` / `valve.close`.
 */
import { fault, type AlarmData, type View } from './alarm-mapping.js';

export interface ValveData extends AlarmData {
  valveState?: unknown;
}

/** HomeKit's Active and InUse: water flows only while Ring says the valve is open. */
export function valveView(data: ValveData): View {
  const open = data.valveState === 'open' ? 1 : 0;
  return { active: open, inUse: open, fault: fault(data) };
}

/**
 * Until the gate has allowed a first view: open. A shut-off valve is open in normal life, and a
 * Home app tile that says "off" would tell the household its water is cut when it is not.
 */
export function neutralValveView(): View {
  return valveView({ valveState: 'open' });
}

/** Ring's command for HomeKit's Active, and how to tell from a report that Ring has done it. */
export function valveCommand(active: number): { commandType: 'valve.open' | 'valve.close'; applied: (data: ValveData) => boolean } {
  const open = active === 1;
  return { commandType: open ? 'valve.open' : 'valve.close', applied: (data) => (data.valveState === 'open') === open };
}
