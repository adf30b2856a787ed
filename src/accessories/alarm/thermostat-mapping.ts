/**
 * A Z-Wave thermostat on the Ring hub to HomeKit values, as pure functions over plain data. Ring
 * reports `mode` ('off', 'heat', 'cool', or 'aux': emergency heat) and `setPoint` in °C with the
 * device's `setPointMin` / `setPointMax`; the room temperature comes from the thermostat's component
 * temperature sensor. Ring does not say whether the system is running, so that is inferred.
 */
import type { AlarmData, View } from './alarm-mapping.js';

/** HAP's CurrentHeatingCoolingState / TargetHeatingCoolingState (AUTO is not offered: Ring has none). */
export const Hvac = { OFF: 0, HEAT: 1, COOL: 2 } as const;

/** HomeKit's own limits for TargetTemperature; a device's narrower range wins. */
export const HOMEKIT_SET_POINT = { min: 10, max: 38 } as const;
/** Closer than this to the set point counts as reached (readings are not exact). */
const REACHED_C = 0.1;

export interface ThermostatData extends AlarmData {
  setPoint?: unknown;
  setPointMin?: unknown;
  setPointMax?: unknown;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function targetHvac(mode: unknown): number {
  switch (mode) {
    case 'heat':
    case 'aux':
      return Hvac.HEAT;
    case 'cool':
      return Hvac.COOL;
    default:
      return Hvac.OFF;
  }
}

/** Heating while below the set point in a heating mode, cooling while above it in cool; otherwise idle. */
export function currentHvac(mode: unknown, celsius: number | undefined, setPoint: unknown): number {
  if (celsius === undefined || !finite(setPoint)) return Hvac.OFF;
  if ((mode === 'heat' || mode === 'aux') && celsius < setPoint - REACHED_C) return Hvac.HEAT;
  if (mode === 'cool' && celsius > setPoint + REACHED_C) return Hvac.COOL;
  return Hvac.OFF;
}

/** The set point range HomeKit may offer: the device's, inside HomeKit's own. */
export function setPointRange(data: ThermostatData): { min: number; max: number } {
  const min = finite(data.setPointMin) ? Math.max(HOMEKIT_SET_POINT.min, data.setPointMin) : HOMEKIT_SET_POINT.min;
  const max = finite(data.setPointMax) ? Math.min(HOMEKIT_SET_POINT.max, data.setPointMax) : HOMEKIT_SET_POINT.max;
  return min <= max ? { min, max } : { min: HOMEKIT_SET_POINT.min, max: HOMEKIT_SET_POINT.max };
}

const tenth = (value: number) => Math.round(value * 10) / 10;
const clamp = (value: number, range: { min: number; max: number }) => Math.min(range.max, Math.max(range.min, value));

/**
 * HomeKit's values. A temperature or set point Ring did not send is left out, so the last one shown
 * stays (HomeKit has no "unknown" temperature).
 */
export function thermostatView(data: ThermostatData, celsius: number | undefined): View {
  const range = setPointRange(data);
  return {
    target: targetHvac(data.mode),
    current: currentHvac(data.mode, celsius, data.setPoint),
    ...(celsius !== undefined && { temperature: tenth(celsius) }),
    ...(finite(data.setPoint) && { setPoint: tenth(clamp(data.setPoint, range)) }),
  };
}

export function neutralThermostatView(data: ThermostatData): View {
  return { target: Hvac.OFF, current: Hvac.OFF, temperature: 20, setPoint: clamp(20, setPointRange(data)) };
}

/** The `device.v1` patch for a HomeKit write, and how to tell Ring applied it. */
export function thermostatCommand(change: { target: number } | { setPoint: number }): {
  patch: { mode?: string; setPoint?: number };
  applied: (data: ThermostatData) => boolean;
} {
  if ('target' in change) {
    const mode = change.target === Hvac.HEAT ? 'heat' : change.target === Hvac.COOL ? 'cool' : 'off';
    // Emergency heat set in the Ring app is a heating mode: asking for Heat while it runs changes nothing.
    return { patch: { mode }, applied: (data) => data.mode === mode || (mode === 'heat' && data.mode === 'aux') };
  }
  const setPoint = tenth(change.setPoint);
  return { patch: { setPoint }, applied: (data) => finite(data.setPoint) && Math.abs(data.setPoint - setPoint) < 0.05 };
}
