import { describe, expect, test } from '@jest/globals';
import { modeFromAlarm, modeFromLocation, modeSwitchable } from './location-mode.js';

type Check = () => Promise<boolean>;
const location = (check: Check, { alarm = false, cameras = 1 } = {}) => ({
  supportsLocationModeSwitching: check,
  hasAlarmBaseStation: alarm,
  cameras: Array.from({ length: cameras }) as never[],
});

describe('modeSwitchable', () => {
  test("ring-client-api's answer is taken as it is", async () => {
    expect(await modeSwitchable(location(async () => true))).toBe(true);
    // Modes disabled or unset, or read-only for a shared user.
    expect(await modeSwitchable(location(async () => false))).toBe(false);
  });

  test('a failed or hanging check counts as yes where there are cameras and no alarm, so an outage never removes the accessory', async () => {
    const fails = async () => Promise.reject(new Error('HTTP 503'));
    const hangs = () => new Promise<boolean>(() => undefined);
    expect(await modeSwitchable(location(fails))).toBe(true);
    expect(await modeSwitchable(location(hangs), 20)).toBe(true);
    expect(await modeSwitchable(location(fails, { alarm: true }))).toBe(false);
    expect(await modeSwitchable(location(hangs, { cameras: 0 }), 20)).toBe(false);
  });
});

describe('Ring modes as the privacy policy sees them', () => {
  test.each([
    ['all', 'away'],
    ['some', 'home'],
    ['none', 'disarmed'],
    ['triggered', 'unknown'],
  ])('alarm mode %s is %s', (alarm, mode) => {
    expect(modeFromAlarm(alarm)).toBe(mode);
  });

  test.each([
    ['home', 'home'],
    ['away', 'away'],
    ['disarmed', 'disarmed'],
    ['disabled', 'unknown'],
    ['unset', 'unknown'],
    [undefined, 'unknown'],
  ])('location mode %s is %s', (ringMode, mode) => {
    expect(modeFromLocation(ringMode)).toBe(mode);
  });
});
