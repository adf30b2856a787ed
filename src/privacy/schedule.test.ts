import { describe, expect, it } from '@jest/globals';
import type { Schedule } from './policy-types.js';
import { canonicalTimeZone, inSchedule, parseClockTime, ZoneClock } from './schedule.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const utc = (iso: string): Date => new Date(`${iso}Z`);

/** Minutes inside the schedule while stepping one real minute at a time through [from, to). */
function minutesInside(schedule: Schedule, fromIso: string, toIso: string, timeZone: string): number {
  let count = 0;
  for (let t = utc(fromIso).getTime(); t < utc(toIso).getTime(); t += 60_000) {
    if (inSchedule(schedule, new Date(t), timeZone)) count++;
  }
  return count;
}

describe('parseClockTime', () => {
  it.each([
    ['00:00', 0],
    ['06:30', 390],
    ['23:59', 1439],
  ])('reads %s', (text, minutes) => expect(parseClockTime(text)).toBe(minutes));

  it.each(['24:00', '7:00', '12:60', '25:00', '1200', ' 12:00', '12:00 ', ''])('refuses %j', (text) => expect(parseClockTime(text)).toBeUndefined());

  it('accepts 24:00 only as an end of day', () => expect(parseClockTime('24:00', true)).toBe(1440));
});

describe('inSchedule: windows and weekdays (Berlin, winter time, UTC+1)', () => {
  // 2026-01-05 is a Monday.
  const overnightMonday: Schedule = { days: ['mon'], from: '22:00', to: '06:00' };
  it.each([
    ['Monday 21:59', '2026-01-05T20:59', false],
    ['Monday 22:00', '2026-01-05T21:00', true],
    ['Monday 23:59', '2026-01-05T22:59', true],
    ['Tuesday 00:00', '2026-01-05T23:00', true],
    ['Tuesday 05:59', '2026-01-06T04:59', true],
    ['Tuesday 06:00', '2026-01-06T05:00', false],
    ['Tuesday 22:30 (Tuesday is not listed)', '2026-01-06T21:30', false],
    ['Monday 00:30 (that is Sunday night)', '2026-01-04T23:30', false],
    ['Sunday 23:00', '2026-01-04T22:00', false],
  ])('mon 22:00–06:00 at %s → %s', (_label, iso, expected) => {
    expect(inSchedule(overnightMonday, utc(iso), BERLIN)).toBe(expected);
  });

  it('a Sunday-night window wraps into Monday morning', () => {
    const sundayNight: Schedule = { days: ['sun'], from: '22:00', to: '06:00' };
    expect(inSchedule(sundayNight, utc('2026-01-05T04:00'), BERLIN)).toBe(true); // Mon 05:00
    expect(inSchedule(sundayNight, utc('2026-01-05T05:00'), BERLIN)).toBe(false); // Mon 06:00
  });

  it('same-day windows are half-open and 24:00 reaches the end of the day', () => {
    const evening: Schedule = { days: ['tue'], from: '18:00', to: '24:00' };
    expect(inSchedule(evening, utc('2026-01-06T16:59'), BERLIN)).toBe(false);
    expect(inSchedule(evening, utc('2026-01-06T17:00'), BERLIN)).toBe(true);
    expect(inSchedule(evening, utc('2026-01-06T22:59'), BERLIN)).toBe(true);
    expect(inSchedule(evening, utc('2026-01-06T23:00'), BERLIN)).toBe(false);
  });

  it('whole days without times, and times without days', () => {
    expect(minutesInside({ days: ['sat', 'sun'] }, '2026-01-05T00:00', '2026-01-12T00:00', BERLIN)).toBe(2 * 1440);
    expect(minutesInside({ from: '09:00', to: '17:00' }, '2026-01-05T00:00', '2026-01-12T00:00', BERLIN)).toBe(7 * 480);
  });

  it('reads the weekday in the policy zone, not in UTC', () => {
    // Monday 23:30 in New York is already Tuesday in UTC.
    const monday: Schedule = { days: ['mon'] };
    expect(inSchedule(monday, utc('2026-01-06T04:30'), NEW_YORK)).toBe(true);
    expect(inSchedule(monday, utc('2026-01-06T04:30'), BERLIN)).toBe(false);
  });
});

describe('inSchedule across daylight-saving changes', () => {
  it('Berlin spring forward (2026-03-29 02:00 → 03:00): a window across the gap is one real hour shorter', () => {
    const night: Schedule = { days: ['sat'], from: '22:00', to: '06:00' };
    expect(minutesInside(night, '2026-03-28T12:00', '2026-03-29T12:00', BERLIN)).toBe(7 * 60);
  });

  it('Berlin spring forward: 01:30–03:30 lasts one real hour, from CET 01:30 to CEST 03:30', () => {
    const window: Schedule = { days: ['sun'], from: '01:30', to: '03:30' };
    expect(inSchedule(window, utc('2026-03-29T00:29'), BERLIN)).toBe(false);
    expect(inSchedule(window, utc('2026-03-29T00:30'), BERLIN)).toBe(true);
    expect(inSchedule(window, utc('2026-03-29T01:00'), BERLIN)).toBe(true); // 03:00 CEST
    expect(inSchedule(window, utc('2026-03-29T01:30'), BERLIN)).toBe(false); // 03:30 CEST
    expect(minutesInside(window, '2026-03-29T00:00', '2026-03-29T03:00', BERLIN)).toBe(60);
  });

  it('Berlin spring forward: a window wholly inside the missing hour never matches that night', () => {
    const missing: Schedule = { days: ['sun'], from: '02:00', to: '03:00' };
    expect(minutesInside(missing, '2026-03-28T22:00', '2026-03-29T04:00', BERLIN)).toBe(0);
    // ...but does on an ordinary Sunday.
    expect(minutesInside(missing, '2026-03-22T00:00', '2026-03-22T04:00', BERLIN)).toBe(60);
  });

  it('Berlin fall back (2026-10-25 03:00 → 02:00): the repeated hour counts twice', () => {
    const night: Schedule = { days: ['sat'], from: '22:00', to: '06:00' };
    expect(minutesInside(night, '2026-10-24T12:00', '2026-10-25T12:00', BERLIN)).toBe(9 * 60);
    const repeated: Schedule = { days: ['sun'], from: '02:00', to: '03:00' };
    expect(inSchedule(repeated, utc('2026-10-25T00:15'), BERLIN)).toBe(true); // 02:15 CEST
    expect(inSchedule(repeated, utc('2026-10-25T01:15'), BERLIN)).toBe(true); // 02:15 CET
    expect(minutesInside(repeated, '2026-10-24T22:00', '2026-10-25T04:00', BERLIN)).toBe(120);
  });

  it('New York spring forward (2026-03-08) and fall back (2026-11-01)', () => {
    const night: Schedule = { days: ['sat'], from: '22:00', to: '06:00' };
    expect(minutesInside(night, '2026-03-07T12:00', '2026-03-08T18:00', NEW_YORK)).toBe(7 * 60);
    expect(minutesInside(night, '2026-10-31T12:00', '2026-11-01T18:00', NEW_YORK)).toBe(9 * 60);
    const early: Schedule = { days: ['sun'], from: '01:00', to: '02:00' };
    // 01:00–01:59 happens twice on 2026-11-01: 05:00–05:59 UTC (EDT) and 06:00–06:59 UTC (EST).
    expect(minutesInside(early, '2026-11-01T00:00', '2026-11-01T12:00', NEW_YORK)).toBe(120);
  });
});

describe('ZoneClock', () => {
  it('gives correct answers when times alternate (the one-minute cache must not leak)', () => {
    const clock = new ZoneClock(BERLIN);
    const monday = utc('2026-01-05T11:15:30').getTime(); // Mon 12:15 → minute 735
    const friday = utc('2026-01-09T22:59:59').getTime(); // Fri 23:59 → 4*1440 + 1439
    for (let i = 0; i < 3; i++) {
      expect(clock.minuteOfWeek(monday)).toBe(735);
      expect(clock.minuteOfWeek(monday + 29_000)).toBe(735);
      expect(clock.minuteOfWeek(friday)).toBe(4 * 1440 + 1439);
    }
    expect(clock.minuteOfWeek(friday + 1000)).toBe(5 * 1440); // Saturday 00:00
  });

  it('handles half-hour zones', () => {
    expect(new ZoneClock('Asia/Kolkata').minuteOfWeek(utc('2026-01-05T00:00').getTime())).toBe(5 * 60 + 30);
  });
});

describe('canonicalTimeZone', () => {
  it('accepts IANA names and refuses others', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBeDefined();
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });
});
