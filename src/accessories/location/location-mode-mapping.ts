import type { HouseholdMode } from '../../ring/location-mode.js';
import type { View } from '../alarm/alarm-mapping.js';

/** A mode Ring accepts for a location (`POST /api/v1/mode/location/{id}`). */
export type RingLocationMode = 'home' | 'away' | 'disarmed';

/** HomeKit's SecuritySystemCurrentState and TargetState values this accessory uses (Night is not a Ring mode). */
export const STAY_ARM = 0;
export const AWAY_ARM = 1;
export const DISARMED = 3;
export const LOCATION_MODE_STATES: readonly number[] = [STAY_ARM, AWAY_ARM, DISARMED];

const STATE_OF_MODE: Readonly<Record<RingLocationMode, number>> = { home: STAY_ARM, away: AWAY_ARM, disarmed: DISARMED };

/**
 * What HomeKit shows for a location mode: the same value as current and target state. An unknown
 * mode (Ring did not answer, or modes are off for the location) shows nothing: reads answer
 * No Response rather than a guess.
 */
export function locationModeView(mode: HouseholdMode): View | undefined {
  return mode === 'unknown' ? undefined : { current: STATE_OF_MODE[mode], target: STATE_OF_MODE[mode] };
}

/** The Ring mode a HomeKit target asks for; Night (2) and anything else has none. */
export function ringModeForTarget(target: unknown): RingLocationMode | undefined {
  return (Object.keys(STATE_OF_MODE) as RingLocationMode[]).find((mode) => STATE_OF_MODE[mode] === target);
}

/** Ring needs no command when it already reports the mode asked for. */
export function needsModeCommand(reported: HouseholdMode, wanted: RingLocationMode): boolean {
  return reported !== wanted;
}
