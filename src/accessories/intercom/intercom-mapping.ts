/**
 * Ring Intercom to HomeKit, as pure functions over plain data. An intercom opens a building's door
 * for a moment; Ring does not report the latch, so the Lock Mechanism shows "unlocked" only after
 * Ring has answered the unlock as done, and "locked" again once the door has latched.
 */

/** How long the Home app shows the door unlocked after Ring confirmed it (the buzzer's open window). */
export const RELATCH_MS = 5_000;

/** Below this percentage HomeKit is told the battery is low. */
export const LOW_BATTERY_PERCENT = 20;

/**
 * Whether Ring's answer to `unlock_door` says the door was opened. Ring answers the JSON-RPC call
 * with `result.code` 0 when it did; anything else (an error member, another code, no body) is not
 * a confirmation, and an unlock that is not confirmed must fail where the user can see it.
 */
export function unlockConfirmed(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null || 'error' in answer) return false;
  const result = (answer as { result?: unknown }).result;
  return typeof result === 'object' && result !== null && (result as { code?: unknown }).code === 0;
}

/** Why an unlock failed, in words for the log (never Ring's raw body: it may echo ids). */
export function unlockRefusal(answer: unknown): string {
  if (typeof answer !== 'object' || answer === null) return 'Ring did not confirm the unlock';
  const code = (answer as { result?: { code?: unknown }; error?: { code?: unknown } }).error?.code ?? (answer as { result?: { code?: unknown } }).result?.code;
  return typeof code === 'number' ? `Ring refused the unlock (code ${code})` : 'Ring did not confirm the unlock';
}

export interface IntercomBattery {
  level: number;
  low: boolean;
}

/** ring-client-api's battery level (null when the intercom runs on wires) as HomeKit's values. */
export function intercomBattery(level: number | null | undefined): IntercomBattery | undefined {
  if (typeof level !== 'number' || !Number.isFinite(level)) return undefined;
  const percent = Math.round(Math.min(100, Math.max(0, level)));
  return { level: percent, low: percent < LOW_BATTERY_PERCENT };
}

export function isIntercomOffline(data: unknown): boolean {
  return (data as { alerts?: { connection?: unknown } } | undefined)?.alerts?.connection === 'offline';
}
