/**
 * Helpers for tests that drive the real ring-client-api against the emulator in-process.
 */
import { RingApi, type RingApiOptions } from 'ring-client-api';
import { startRingCloud, type RingCloud, type RingCloudOptions } from './index.js';
import { installRingRedirect, type RingRedirect } from '../redirect/install.js';

export interface CloudSession {
  cloud: RingCloud;
  redirect: RingRedirect;
  api: RingApi;
}

/** Starts an emulator, points this test context at it and creates a RingApi with a fresh token. */
export async function startCloudSession(cloudOptions: RingCloudOptions = {}, apiOptions: Partial<RingApiOptions> = {}): Promise<CloudSession> {
  const cloud = await startRingCloud({ quiet: true, ...cloudOptions });
  const redirect = installRingRedirect(cloud.url);
  const api = new RingApi({ systemId: 'trygr-emulator-test', ...apiOptions, refreshToken: cloud.mintRefreshToken() });
  return { cloud, redirect, api };
}

/**
 * `RingApi.disconnect()` returns early when `getLocations()` was never called, leaving the rest
 * client's timers (the 12 h session refresh, the token-expiry timer) running; clear them too.
 */
export function disconnectRingApi(api: RingApi): void {
  api.disconnect();
  api.restClient.clearTimeouts();
}

/**
 * Disconnects the library first (so it does not start reconnecting to a closed emulator), gives
 * its asynchronous location teardown a moment, then closes the emulator.
 */
export async function stopCloudSession(session: Partial<CloudSession> | undefined): Promise<void> {
  if (session?.api) disconnectRingApi(session.api);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await session?.cloud?.close();
}

/**
 * ring-client-api clears an active ding/motion after 65 s with a plain `setTimeout` it never
 * cancels (ring-camera.js `processPushNotification`), which would keep Jest alive for a minute
 * after the last test. This wraps the test context's `setTimeout` (the one the library's modules
 * see) to remember such long timers so `clear()` can cancel them in afterAll; shorter timers are
 * untouched and no timer is faked.
 */
export function trackLongTimers(minimumMs = 60_000): { clear(): void; count(): number } {
  const original = globalThis.setTimeout;
  const long = new Set<ReturnType<typeof setTimeout>>();
  const tracking = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = original(callback, ms, ...args);
    if ((ms ?? 0) >= minimumMs) long.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(tracking, original);
  return {
    clear() {
      long.forEach((timer) => clearTimeout(timer));
      long.clear();
      globalThis.setTimeout = original;
    },
    count: () => long.size,
  };
}

/** Resolves with the first value an observable-like emits that passes `predicate`. */
export function nextValue<T>(source: { subscribe(observer: (value: T) => void): { unsubscribe(): void } }, predicate: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    // Only read in a microtask, so after subscribe() has returned even when it emits at once.
    const subscription = source.subscribe((value) => {
      if (done || !predicate(value)) return;
      done = true;
      resolve(value);
      queueMicrotask(() => subscription?.unsubscribe());
    });
    if (done) queueMicrotask(() => subscription?.unsubscribe());
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
