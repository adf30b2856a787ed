import type { PrepareStreamRequest, PrepareStreamResponse, StreamingRequest } from 'homebridge';
import { LazyLiveView } from './lazy-live-view.js';
import type { LiveView } from './live-view.js';
import { LiveViewRefusal } from './live-view-refusal.js';

const prepare = (sessionID: string) => ({ sessionID }) as PrepareStreamRequest;
const start = (sessionID: string) => ({ sessionID, type: 'start' }) as StreamingRequest;
const stop = (sessionID: string) => ({ sessionID, type: 'stop' }) as StreamingRequest;

/** A stand-in for the loaded view that records what reached it. */
function fakeView() {
  const calls: string[] = [];
  const view = {
    prepare: async (request: PrepareStreamRequest) => {
      calls.push(`prepare ${request.sessionID}`);
      return { sessionID: request.sessionID } as unknown as PrepareStreamResponse;
    },
    handle: async (request: StreamingRequest) => {
      calls.push(`${request.type} ${request.sessionID}`);
    },
    shutdown: async () => {
      calls.push('shutdown');
    },
  };
  return { calls, view: view as unknown as LiveView };
}

describe('LazyLiveView', () => {
  test('loads the stack on the first prepare, once, and passes every request on', async () => {
    const { calls, view } = fakeView();
    let loads = 0;
    const lazy = new LazyLiveView(async () => {
      loads++;
      return view;
    });
    expect(loads).toBe(0);
    await Promise.all([lazy.prepare(prepare('a')), lazy.prepare(prepare('b'))]);
    await lazy.handle(start('a'));
    await lazy.handle(stop('a'));
    await lazy.shutdown();
    expect(loads).toBe(1);
    expect(calls).toEqual(['prepare a', 'prepare b', 'start a', 'stop a', 'shutdown']);
  });

  test('before any prepare it answers as a view without sessions, without loading', async () => {
    let loads = 0;
    const lazy = new LazyLiveView(async () => {
      loads++;
      return fakeView().view;
    });
    await expect(lazy.handle(stop('x'))).resolves.toBeUndefined();
    const refused = lazy.handle(start('x'));
    await expect(refused).rejects.toBeInstanceOf(LiveViewRefusal);
    await expect(refused).rejects.toMatchObject({ kind: 'failed' });
    await lazy.shutdown();
    expect(loads).toBe(0);
  });

  test('after shutdown a prepare is refused as unavailable and nothing loads', async () => {
    let loads = 0;
    const lazy = new LazyLiveView(async () => {
      loads++;
      return fakeView().view;
    });
    await lazy.shutdown();
    await expect(lazy.prepare(prepare('a'))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(loads).toBe(0);
  });

  test('a stack that fails to load fails the prepare and still shuts down', async () => {
    const lazy = new LazyLiveView(() => Promise.reject(new Error('werift-rtp is missing')));
    await expect(lazy.prepare(prepare('a'))).rejects.toThrow('werift-rtp is missing');
    await expect(lazy.handle(start('a'))).rejects.toThrow('werift-rtp is missing');
    await expect(lazy.shutdown()).resolves.toBeUndefined();
  });
});
