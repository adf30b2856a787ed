import { expiredReason, rtcpIntervalMs } from './session-limits.js';

const limits = { maxMs: 600_000, idleMs: 30_000, firstVideoMs: 15_000 };

describe('session limits', () => {
  test('a healthy session runs on', () => {
    expect(expiredReason(100_000, { startedAt: 0, lastHeardAt: 99_000, answeredAt: 500, firstVideoAt: 900 }, limits)).toBeUndefined();
  });

  test('the maximum duration ends a session however lively it is', () => {
    expect(expiredReason(600_000, { startedAt: 0, lastHeardAt: 599_999, answeredAt: 1, firstVideoAt: 2 }, limits)).toMatch(/maximum live view duration \(600 s\)/);
  });

  test('silence from the Home app for the idle time ends it', () => {
    expect(expiredReason(40_000, { startedAt: 0, lastHeardAt: 10_000, answeredAt: 1, firstVideoAt: 2 }, limits)).toMatch(/stopped sending for 30 s/);
    expect(expiredReason(39_999, { startedAt: 0, lastHeardAt: 10_000, answeredAt: 1, firstVideoAt: 2 }, limits)).toBeUndefined();
  });

  test('an answered call without video ends after the first-video limit; before the answer that limit does not run', () => {
    expect(expiredReason(16_000, { startedAt: 0, lastHeardAt: 16_000, answeredAt: 1_000 }, limits)).toMatch(/no video within 15 s/);
    expect(expiredReason(16_000, { startedAt: 0, lastHeardAt: 16_000 }, limits)).toBeUndefined();
  });

  test('RTCP interval follows HomeKit within 0.5–5 s', () => {
    expect([rtcpIntervalMs(0.5), rtcpIntervalMs(0), rtcpIntervalMs(Number.NaN), rtcpIntervalMs(0.1), rtcpIntervalMs(30), rtcpIntervalMs(2)]).toEqual([
      500, 500, 500, 500, 5000, 2000,
    ]);
  });
});
