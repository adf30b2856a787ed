import { jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { SerialSync } from './serial-sync.js';

describe('SerialSync', () => {
  it('never runs two passes at once and folds a burst into one more pass', async () => {
    let running = 0;
    let maxRunning = 0;
    let passes = 0;
    const sync = new SerialSync(
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        passes += 1;
        await sleep(5);
        running -= 1;
      },
      () => undefined,
    );
    const first = sync.request();
    for (let n = 0; n < 100; n += 1) void sync.request();
    await first;
    expect(maxRunning).toBe(1);
    expect(passes).toBe(2);
    await sync.flush();
    expect(passes).toBe(2);
  });

  it('a request made during a pass resolves only after a later pass', async () => {
    const seen: number[] = [];
    let value = 0;
    const sync = new SerialSync(
      async () => {
        const snapshot = value;
        await sleep(2);
        seen.push(snapshot);
      },
      () => undefined,
    );
    void sync.request();
    await sleep(1);
    value = 7;
    await sync.request();
    expect(seen.at(-1)).toBe(7);
  });

  it('retries a failed pass after a delay and reports the failure', async () => {
    const failures: number[] = [];
    let attempts = 0;
    const sync = new SerialSync(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('disk hiccup');
      },
      (_error, delay) => failures.push(delay),
      [10],
    );
    await sync.request();
    expect(failures).toEqual([10]);
    for (let waited = 0; attempts < 2 && waited < 2000; waited += 10) await sleep(10);
    expect(attempts).toBe(2);
  });

  it('close(): clears the retry timer, starts and reports nothing more', async () => {
    jest.useFakeTimers();
    try {
      let attempts = 0;
      const failures: number[] = [];
      const sync = new SerialSync(
        async () => {
          attempts += 1;
          throw new Error('disk hiccup');
        },
        (_error, delay) => failures.push(delay),
        [10],
      );
      await sync.request();
      expect(jest.getTimerCount()).toBe(1);
      sync.close();
      expect(jest.getTimerCount()).toBe(0);
      await sync.request();
      jest.advanceTimersByTime(1000);
      await sync.flush();
      expect({ attempts, failures }).toEqual({ attempts: 1, failures: [10] });
    } finally {
      jest.useRealTimers();
    }
  });

  it('close() during a failing pass: no retry is scheduled or reported', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failures: number[] = [];
    const sync = new SerialSync(
      async () => {
        await gate;
        throw new Error('disk hiccup');
      },
      (_error, delay) => failures.push(delay),
      [10],
    );
    const running = sync.request();
    sync.close();
    release();
    await running;
    await sleep(50); // a quiet period: proving that no retry comes
    expect(failures).toEqual([]);
  });
});
