import { map, Observable, Subject } from 'rxjs';
import type { RingIntercom } from 'ring-client-api';
import { readIntercomDing } from './notifications.js';

/**
 * Intercom presses with their ding ids. ring-client-api's `RingIntercom.onDing` says only that a
 * press happened: the notification, and with it the ding id that push de-duplication needs (Ring
 * sends some presses twice), is dropped on the way. The library hands each push to the device's
 * `processPushNotification`, so that is where the notification is read: the method is wrapped
 * once per intercom, calls the library's own after, and `onDing` keeps working for anyone else.
 *
 * A library without that method (or a stand-in) gives the presses of `onDing`, without ids.
 */
export interface IntercomDing {
  dingId?: string;
}

type WithPushes = { processPushNotification?: (notification: unknown) => void };

const tapped = new WeakMap<object, Subject<IntercomDing>>();

export function intercomDings(intercom: Pick<RingIntercom, 'onDing'>): Observable<IntercomDing> {
  const target = intercom as typeof intercom & WithPushes;
  const original = target.processPushNotification;
  if (typeof original !== 'function') return intercom.onDing.pipe(map(() => ({})));
  let dings = tapped.get(target);
  if (!dings) {
    const subject = new Subject<IntercomDing>();
    dings = subject;
    tapped.set(target, subject);
    target.processPushNotification = function (this: unknown, notification: unknown): void {
      const ding = readIntercomDing(notification);
      if (ding) subject.next(ding);
      original.call(target, notification);
    };
  }
  return dings.asObservable();
}
