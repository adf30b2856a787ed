/**
 * Weekly wall-clock schedules. A schedule compiles to a bitmap over the 10,080 minutes of a
 * week (Monday 00:00 = minute 0), so matching is one array lookup once the local minute is known;
 * the local minute comes from Intl.DateTimeFormat, cached per zone and per wall-clock minute.
 * Semantics (windows crossing midnight, DST nights) are documented in policy-types.ts.
 */
import { WEEKDAYS, type Schedule } from './policy-types.js';

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" → minutes after midnight; "24:00" only when `allowEndOfDay`. */
export function parseClockTime(text: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && text === '24:00') return MINUTES_PER_DAY;
  const match = TIME_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Which minutes of the week a schedule covers (1 = inside). */
export type CompiledSchedule = Uint8Array;

export function compileSchedule(schedule: Schedule): CompiledSchedule {
  const week = new Uint8Array(MINUTES_PER_WEEK);
  const days = schedule.days ?? WEEKDAYS;
  const from = schedule.from === undefined ? 0 : parseClockTime(schedule.from);
  const to = schedule.to === undefined ? MINUTES_PER_DAY : parseClockTime(schedule.to, true);
  if (from === undefined || to === undefined) {
    throw new RangeError(`Schedule times must be HH:MM (got ${schedule.from} to ${schedule.to}).`);
  }
  // A window that ends at or before it starts runs on into the next day.
  const length = to > from ? to - from : to + MINUTES_PER_DAY - from;
  for (const day of days) {
    const start = WEEKDAYS.indexOf(day) * MINUTES_PER_DAY + from;
    for (let offset = 0; offset < length; offset++) week[(start + offset) % MINUTES_PER_WEEK] = 1;
  }
  return week;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Local wall-clock minute of the week for one zone, with a one-minute cache. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private cachedEpochMinute = Number.NaN;
  private cachedMinuteOfWeek = 0;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** Minutes since local Monday 00:00. Every current zone offset is whole minutes, so caching per UTC minute is exact. */
  minuteOfWeek(epochMs: number): number {
    const epochMinute = Math.floor(epochMs / 60_000);
    if (epochMinute === this.cachedEpochMinute) return this.cachedMinuteOfWeek;
    let day = 0;
    let hour = 0;
    let minute = 0;
    for (const part of this.format.formatToParts(epochMs)) {
      if (part.type === 'weekday') day = WEEKDAY_INDEX[part.value] ?? 0;
      else if (part.type === 'hour') hour = Number(part.value);
      else if (part.type === 'minute') minute = Number(part.value);
    }
    this.cachedEpochMinute = epochMinute;
    this.cachedMinuteOfWeek = day * MINUTES_PER_DAY + hour * 60 + minute;
    return this.cachedMinuteOfWeek;
  }
}

const clocks = new Map<string, ZoneClock>();

/** Shared clock per zone (creating Intl.DateTimeFormat costs far more than using one). */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new ZoneClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** The canonical IANA name for a zone, or undefined when the runtime does not know it. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const compiledByObject = new WeakMap<Schedule, CompiledSchedule>();

/** Whether `now` falls inside the schedule, read on the wall clock of `timeZone`. */
export function inSchedule(schedule: Schedule, now: Date, timeZone: string): boolean {
  let compiled = compiledByObject.get(schedule);
  if (!compiled) {
    compiled = compileSchedule(schedule);
    compiledByObject.set(schedule, compiled);
  }
  return compiled[zoneClock(timeZone).minuteOfWeek(now.getTime())] === 1;
}
