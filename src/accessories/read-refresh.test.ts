import { ReadRefresh } from './read-refresh.js';

describe('ReadRefresh', () => {
  test('the first read asks at once, a burst of reads asks once, a read after the interval asks again', () => {
    let now = 1_000;
    let requests = 0;
    const refresh = new ReadRefresh(
      () => requests++,
      5_000,
      () => now,
    );
    refresh.read();
    expect(requests).toBe(1);
    for (let i = 0; i < 20; i++) {
      now += 200;
      refresh.read();
    }
    expect(requests).toBe(1);
    now = 6_000;
    refresh.read();
    expect(requests).toBe(2);
  });
});
