/**
 * A Z-Wave lock on the Ring hub to HomeKit values, as pure functions over plain data. Ring reports
 * `locked` as 'locked', 'unlocked', 'jammed' or 'unknown', and takes `lock.lock` / `lock.unlock`.
 */
import { statusView, type AlarmData, type View } from './alarm-mapping.js';

/** HAP's LockCurrentState and LockTargetState values. */
export const LockCurrent = { UNSECURED: 0, SECURED: 1, JAMMED: 2, UNKNOWN: 3 } as const;
export const LockTarget = { UNSECURED: 0, SECURED: 1 } as const;

export interface LockData extends AlarmData {
  locked?: unknown;
}

/**
 * HomeKit's Lock Mechanism has no fault or tamper characteristics (HAP warns and Homebridge logs it),
 * so a lock shows its state and, where it reports one, its battery.
 */
export interface LockLayout {
  readonly battery: boolean;
}

export function lockCurrent(locked: unknown): number {
  switch (locked) {
    case 'locked':
      return LockCurrent.SECURED;
    case 'unlocked':
      return LockCurrent.UNSECURED;
    case 'jammed':
      return LockCurrent.JAMMED;
    default:
      return LockCurrent.UNKNOWN;
  }
}

/**
 * The target follows what Ring last reported. Only 'unlocked' makes it unsecured: a jammed or
 * unknown lock is one HomeKit should still mean to keep locked, so the Home app shows it as a
 * problem ("Jammed") and not as a door someone chose to leave open.
 */
export function lockTarget(locked: unknown): number {
  return locked === 'unlocked' ? LockTarget.UNSECURED : LockTarget.SECURED;
}

export function lockView(layout: LockLayout, data: LockData): View {
  const { fault: _unshown, ...battery } = statusView({ battery: layout.battery, tamper: false }, data);
  return { current: lockCurrent(data.locked), target: lockTarget(data.locked), ...battery };
}

/** Until the gate has allowed a first view: unknown, never "unlocked". */
export function neutralLockView(layout: LockLayout): View {
  return lockView(layout, { batteryStatus: 'full' });
}

export type LockOutcome = 'done' | 'jammed' | 'waiting';

/**
 * Ring's command for a HomeKit target, and how to read each report that follows: done once Ring
 * says the lock is where it was asked to be, jammed if Ring says it jammed on the way.
 */
export function lockCommand(target: number): { commandType: 'lock.lock' | 'lock.unlock'; outcome: (data: LockData) => LockOutcome } {
  const wanted = target === LockTarget.UNSECURED ? 'unlocked' : 'locked';
  return {
    commandType: wanted === 'locked' ? 'lock.lock' : 'lock.unlock',
    outcome: (data) => (data.locked === wanted ? 'done' : data.locked === 'jammed' ? 'jammed' : 'waiting'),
  };
}
