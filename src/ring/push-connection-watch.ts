import type { PluginLog } from './ring-log.js';
import { ringRequire } from './ring-dependency.js';

/**
 * ring-client-api creates its push receiver (@eneris/push-receiver) as a local variable and
 * exposes nothing of its connection. The receiver class emits ON_CONNECT / ON_READY,
 * ON_DISCONNECT and ON_HEARTBEAT on itself, though, and ring-client-api calls the receiver's
 * `onCredentialsChanged` once, right before `connect()`: wrapping that prototype method lets the
 * plugin listen on each receiver without touching ring-client-api.
 *
 * A new sign-in makes a new receiver and the old one is never destroyed, so only the newest
 * receiver's events are reported.
 */
export type PushConnectionEvent = 'connected' | 'disconnected' | 'heartbeat';
export type PushConnectionListener = (event: PushConnectionEvent) => void;

interface ReceiverInstance {
  on?: (event: string, listener: () => void) => unknown;
}
export interface WatchedReceiverClass {
  prototype: { onCredentialsChanged?: unknown };
}

const EVENTS: Array<[string, PushConnectionEvent]> = [
  ['ON_CONNECT', 'connected'],
  ['ON_READY', 'connected'],
  ['ON_DISCONNECT', 'disconnected'],
  ['ON_HEARTBEAT', 'heartbeat'],
];

interface WatchState {
  listeners: Set<PushConnectionListener>;
  newest?: object;
  seen: WeakSet<object>;
}
const watched = new WeakMap<object, WatchState>();

/**
 * Calls `listener` with the newest receiver's connection events; returns a function that stops
 * it, or undefined when the receiver is not the one this version expects (connection state is
 * then not observable).
 */
export function watchPushConnection(
  log: PluginLog,
  listener: PushConnectionListener,
  receiverClass: WatchedReceiverClass | null = ringPushReceiverClass(),
): (() => void) | undefined {
  const prototype = receiverClass?.prototype;
  if (!prototype || typeof prototype.onCredentialsChanged !== 'function') {
    log.debug('The push receiver is not the one this version expects; its connection is not watched.');
    return undefined;
  }
  let state = watched.get(prototype);
  if (!state) {
    const created: WatchState = { listeners: new Set(), seen: new WeakSet() };
    state = created;
    watched.set(prototype, created);
    const original = prototype.onCredentialsChanged as (this: ReceiverInstance, ...args: unknown[]) => unknown;
    prototype.onCredentialsChanged = function onCredentialsChanged(this: ReceiverInstance, ...args: unknown[]): unknown {
      const dispose = original.apply(this, args);
      if (!created.seen.has(this) && typeof this.on === 'function') {
        created.seen.add(this);
        created.newest = this;
        for (const [name, event] of EVENTS) {
          // An arrow function: `this` stays the receiver.
          this.on(name, () => {
            if (created.newest === this) created.listeners.forEach((notify) => notify(event));
          });
        }
      }
      return dispose;
    };
  }
  const listeners = state.listeners;
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function ringPushReceiverClass(): WatchedReceiverClass | null {
  try {
    return (ringRequire()('@eneris/push-receiver') as { PushReceiver?: WatchedReceiverClass }).PushReceiver ?? null;
  } catch {
    return null;
  }
}

interface StoppableReceiver {
  destroy?: () => void;
  whenReady?: Promise<unknown>;
}

/**
 * Destroys the newest receiver before a recovery registers a new one (ring-client-api never
 * destroys its receivers, and two live ones would deliver every push twice). Its events stop
 * being reported at once, so its closing does not show as a drop. False when there is none.
 */
export function stopNewestPushReceiver(receiverClass: WatchedReceiverClass | null = ringPushReceiverClass()): boolean {
  const state = receiverClass ? watched.get(receiverClass.prototype) : undefined;
  const receiver = state?.newest as StoppableReceiver | undefined;
  if (!state || !receiver) return false;
  state.newest = undefined;
  try {
    // destroy() rejects a readiness promise that never resolved; nobody else may be listening.
    receiver.whenReady?.catch(() => undefined);
    receiver.destroy?.();
  } catch {
    // A receiver that cannot be destroyed is left to itself; the new one still takes over.
  }
  return true;
}
