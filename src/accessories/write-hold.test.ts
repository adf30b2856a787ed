import { WriteHold } from './write-hold.js';

describe('WriteHold', () => {
  const report = (on: boolean) => ({ on });

  test('shows the written value until a later Ring report agrees, then follows Ring', async () => {
    let now = 0;
    const hold = new WriteHold<boolean>(30_000, () => now);
    let current = report(false);
    expect(hold.shown(current.on, current)).toBe(false);
    await hold.write(
      true,
      async () => {
        current = report(true); // the library's own echo of the write
      },
      () => current,
    );
    now = 5_000;
    const stalePoll = report(false);
    expect(hold.shown(stalePoll.on, stalePoll)).toBe(true);
    const agreeingPoll = report(true);
    expect(hold.shown(agreeingPoll.on, agreeingPoll)).toBe(true);
    const laterChange = report(false);
    expect(hold.shown(laterChange.on, laterChange)).toBe(false);
  });

  test("the library's echo of the write is not Ring agreeing, even when read again", async () => {
    const hold = new WriteHold<boolean>(30_000, () => 0);
    let current = report(false);
    await hold.write(
      true,
      async () => {
        current = report(true);
      },
      () => current,
    );
    expect(hold.shown(current.on, current)).toBe(true);
    expect(hold.shown(current.on, current)).toBe(true);
    const stalePoll = report(false);
    expect(hold.shown(stalePoll.on, stalePoll)).toBe(true);
  });

  test('a report that arrives while the command is still running does not end the hold', async () => {
    const hold = new WriteHold<boolean>(30_000, () => 0);
    let shownDuring: boolean | undefined;
    const current = report(false);
    await hold.write(
      true,
      async () => {
        const inFlightPoll = report(true);
        shownDuring = hold.shown(inFlightPoll.on, inFlightPoll);
        const stale = report(false);
        expect(hold.shown(stale.on, stale)).toBe(true);
      },
      () => current,
    );
    expect(shownDuring).toBe(true);
    const stalePoll = report(false);
    expect(hold.shown(stalePoll.on, stalePoll)).toBe(true);
  });

  test('gives up on the written value after the hold', async () => {
    let now = 0;
    const hold = new WriteHold<boolean>(30_000, () => now);
    await hold.write(
      true,
      async () => undefined,
      () => report(false),
    );
    now = 30_000;
    const poll = report(false);
    expect(hold.shown(poll.on, poll)).toBe(false);
  });

  test('a refused command releases the hold at once and rethrows', async () => {
    const hold = new WriteHold<boolean>(30_000, () => 0);
    await expect(
      hold.write(
        true,
        async () => {
          throw new Error('HTTP 500');
        },
        () => undefined,
      ),
    ).rejects.toThrow('HTTP 500');
    const poll = report(false);
    expect(hold.shown(poll.on, poll)).toBe(false);
  });
});
