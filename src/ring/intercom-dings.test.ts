/**
 * Intercom presses keep their ding ids: the tap on the intercom's push handler reads each press
 * (and only presses), the library's own handler still runs (its `onDing` fires), the handler is
 * wrapped once however many accessories ask, and without the handler `onDing` is used.
 */
import { describe, expect, test } from '@jest/globals';
import { Subject } from 'rxjs';
import { intercomDings, type IntercomDing } from './intercom-dings.js';

const press = (id: unknown) => ({ android_config: { category: 'com.ring.pn.live-event.intercom' }, data: { event: { ding: { id } } } });
const unlock = { data: { gcmData: { action: 'com.ring.pn.intercom.unlock' } } };

/** Like ring-client-api's RingIntercom: a prototype method that turns a press into onDing. */
class LibraryIntercom {
  readonly onDing = new Subject<void>();
  handled = 0;
  processPushNotification(notification: unknown): void {
    this.handled++;
    const category = (notification as { android_config?: { category?: string } }).android_config?.category;
    if (category === 'com.ring.pn.live-event.intercom') this.onDing.next();
  }
}

describe('intercomDings', () => {
  test('a press comes with its ding id, the library still handles every push, and its onDing still fires', () => {
    const intercom = new LibraryIntercom();
    const seen: IntercomDing[] = [];
    const library: number[] = [];
    intercomDings(intercom).subscribe((ding) => seen.push(ding));
    intercom.onDing.subscribe(() => library.push(1));
    intercom.processPushNotification(press('7001'));
    intercom.processPushNotification(unlock);
    intercom.processPushNotification(press(7002n));
    intercom.processPushNotification(press(undefined));
    expect(seen).toEqual([{ dingId: '7001' }, { dingId: '7002' }, {}]);
    expect(intercom.handled).toBe(4);
    expect(library).toHaveLength(3);
  });

  test('asked twice (an accessory rebuilt), the handler is wrapped once: each press is seen once per subscriber', () => {
    const intercom = new LibraryIntercom();
    const first: IntercomDing[] = [];
    const second: IntercomDing[] = [];
    intercomDings(intercom).subscribe((ding) => first.push(ding));
    intercomDings(intercom).subscribe((ding) => second.push(ding));
    intercom.processPushNotification(press('1'));
    expect(first).toEqual([{ dingId: '1' }]);
    expect(second).toEqual([{ dingId: '1' }]);
    expect(intercom.handled).toBe(1);
  });

  test('an intercom without the push handler: presses from onDing, without ids', () => {
    const onDing = new Subject<void>();
    const seen: IntercomDing[] = [];
    intercomDings({ onDing }).subscribe((ding) => seen.push(ding));
    onDing.next();
    expect(seen).toEqual([{}]);
  });
});
