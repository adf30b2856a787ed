import { duration, Reachability, reachabilityLine, REMINDER_MS, UNANSWERED_MS } from './reachability.js';

describe('Reachability', () => {
  test('a request still waiting after one timeout and retry delay, with no other answer meanwhile, means Ring is lost; once', () => {
    const reach = new Reachability(0);
    reach.started(1_000);
    expect(reach.tick(1_000 + UNANSWERED_MS - 1)).toBeUndefined();
    expect(reach.tick(1_000 + UNANSWERED_MS)).toEqual({ kind: 'lost', sinceMs: UNANSWERED_MS });
    expect(reach.tick(1_000 + UNANSWERED_MS + 5_000)).toBeUndefined();
  });

  test('a slow request while other requests are answered is not an outage', () => {
    const reach = new Reachability(0);
    reach.started(0);
    const other = reach.started(20_000);
    reach.settled(other, 21_000, true);
    expect(reach.tick(30_000)).toBeUndefined();
    expect(reach.tick(21_000 + UNANSWERED_MS)).toEqual({ kind: 'lost', sinceMs: UNANSWERED_MS });
  });

  test('nothing waiting, nothing lost, however long it is quiet', () => {
    const reach = new Reachability(0);
    reach.settled(reach.started(0), 100, true);
    expect(reach.tick(10 * REMINDER_MS)).toBeUndefined();
  });

  test('reminders at most every REMINDER_MS, and the first answer says how long it took', () => {
    const reach = new Reachability(0);
    const id = reach.started(0);
    expect(reach.tick(UNANSWERED_MS)?.kind).toBe('lost');
    expect(reach.tick(UNANSWERED_MS + REMINDER_MS - 1)).toBeUndefined();
    expect(reach.tick(UNANSWERED_MS + REMINDER_MS)).toEqual({ kind: 'still-lost', forMs: UNANSWERED_MS + REMINDER_MS });
    expect(reach.settled(id, 700_000, true)).toEqual({ kind: 'back', afterMs: 700_000 });
    expect(reach.waiting).toBe(0);
    expect(reach.tick(800_000)).toBeUndefined();
  });

  test('a request that ends without an answer (no response) does not bring Ring back', () => {
    const reach = new Reachability(0);
    const first = reach.started(0);
    reach.started(0);
    expect(reach.tick(UNANSWERED_MS)?.kind).toBe('lost');
    expect(reach.settled(first, 30_000, false)).toBeUndefined();
    expect(reach.waiting).toBe(1);
  });
});

describe('reachability lines', () => {
  test('durations read naturally', () => {
    expect(duration(25_000)).toBe('25 s');
    expect(duration(300_000)).toBe('5 min');
    expect(duration(3 * 3_600_000 + 300_000)).toBe('3 h 5 min');
  });

  test('lost and still lost warn, back informs', () => {
    expect(reachabilityLine({ kind: 'lost', sinceMs: 30_000 })).toMatchObject({ level: 'warn', message: expect.stringMatching(/^Ring has not answered for 30 s/) });
    expect(reachabilityLine({ kind: 'still-lost', forMs: 600_000 }).level).toBe('warn');
    expect(reachabilityLine({ kind: 'back', afterMs: 90_000 })).toEqual({ level: 'info', message: 'Ring answers again after 2 min.' });
  });
});
