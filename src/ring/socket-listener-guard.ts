import type { PluginLog } from './ring-log.js';
import { comesFromPackages } from './rejection-origin.js';
import { ringPackageRoots } from './rejection-guard.js';
import { scrub } from './log-scrub.js';
import { ringRequire } from './ring-dependency.js';

type Listener = (this: unknown, ...args: unknown[]) => unknown;
interface ListenerTarget {
  addEventListener(type: string, listener: unknown, options?: unknown): void;
  removeEventListener(type: string, listener: unknown, options?: unknown): void;
}

/**
 * ring-client-api reconnects its Ring Alarm WebSocket from the socket's own `close` and `error`
 * listeners, and returns the reconnect's promise from them. When the reconnect fails (Ring's ticket
 * endpoint down, a refused sign-in), that promise rejects inside an EventTarget listener, and Node
 * turns such a rejection into an uncaught exception: Homebridge exits. Listeners that ring-client-api
 * itself registers on undici's WebSocket get their rejections logged instead; nobody else's change.
 */
export function guardRingSocketListeners(
  log: PluginLog,
  target: ListenerTarget | undefined = ringWebSocketPrototype(),
  ringRoots: readonly string[] = ringPackageRoots(),
): void {
  if (!target || guarded.has(target)) return;
  guarded.add(target);
  const wrappedOf = new WeakMap<object, Listener>();
  const add = target.addEventListener;
  const remove = target.removeEventListener;
  target.addEventListener = function (this: unknown, type: string, listener: unknown, options?: unknown): void {
    if (typeof listener === 'function' && comesFromPackages({ stack: new Error().stack }, ringRoots)) {
      let wrapped = wrappedOf.get(listener);
      if (!wrapped) {
        wrapped = function (this: unknown, ...args: unknown[]): unknown {
          const result = (listener as Listener).apply(this, args);
          if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
            // Handing the rejecting promise back would let the EventTarget raise it as uncaught.
            return Promise.resolve(result).then(undefined, (error: unknown) => {
              log.warn(
                `The Ring Alarm connection could not be re-established (${scrub(error instanceof Error ? error.message : String(error))}); alarm devices may not update until it is.`,
              );
            });
          }
          return result;
        };
        wrappedOf.set(listener, wrapped);
      }
      add.call(this, type, wrapped, options);
      return;
    }
    add.call(this, type, listener, options);
  };
  target.removeEventListener = function (this: unknown, type: string, listener: unknown, options?: unknown): void {
    remove.call(this, type, (typeof listener === 'function' && wrappedOf.get(listener)) || listener, options);
  };
}

const guarded = new WeakSet<object>();

/** The WebSocket class ring-client-api imports (undici, resolved from the library's own folder). */
function ringWebSocketPrototype(): ListenerTarget | undefined {
  try {
    return (ringRequire()('undici') as { WebSocket?: { prototype: ListenerTarget } }).WebSocket?.prototype;
  } catch {
    return undefined;
  }
}
