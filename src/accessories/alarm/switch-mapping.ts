/**
 * Z-Wave switches on the Ring hub (switches, outlets, dimmers, bulbs, fans) to HomeKit values, as
 * pure functions over plain data. Ring reports `on` and, for the ones that dim, `level` from 0 to 1.
 */
import type { View } from './alarm-mapping.js';

/** What the Home app shows: the service type follows Ring's device type and category. */
export type SwitchLook = 'switch' | 'outlet' | 'light' | 'fan';

export interface SwitchLayout {
  readonly look: SwitchLook;
  /** Brightness (a light) or rotation speed (a fan), from Ring's `level`. */
  readonly dims: boolean;
}

/** ring-types' RingDeviceCategory values this module tells apart. */
const OUTLETS = 1;
const FANS = 17;

export function switchLayout(deviceType: string, categoryId: unknown): SwitchLayout {
  if (deviceType === 'switch.multilevel.bulb') return { look: 'light', dims: true };
  if (deviceType === 'switch.multilevel') return { look: categoryId === FANS ? 'fan' : 'light', dims: true };
  return { look: deviceType === 'switch' && categoryId === OUTLETS ? 'outlet' : 'switch', dims: false };
}

export interface SwitchData {
  on?: unknown;
  level?: unknown;
}

/** Ring's 0–1 level as a HomeKit percentage; anything unreadable is 0. */
export function percentOf(level: unknown): number {
  return typeof level === 'number' && Number.isFinite(level) ? Math.round(Math.min(1, Math.max(0, level)) * 100) : 0;
}

/** HomeKit's values for the switch: `on`, and `level` (percent) where it dims. */
export function switchView(layout: SwitchLayout, data: SwitchData): View {
  return { on: data.on === true, ...(layout.dims && { level: percentOf(data.level) }) };
}

/** Until the gate has allowed a first view: off. */
export function neutralSwitchView(layout: SwitchLayout): View {
  return { on: false, ...(layout.dims && { level: 0 }) };
}

/** The `device.v1` patch Ring takes for a HomeKit write, and how to tell Ring has applied it. */
export function switchCommand(change: { on: boolean } | { percent: number }): { patch: { on?: boolean; level?: number }; applied: (data: SwitchData) => boolean } {
  if ('on' in change) return { patch: { on: change.on }, applied: (data) => (data.on === true) === change.on };
  const level = Math.min(100, Math.max(0, Math.round(change.percent))) / 100;
  return { patch: { level }, applied: (data) => percentOf(data.level) === Math.round(level * 100) };
}
