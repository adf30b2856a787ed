import { WriteHold } from './write-hold.js';

describe('WriteHold', () => {
  test('shows the written value until Ring agrees, then follows Ring', () => {
    let now = 0;
    const hold = new WriteHold<boolean>(30_000, () => now);
    expect(hold.shown(false)).toBe(false);
    hold.wrote(true);
    now = 5_000;
    expect(hold.shown(false)).toBe(true);
    expect(hold.shown(true)).toBe(true);
    expect(hold.shown(false)).toBe(false);
  });

  test('gives up on the written value after the hold', () => {
    let now = 0;
    const hold = new WriteHold<boolean>(30_000, () => now);
    hold.wrote(true);
    now = 30_000;
    expect(hold.shown(false)).toBe(false);
  });
});
