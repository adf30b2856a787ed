/**
 * Ring Smart Lighting (Beams) lights, transformers and light groups to HomeKit values, as pure
 * functions over plain data. Ring reports `on`, `level` (0–1) for the lights that dim, and a built-in
 * motion sensor's `motionStatus`. A light is switched on with `light-mode.set` for a duration and
 * back to its own schedule with `lightMode: 'default'`; a light group through the groups endpoint.
 */
import { percentOf } from './switch-mapping.js';
import type { AlarmData, View } from './alarm-mapping.js';

/** The longest duration Ring takes (a 16-bit count of seconds). */
export const MAX_LIGHT_SECONDS = 32_767;

export interface LightLayout {
  readonly dims: boolean;
  /** A built-in motion sensor that is on (Ring reports `motionStatus`). */
  readonly motion: boolean;
  /** A light group: switched through the groups endpoint by its group id. */
  readonly groupId?: string;
}

export interface LightData extends AlarmData {
  on?: unknown;
  level?: unknown;
  motionStatus?: string;
  motionSensorEnabled?: unknown;
  groupId?: unknown;
}

export function lightLayout(deviceType: string, data: LightData): LightLayout {
  const group = deviceType === 'group.light-group.beams' && typeof data.groupId === 'string' && data.groupId !== '' ? data.groupId : undefined;
  return {
    dims: deviceType === 'switch.multilevel.beams',
    motion: data.motionStatus !== undefined && data.motionSensorEnabled !== false,
    ...(group !== undefined && { groupId: group }),
  };
}

export function lightView(layout: LightLayout, data: LightData): View {
  return {
    on: data.on === true,
    ...(layout.dims && { level: percentOf(data.level) }),
    ...(layout.motion && { motion: data.motionStatus === 'faulted' }),
  };
}

export function neutralLightView(layout: LightLayout): View {
  return lightView(layout, { on: false, level: 0, motionStatus: 'clear' });
}

/** `beamDurationSeconds` as Ring takes it: undefined (0) leaves the light's own duration. */
export function lightDuration(seconds: number): number | undefined {
  return seconds > 0 ? Math.min(Math.round(seconds), MAX_LIGHT_SECONDS) : undefined;
}

/** The `light-mode.set` data for switching a light on (for a duration) or back to its own schedule. */
export function lightModeData(on: boolean, durationSeconds: number): { lightMode: 'on' | 'default'; duration?: number } {
  const duration = lightDuration(durationSeconds);
  return on ? { lightMode: 'on', ...(duration !== undefined && { duration }) } : { lightMode: 'default' };
}
