import { ReplaySubject, Subject } from 'rxjs';
import type { RingCamera } from 'ring-client-api';
import { liveViewRefusal, openLiveCall } from './live-call.js';

/** What `camera.startLiveCall()` hands back, as far as the adapter uses it. */
function fakeSession(opus: Promise<boolean>) {
  const session = {
    onCallEnded: new ReplaySubject<void>(1),
    onVideoRtp: new Subject(),
    onAudioRtp: new Subject(),
    isUsingOpus: opus,
    stops: 0,
    speaker: 0,
    sent: 0,
    stop() {
      session.stops++;
      session.onCallEnded.next();
    },
    activateCameraSpeaker() {
      session.speaker++;
    },
    sendAudioPacket() {
      session.sent++;
    },
    requestKeyFrame() {},
  };
  return session;
}

const camera = (start: () => Promise<unknown>) => ({ startLiveCall: start }) as unknown as RingCamera;

describe('Ring live call adapter', () => {
  test('refusals: offline, end-to-end encrypted, live view turned off; otherwise none', () => {
    expect(liveViewRefusal({}, true)).toBe('the camera is offline');
    expect(liveViewRefusal({ e2ee_enabled: true })).toMatch(/end-to-end encryption/);
    expect(liveViewRefusal({ settings: { live_view_disabled: true } })).toMatch(/live view is turned off/);
    expect(liveViewRefusal({ e2ee_enabled: false, settings: { live_view_disabled: false } })).toBeUndefined();
  });

  test('answered with Opus; talk-back turns the speaker on; stop ends it once with the reason', async () => {
    const session = fakeSession(Promise.resolve(true));
    const call = await openLiveCall(
      camera(async () => session),
      { ticketTimeoutMs: 1000, answerTimeoutMs: 1000 },
    );
    await expect(call.answered).resolves.toEqual({ opus: true });
    call.sendTalkback({} as never);
    expect([session.speaker, session.sent]).toEqual([1, 1]);
    const reasons: string[] = [];
    call.ended$.subscribe((reason) => reasons.push(reason));
    call.stop('no viewer left');
    call.stop('again');
    expect(reasons).toEqual(['no viewer left']);
    expect(call.hasEnded).toBe(true);
    call.sendTalkback({} as never);
    expect(session.sent).toBe(1);
  });

  test('a call that never answers is ended with a reason that says so', async () => {
    const session = fakeSession(new Promise(() => undefined));
    const call = await openLiveCall(
      camera(async () => session),
      { ticketTimeoutMs: 1000, answerTimeoutMs: 50 },
    );
    await expect(call.answered).rejects.toThrow('Ring did not answer the live view request within 0 s');
    const reasons: string[] = [];
    call.ended$.subscribe((reason) => reasons.push(reason));
    expect(reasons).toEqual(['Ring did not answer the live view request within 0 s']);
    expect(session.stops).toBe(1);
  });

  test('the signalling closing before the answer is named as such', async () => {
    const session = fakeSession(new Promise(() => undefined));
    const call = await openLiveCall(
      camera(async () => session),
      { ticketTimeoutMs: 1000, answerTimeoutMs: 5000 },
    );
    session.onCallEnded.next();
    await expect(call.answered).rejects.toThrow('the signalling connection closed before the camera answered');
  });

  test('a refused ticket names the HTTP status; a ticket that comes too late is ended at once', async () => {
    const refused = Object.assign(new Error('Request failed'), { response: { status: 500 } });
    await expect(
      openLiveCall(
        camera(() => Promise.reject(refused)),
        { ticketTimeoutMs: 1000, answerTimeoutMs: 1000 },
      ),
    ).rejects.toThrow('Ring refused the live view ticket (HTTP 500)');
    const late = fakeSession(new Promise(() => undefined));
    let deliver!: (value: unknown) => void;
    const opening = openLiveCall(
      camera(() => new Promise((resolve) => (deliver = resolve))),
      { ticketTimeoutMs: 20, answerTimeoutMs: 1000 },
    );
    await expect(opening).rejects.toThrow('Ring did not hand out a live view ticket within 0 s');
    deliver(late);
    await new Promise((resolve) => setImmediate(resolve));
    expect(late.stops).toBe(1);
  });
});
