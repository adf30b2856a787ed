/**
 * Panic buttons: the alarm a household raises itself from HomeKit (a burglar or a fire alarm sent
 * to Ring, and to its monitoring where there is one), as pure functions over the security panel's
 * data. Ring reports a raised alarm in the panel's `alarmInfo.state`.
 */
import type { AlarmData, View } from './alarm-mapping.js';

export type PanicKind = 'burglar' | 'fire';

/** Ring's alarm states that each button shows as on (a sensor's alarm as much as a panic). */
const PANIC_STATES: Record<PanicKind, readonly string[]> = {
  burglar: ['burglar-alarm', 'user-verified-burglar-alarm', 'burglar-accelerated-alarm', 'panic'],
  fire: ['fire-alarm', 'co-alarm', 'user-verified-co-or-fire-alarm', 'fire-accelerated-alarm'],
};

/** The view keys, which the life-safety check knows: a panic is never held back by a rule. */
export const PANIC_KEYS: Record<PanicKind, string> = { burglar: 'burglarAlarm', fire: 'fireAlarm' };

export function panicActive(kind: PanicKind, data: AlarmData): boolean {
  const state = data.alarmInfo?.state;
  return typeof state === 'string' && PANIC_STATES[kind].includes(state);
}

export function panicView(data: AlarmData): View {
  return { [PANIC_KEYS.burglar]: panicActive('burglar', data), [PANIC_KEYS.fire]: panicActive('fire', data) };
}

export function neutralPanicView(): View {
  return panicView({});
}
