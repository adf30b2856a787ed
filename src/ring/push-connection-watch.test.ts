/**
 * The connection watch sees a receiver's events through the prototype ring-client-api calls,
 * and reports only the newest receiver's.
 */
import { describe, expect, test } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { stopNewestPushReceiver, watchPushConnection, type PushConnectionEvent } from './push-connection-watch.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function fakeReceiverClass() {
  class Receiver {
    readonly events = new EventEmitter();
    on(event: string, listener: () => void): () => void {
      this.events.on(event, listener);
      return () => this.events.off(event, listener);
    }
    onCredentialsChanged(listener: () => void): () => void {
      return this.on('ON_CREDENTIALS_CHANGE', listener);
    }
  }
  return Receiver;
}

describe('watchPushConnection', () => {
  test('connect, heartbeat and disconnect of the newest receiver are reported; an older one is ignored', () => {
    const Receiver = fakeReceiverClass();
    const seen: PushConnectionEvent[] = [];
    const stop = watchPushConnection(silent, (event) => seen.push(event), Receiver);
    expect(stop).toBeDefined();
    const first = new Receiver();
    first.onCredentialsChanged(() => undefined);
    first.events.emit('ON_CONNECT');
    first.events.emit('ON_HEARTBEAT');
    first.events.emit('ON_DISCONNECT');
    expect(seen).toEqual(['connected', 'heartbeat', 'disconnected']);

    const second = new Receiver();
    second.onCredentialsChanged(() => undefined);
    // Called twice on one receiver: its events still come once.
    second.onCredentialsChanged(() => undefined);
    second.events.emit('ON_READY');
    first.events.emit('ON_CONNECT');
    expect(seen).toEqual(['connected', 'heartbeat', 'disconnected', 'connected']);

    stop?.();
    second.events.emit('ON_DISCONNECT');
    expect(seen).toHaveLength(4);
  });

  test('an unexpected receiver is not watched', () => {
    expect(watchPushConnection(silent, () => undefined, { prototype: {} })).toBeUndefined();
    expect(watchPushConnection(silent, () => undefined, null)).toBeUndefined();
  });

  test('the original method still runs and its result is returned', () => {
    const Receiver = fakeReceiverClass();
    watchPushConnection(silent, () => undefined, Receiver);
    watchPushConnection(silent, () => undefined, Receiver);
    const receiver = new Receiver();
    let credentials = 0;
    const dispose = receiver.onCredentialsChanged(() => credentials++);
    receiver.events.emit('ON_CREDENTIALS_CHANGE');
    dispose();
    receiver.events.emit('ON_CREDENTIALS_CHANGE');
    expect(credentials).toBe(1);
  });

  test('stopping the newest receiver destroys it, silences its events, and the next receiver is watched', () => {
    const Receiver = fakeReceiverClass();
    expect(stopNewestPushReceiver(Receiver)).toBe(false);
    const seen: PushConnectionEvent[] = [];
    watchPushConnection(silent, (event) => seen.push(event), Receiver);
    expect(stopNewestPushReceiver(Receiver)).toBe(false);
    const first = Object.assign(new Receiver(), { destroyed: 0, destroy: () => first.destroyed++, whenReady: Promise.reject(new Error('Client destroyed')) });
    first.onCredentialsChanged(() => undefined);
    expect(stopNewestPushReceiver(Receiver)).toBe(true);
    expect(first.destroyed).toBe(1);
    first.events.emit('ON_DISCONNECT');
    expect(seen).toEqual([]);
    expect(stopNewestPushReceiver(Receiver)).toBe(false);
    const second = new Receiver();
    second.onCredentialsChanged(() => undefined);
    second.events.emit('ON_CONNECT');
    expect(seen).toEqual(['connected']);
    // One without destroy() is only forgotten.
    expect(stopNewestPushReceiver(Receiver)).toBe(true);
  });
});
