import type { RingApi, RingCamera, RingIntercom } from 'ring-client-api';
import { stopNewestPushReceiver } from './push-connection-watch.js';
import type { RecoveryKind } from './push-recovery-policy.js';

/**
 * Restarts ring-client-api's push receiver without restarting anything else. `registerPushReceiver`
 * is what RingApi itself runs once after listing the locations: a new receiver for the same
 * cameras and intercoms, whose pushes reach the same device objects (and so the same accessories).
 * It is private in the library's types, hence the cast; a version without it is reported as false.
 *
 * `fresh-registration` forgets the push credentials first, so the new receiver registers a new
 * FCM token with Ring. ring-client-api keeps the credentials in the refresh token's payload: both
 * the clearing and the new credentials come out as token rotations, which the token store saves.
 */
interface PushInternals {
  registerPushReceiver?: (cameras: RingCamera[], intercoms: RingIntercom[]) => Promise<void>;
  restClient: { _internalOnly_pushNotificationCredentials?: unknown };
}

export function restartPushReceiver(
  api: RingApi,
  cameras: RingCamera[],
  intercoms: RingIntercom[],
  kind: RecoveryKind,
  stopOld: () => boolean = stopNewestPushReceiver,
): boolean {
  const internals = api as unknown as PushInternals;
  if (typeof internals.registerPushReceiver !== 'function') return false;
  stopOld();
  if (kind === 'fresh-registration') {
    try {
      internals.restClient._internalOnly_pushNotificationCredentials = undefined;
    } catch {
      // Without a refresh token in memory there is nothing to clear; the restart still happens.
    }
  }
  // Not awaited: the receiver's connect() waits for FCM, which may be down; the watch reports how it goes.
  internals.registerPushReceiver.call(api, cameras, intercoms).catch(() => undefined);
  return true;
}
