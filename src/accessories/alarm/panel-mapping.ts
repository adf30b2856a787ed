/**
 * The security panel: Ring's alarm mode to HomeKit's security system states and back, including
 * the exit delay (arming) and a sounding alarm (triggered). Pure functions over plain data.
 */
import { CurrentState, TargetState, statusView, type AlarmData, type CurrentStateValue, type TargetStateValue, type View } from './alarm-mapping.js';

export type RingAlarmMode = 'none' | 'some' | 'all';

/**
 * Ring's alarm states that mean the siren is (or should be) sounding. `entry-delay` is left out:
 * it is the grace period to disarm, and HomeKit has no "pending" state, so the system stays armed.
 */
export const TRIGGERED_ALARM_STATES: readonly string[] = [
  'burglar-alarm',
  'fire-alarm',
  'co-alarm',
  'panic',
  'user-verified-burglar-alarm',
  'user-verified-co-or-fire-alarm',
  'burglar-accelerated-alarm',
  'fire-accelerated-alarm',
];

/** An alarm state Ring adds later still reads as an alarm: missing one is worse than a false "triggered". */
export function isTriggered(data: AlarmData): boolean {
  const state = data.alarmInfo?.state;
  return typeof state === 'string' && (TRIGGERED_ALARM_STATES.includes(state) || (state !== 'entry-delay' && state.endsWith('-alarm')));
}

/** Ring reports the new mode at once when arming; the exit delay runs until this timestamp. */
export function exitDelayEndsAt(data: AlarmData, now: number): number | undefined {
  const end = data.transitionDelayEndTimestamp;
  const arming = (data.mode === 'some' || data.mode === 'all') && typeof end === 'number' && end > now;
  return arming && !isTriggered(data) ? end : undefined;
}

/**
 * Night is a HomeKit notion Ring lacks, so it lives here: `requested` while our write is on its way
 * (Ring still reports the old mode), `active` once Ring reports 'some', `off` otherwise.
 */
export type NightChoice = 'off' | 'requested' | 'active';
export type SettledState = Exclude<CurrentStateValue, typeof CurrentState.ALARM_TRIGGERED>;

export interface PanelMemory {
  readonly night: NightChoice;
  /** The last current state outside an exit delay or alarm: what HomeKit keeps showing while arming. */
  readonly settled: SettledState;
}

export const INITIAL_PANEL_MEMORY: PanelMemory = { night: 'off', settled: CurrentState.DISARMED };

export interface PanelState {
  readonly current: CurrentStateValue;
  readonly target: TargetStateValue;
  readonly memory: PanelMemory;
  /** Set during an exit delay: when to look again, since Ring may send nothing when it ends. */
  readonly armingUntil?: number;
}

function nextNight(night: NightChoice, mode: string | undefined, nightMode: boolean): NightChoice {
  if (!nightMode || night === 'off') {
    return 'off';
  }
  if (mode === 'some') {
    return 'active';
  }
  // A pending request waits for Ring; an active Night ends when anyone changes the mode.
  return night === 'requested' ? 'requested' : 'off';
}

/**
 * Target and current state for one panel update, given what came before. With `entryDelayTriggers`
 * (the `alarmOnEntryDelay` option) the entry delay already shows as triggered, so a HomeKit
 * automation can react before the siren sounds.
 */
export function panelState(data: AlarmData, memory: PanelMemory, now: number, nightMode: boolean, entryDelayTriggers = false): PanelState {
  const night = nextNight(memory.night, data.mode, nightMode);
  const target: TargetStateValue =
    data.mode === 'all' ? TargetState.AWAY_ARM : data.mode === 'some' ? (night === 'active' ? TargetState.NIGHT_ARM : TargetState.STAY_ARM) : TargetState.DISARM;
  const armed = settledFor(target);
  const armingUntil = exitDelayEndsAt(data, now);
  const triggered = isTriggered(data) || (entryDelayTriggers && data.alarmInfo?.state === 'entry-delay');
  const settled = armingUntil === undefined && !triggered ? armed : memory.settled;
  const current = triggered ? CurrentState.ALARM_TRIGGERED : armingUntil === undefined ? armed : memory.settled;
  return { current, target, memory: { night, settled }, armingUntil };
}

function settledFor(target: TargetStateValue): SettledState {
  switch (target) {
    case TargetState.AWAY_ARM:
      return CurrentState.AWAY_ARM;
    case TargetState.STAY_ARM:
      return CurrentState.STAY_ARM;
    case TargetState.NIGHT_ARM:
      return CurrentState.NIGHT_ARM;
    case TargetState.DISARM:
      return CurrentState.DISARMED;
  }
}

/** What a HomeKit target asks of Ring. Night arms Home, as Ring has no night mode. */
export function ringModeFor(target: TargetStateValue, nightMode: boolean): { mode: RingAlarmMode; night: NightChoice } {
  switch (target) {
    case TargetState.AWAY_ARM:
      return { mode: 'all', night: 'off' };
    case TargetState.STAY_ARM:
      return { mode: 'some', night: 'off' };
    case TargetState.NIGHT_ARM:
      return { mode: 'some', night: nightMode ? 'requested' : 'off' };
    case TargetState.DISARM:
      return { mode: 'none', night: 'off' };
  }
}

/**
 * Home and Night are the same Ring mode, so switching between them needs no command. Disarming
 * during an alarm always goes to Ring: that is how an alarm is cancelled.
 */
export function needsRingCommand(data: AlarmData, mode: RingAlarmMode, now: number): boolean {
  return data.mode !== mode || isTriggered(data) || exitDelayEndsAt(data, now) !== undefined;
}

export function validTargets(nightMode: boolean): TargetStateValue[] {
  const values: TargetStateValue[] = [TargetState.STAY_ARM, TargetState.AWAY_ARM, TargetState.DISARM];
  return nightMode ? [...values, TargetState.NIGHT_ARM].sort((a, b) => a - b) : values;
}

export function validCurrents(nightMode: boolean): CurrentStateValue[] {
  return [...validTargets(nightMode).map(settledFor), CurrentState.ALARM_TRIGGERED].sort((a, b) => a - b);
}

export function sirenOn(data: AlarmData): boolean {
  return data.siren?.state === 'on';
}

export interface PanelLayout {
  readonly siren: boolean;
  readonly tamper: boolean;
}

export function panelView(layout: PanelLayout, state: Pick<PanelState, 'current' | 'target'>, data: AlarmData): View {
  return {
    current: state.current,
    target: state.target,
    ...(layout.siren ? { siren: sirenOn(data) } : {}),
    ...statusView(layout, data),
  };
}

export function neutralPanelView(layout: PanelLayout): View {
  return panelView(layout, { current: CurrentState.DISARMED, target: TargetState.DISARM }, { tamperStatus: 'ok' });
}

/** What the panel needs to know of another alarm device to decide whether Night bypasses it. */
export interface BypassCandidate {
  readonly zid: string;
  /** Our kind for Ring's deviceType (src/ring/classify.ts). */
  readonly kind: string;
  readonly faulted: unknown;
}

/**
 * The sensors Night bypasses: contact sensors (doors, windows, retrofit zones, tilt and glass-break)
 * open right now. Motion detectors are left alone: one that sees motion at the moment of arming is
 * not "left open", and Ring does not hold them against arming.
 */
export function sensorsToBypass(devices: readonly BypassCandidate[]): string[] {
  return devices.filter((device) => device.kind === 'contact-sensor' && device.faulted === true).map((device) => device.zid);
}
