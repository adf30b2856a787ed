/**
 * The push receiver's id list stays bounded and keeps the newest ids, whatever the number of pushes.
 * The fake receiver appends and emits the way @eneris/push-receiver's client.js does
 * (`persistentIds.push(id)`, then `ON_MESSAGE_RECEIVED`), including its duplicate check.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { EventEmitter } from 'node:events';
import { capPushReceiverIds, pushIdsToDrop, type PushReceiverClass } from './push-id-cap.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function fakeReceiverClass() {
  class Receiver {
    readonly events = new EventEmitter();
    persistentIds: string[] = [];
    delivered: string[] = [];
    onNotification(listener: (message: { persistentId: string }) => void): () => void {
      this.events.on('ON_MESSAGE_RECEIVED', listener);
      return () => this.events.off('ON_MESSAGE_RECEIVED', listener);
    }
    receive(persistentId: string): void {
      if (this.persistentIds.includes(persistentId)) return;
      this.persistentIds.push(persistentId);
      this.events.emit('ON_MESSAGE_RECEIVED', { persistentId });
    }
  }
  return Receiver;
}

describe('pushIdsToDrop', () => {
  test('nothing below twice the kept count, back to the kept count at it', () => {
    expect([0, 1, 9, 19].map((length) => pushIdsToDrop(length, 10))).toEqual([0, 0, 0, 0]);
    expect([20, 21, 35].map((length) => pushIdsToDrop(length, 10))).toEqual([10, 11, 25]);
  });
});

describe('capPushReceiverIds', () => {
  test('any number of pushes: the list stays under twice the kept count and holds the newest ids in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 400 }), (keep, pushes) => {
        const Receiver = fakeReceiverClass();
        expect(capPushReceiverIds(silent, Receiver as unknown as PushReceiverClass, keep)).toBe('capped');
        const receiver = new Receiver();
        receiver.onNotification((message) => receiver.delivered.push(message.persistentId));
        const sent: string[] = [];
        for (let n = 0; n < pushes; n++) {
          sent.push(`0:${n}%1`);
          receiver.receive(`0:${n}%1`);
          expect(receiver.persistentIds.length).toBeLessThan(keep * 2);
        }
        expect(receiver.delivered).toEqual(sent);
        expect(receiver.persistentIds).toEqual(sent.slice(sent.length - receiver.persistentIds.length));
        expect(receiver.persistentIds.length).toBeGreaterThanOrEqual(Math.min(pushes, keep));
      }),
    );
  });

  test('a push delivered again among the newest ids is still dropped as a duplicate', () => {
    const Receiver = fakeReceiverClass();
    capPushReceiverIds(silent, Receiver as unknown as PushReceiverClass, 5);
    const receiver = new Receiver();
    receiver.onNotification((message) => receiver.delivered.push(message.persistentId));
    for (let n = 0; n < 23; n++) receiver.receive(`id-${n}`);
    receiver.receive('id-22');
    receiver.receive('id-18');
    expect(receiver.delivered.filter((id) => id === 'id-22' || id === 'id-18')).toEqual(['id-18', 'id-22']);
  });

  test('patched once per class; a second listener on a receiver adds no second trim', () => {
    const Receiver = fakeReceiverClass();
    expect(capPushReceiverIds(silent, Receiver as unknown as PushReceiverClass, 3)).toBe('capped');
    expect(capPushReceiverIds(silent, Receiver as unknown as PushReceiverClass, 3)).toBe('already capped');
    const receiver = new Receiver();
    const dispose = receiver.onNotification(() => undefined);
    receiver.onNotification(() => undefined);
    // two listeners of the caller plus one trim
    expect(receiver.events.listenerCount('ON_MESSAGE_RECEIVED')).toBe(3);
    expect(typeof dispose).toBe('function');
  });

  test('a receiver of another shape is left alone, and says so at debug level', () => {
    const lines: string[] = [];
    const log = { ...silent, debug: (line: string) => lines.push(line) };
    expect(capPushReceiverIds(log, null)).toBe('not available');
    expect(capPushReceiverIds(log, { prototype: {} })).toBe('not available');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/push receiver/);

    const Receiver = fakeReceiverClass();
    capPushReceiverIds(silent, Receiver as unknown as PushReceiverClass, 2);
    const receiver = new Receiver();
    receiver.onNotification(() => undefined);
    (receiver as unknown as { persistentIds: unknown }).persistentIds = 'not a list';
    expect(() => receiver.events.emit('ON_MESSAGE_RECEIVED', { persistentId: 'x' })).not.toThrow();
  });
});
