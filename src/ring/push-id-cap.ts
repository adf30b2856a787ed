import type { PluginLog } from './ring-log.js';
import { ringRequire } from './ring-dependency.js';

/**
 * @eneris/push-receiver (ring-client-api's FCM client) remembers the persistent id of every push it
 * has received, to drop one that FCM delivers twice. It means to empty that list at each FCM login,
 * but after the first login it empties a different array than the one it appends to, so the list
 * grows by one string per push for as long as Homebridge runs (about 8 MB per 200,000 pushes, and
 * each push's duplicate check scans all of it). The receiver is a local variable inside
 * ring-client-api, so the list is trimmed from the receiver's own notification event instead.
 *
 * A duplicate arrives right after the original (a redelivery after a reconnect), so the newest
 * thousand ids keep the duplicate check doing its job.
 */
export const KEPT_PUSH_IDS = 1000;

/**
 * How many of the oldest ids to drop from a list of `length`. The list is trimmed back to `keep`
 * only once it holds twice that, so most pushes cost no copy.
 */
export function pushIdsToDrop(length: number, keep: number): number {
  return length >= keep * 2 ? length - keep : 0;
}

type NotificationListener = (...args: unknown[]) => void;
interface ReceiverInstance {
  persistentIds?: unknown;
}
interface ReceiverPrototype {
  onNotification?: unknown;
}
export interface PushReceiverClass {
  prototype: ReceiverPrototype;
}

export type PushIdCapOutcome = 'capped' | 'already capped' | 'not available';

const cappedPrototypes = new WeakSet<object>();

/**
 * Patches the receiver class so each receiver trims its id list after every push. Only
 * `onNotification`, which ring-client-api calls once per receiver, is wrapped; the receiver's own
 * listener is added beside ring-client-api's, after it.
 */
export function capPushReceiverIds(log: PluginLog, receiverClass: PushReceiverClass | null = ringPushReceiverClass(), keep = KEPT_PUSH_IDS): PushIdCapOutcome {
  const prototype = receiverClass?.prototype;
  const original = prototype?.onNotification;
  if (!prototype || typeof original !== 'function') {
    log.debug('The push receiver is not the one this version expects; its list of received push ids is left as it is.');
    return 'not available';
  }
  if (cappedPrototypes.has(prototype)) return 'already capped';
  cappedPrototypes.add(prototype);
  const watched = new WeakSet<object>();
  prototype.onNotification = function onNotification(this: ReceiverInstance, listener: NotificationListener): unknown {
    const dispose: unknown = (original as (this: ReceiverInstance, listener: NotificationListener) => unknown).call(this, listener);
    if (!watched.has(this)) {
      watched.add(this);
      (original as (this: ReceiverInstance, listener: NotificationListener) => unknown).call(this, () => trimIds(this, keep));
    }
    return dispose;
  };
  return 'capped';
}

function trimIds(receiver: ReceiverInstance, keep: number): void {
  const ids = receiver.persistentIds;
  if (!Array.isArray(ids)) return;
  const drop = pushIdsToDrop(ids.length, keep);
  // In place: the receiver's duplicate check reads this very array.
  if (drop > 0) ids.splice(0, drop);
}

function ringPushReceiverClass(): PushReceiverClass | null {
  try {
    return (ringRequire()('@eneris/push-receiver') as { PushReceiver?: PushReceiverClass }).PushReceiver ?? null;
  } catch {
    return null;
  }
}
