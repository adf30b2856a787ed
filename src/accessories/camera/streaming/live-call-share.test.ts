import { ReplaySubject, Subject } from 'rxjs';
import type { LiveCall } from '../../../ring/live-call.js';
import { LiveCallShare } from './live-call-share.js';

function fakeCall(): LiveCall & { stops: string[]; end(reason: string): void } {
  const ended = new ReplaySubject<string>(1);
  const call = {
    stops: [] as string[],
    hasEnded: false,
    videoRtp$: new Subject<never>(),
    audioRtp$: new Subject<never>(),
    answered: new Promise<{ opus: boolean }>(() => undefined),
    ended$: ended.asObservable(),
    sendTalkback() {},
    requestKeyFrame() {},
    end(reason: string) {
      call.hasEnded = true;
      ended.next(reason);
    },
    stop(reason: string) {
      call.stops.push(reason);
      call.end(reason);
    },
  };
  return call;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('live call share', () => {
  test('viewers share one call; it ends with the last release, and release is idempotent', async () => {
    const calls: ReturnType<typeof fakeCall>[] = [];
    const share = new LiveCallShare(async () => {
      calls.push(fakeCall());
      return calls.at(-1)!;
    });
    const a = share.acquire();
    const b = share.acquire();
    expect(await a.call).toBe(await b.call);
    expect(calls).toHaveLength(1);
    a.release();
    a.release();
    await tick();
    expect(calls[0]!.stops).toEqual([]);
    expect(share.viewers).toBe(1);
    b.release();
    await tick();
    expect(calls[0]!.stops).toEqual(['no viewer left']);
    expect(share.viewers).toBe(0);
  });

  test('a call that ended (Ring dropped it) is not handed to the next viewer', async () => {
    const calls: ReturnType<typeof fakeCall>[] = [];
    const share = new LiveCallShare(async () => {
      calls.push(fakeCall());
      return calls.at(-1)!;
    });
    const first = share.acquire();
    ((await first.call) as ReturnType<typeof fakeCall>).end('Ring ended the call');
    const second = share.acquire();
    expect(await second.call).not.toBe(await first.call);
    expect(calls).toHaveLength(2);
  });

  test('released before the call opened: the call is ended as soon as it arrives', async () => {
    let resolve!: (call: LiveCall) => void;
    const share = new LiveCallShare(() => new Promise((r) => (resolve = r)));
    const lease = share.acquire();
    lease.release();
    const call = fakeCall();
    resolve(call);
    await tick();
    expect(call.stops).toEqual(['no viewer left']);
  });

  test('a failed open is forgotten, so the next viewer tries again; stop() ends the call for everyone', async () => {
    let attempts = 0;
    const call = fakeCall();
    const share = new LiveCallShare(async () => {
      attempts++;
      if (attempts === 1) throw new Error('ticket refused');
      return call;
    });
    await expect(share.acquire().call).rejects.toThrow('ticket refused');
    await tick();
    const lease = share.acquire();
    expect(await lease.call).toBe(call);
    share.stop('privacy');
    await tick();
    expect(call.stops).toEqual(['privacy']);
    expect(share.viewers).toBe(0);
  });
});
