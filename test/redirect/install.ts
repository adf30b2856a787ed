/**
 * Points the unmodified ring-client-api at the Ring cloud emulator, from outside the product code:
 * - REST: the global `fetch` rewrites Ring URLs to the emulator (fetch-redirect.ts),
 * - location WebSocket: undici's global dispatcher connects Ring hosts to the emulator (dispatcher-redirect.ts),
 * - push notifications: @eneris/push-receiver talks to the emulator's `/_push` (push-redirect.ts),
 * - STUN server names: resolved to a local STUN responder, or failing at once (stun-redirect.ts),
 * - everything else: any connection to a non-loopback host fails at once, naming the host (socket-guard.ts).
 *
 * undici and @eneris/push-receiver are loaded through a `require` rooted at ring-client-api's own
 * entry point, so the patches hit the copies the library uses. Under Jest (ESM, vm context)
 * `createRequire` from `node:module` is Jest's, so the same holds for Jest's module registry, and
 * `globalThis` is the test context's global.
 *
 * Without a cloud URL nothing is redirected and every non-loopback connection is still refused.
 */
import { createRequire } from 'node:module';
import { installSocketGuard, blockedAttempts, type BlockedAttempt } from './socket-guard.js';
import { installFetchRedirect } from './fetch-redirect.js';
import { installDispatcherRedirect, type UndiciModule } from './dispatcher-redirect.js';
import { installPushRedirect, type PushReceiverClass } from './push-redirect.js';
import { installStunRedirect } from './stun-redirect.js';

export interface RingRedirect {
  cloudUrl: string | undefined;
  /** Connections and requests refused so far in this process (any test file). */
  blocked(): BlockedAttempt[];
  /** Restores this context's `fetch` (the dispatcher, push and socket patches stay). */
  restoreFetch(): void;
}

/** `require` as seen from ring-client-api's entry point. */
export function ringClientApiRequire(): NodeJS.Require {
  const ownRequire = createRequire(import.meta.url);
  return createRequire(ownRequire.resolve('ring-client-api'));
}

export function pushUrlFor(cloudUrl: string): string {
  const url = new URL(cloudUrl);
  return `ws://${url.host}/_push`;
}

export interface RingRedirectOptions {
  /** Where STUN server names resolve (a local STUN responder, e.g. 127.0.0.1); unset: they fail at once. */
  stunAddress?: string;
}

export function installRingRedirect(cloudUrl?: string, options: RingRedirectOptions = {}): RingRedirect {
  if (cloudUrl !== undefined) {
    const parsed = new URL(cloudUrl);
    if (parsed.protocol !== 'http:') throw new Error(`Ring cloud URL must be http://127.0.0.1:<port>, got protocol ${parsed.protocol}`);
  }
  installSocketGuard();
  installStunRedirect(options.stunAddress);
  const ringRequire = ringClientApiRequire();
  const undici = ringRequire('undici') as UndiciModule;
  const pushReceiverModule = ringRequire('@eneris/push-receiver') as { PushReceiver: PushReceiverClass };
  const restoreFetch = installFetchRedirect(globalThis, cloudUrl);
  installDispatcherRedirect(undici, cloudUrl);
  installPushRedirect(pushReceiverModule.PushReceiver, cloudUrl ? pushUrlFor(cloudUrl) : undefined);
  return { cloudUrl, blocked: blockedAttempts, restoreFetch };
}
