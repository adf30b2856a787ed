/**
 * Dings and motion reach ring-client-api through `@eneris/push-receiver` (FCM over TLS to
 * mtalk.google.com). RingApi does, in order (api.js `registerPushReceiver`):
 *   new PushReceiver(...) → pushReceiver.onCredentialsChanged(listener) → await pushReceiver.connect()
 *   → pushReceiver.onNotification(listener)   (messages in the first 2 s after connect are ignored)
 * `connect` is an instance field, so the prototype's `onCredentialsChanged` is patched to swap the
 * instance's `connect`/`destroy` for ones that talk to the emulator's `/_push` WebSocket
 * (protocol in test/emulator/push-hub.ts): credentials are emitted once (RingApi then registers
 * the push token with `PATCH /clients_api/device`), and every notification is emitted as
 * `ON_MESSAGE_RECEIVED`, the event `onNotification` listens to (client.js).
 * The socket is unref'd: RingApi never destroys its receiver, and it must not keep a process alive.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { frameText } from '../support/ws-text.js';
import { reportBlocked } from './socket-guard.js';

/** The instance surface of @eneris/push-receiver's PushReceiver used here (client.js / emitter.js). */
export interface PushReceiverInstance {
  connect: () => Promise<void>;
  destroy: () => void;
  emit(event: string, ...args: unknown[]): void;
  readonly fcmToken?: string;
  persistentIds: string[];
}

export interface PushReceiverClass {
  prototype: { onCredentialsChanged: (this: PushReceiverInstance, listener: (...args: unknown[]) => void) => () => void };
}

interface RedirectConfig {
  /** `ws://127.0.0.1:<port>/_push`, or undefined to keep receivers silent (no emulator). */
  pushUrl?: string;
}

const configKey = Symbol.for('trygr.ringRedirect.pushConfig');
/**
 * Every redirected receiver of this process, weakly: the soak probe counts the persistent ids they
 * keep (the real receiver keeps one per message until its next FCM login, and so does this one).
 */
export const receiversKey = Symbol.for('trygr.ringRedirect.receivers');
type PatchedPrototype = PushReceiverClass['prototype'] & { [configKey]?: RedirectConfig };

const maxRetrySeconds = 15;

/** Credentials shaped like the receiver's own (client.js `registerIfNeeded`), with no real secrets. */
function emulatedCredentials(): Record<string, unknown> {
  const token = `emulated-fcm-${randomUUID()}`;
  return {
    keys: { privateKey: 'emulated', publicKey: 'emulated', authSecret: 'emulated' },
    gcm: { androidId: '1', securityToken: '1' },
    fcm: { token, installation: { token: 'emulated', createdAt: Date.now(), expiresIn: 604_800_000, refreshToken: 'emulated', fid: 'emulated' } },
    config: { bundleId: 'receiver.push.com', projectId: 'ring-17770', vapidKey: '' },
  };
}

function unrefConnection(options: net.NetConnectOpts): net.Socket {
  const socket = net.connect(options);
  socket.unref();
  return socket;
}

function redirectInstance(receiver: PushReceiverInstance, config: RedirectConfig): void {
  const registry = globalThis as unknown as Record<symbol, Set<WeakRef<PushReceiverInstance>> | undefined>;
  (registry[receiversKey] ??= new Set()).add(new WeakRef(receiver));
  let socket: WebSocket | undefined;
  let token = receiver.fcmToken;
  let stopped = false;
  let attempts = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let whenOpen: Promise<void> | undefined;

  const onFrame = (raw: WebSocket.RawData): void => {
    let frame: { type?: string; id?: number; persistentId?: string; message?: unknown };
    try {
      frame = JSON.parse(frameText(raw)) as typeof frame;
    } catch {
      return;
    }
    if (frame.type === 'shutdown') {
      stopped = true;
    } else if (frame.type === 'notification') {
      if (frame.persistentId) receiver.persistentIds.push(frame.persistentId);
      receiver.emit('ON_MESSAGE_RECEIVED', { message: frame.message, persistentId: frame.persistentId });
      socket?.send(JSON.stringify({ type: 'ack', id: frame.id }));
    }
  };

  const open = (pushUrl: string, onOpen: () => void): void => {
    const ws = new WebSocket(pushUrl, { createConnection: unrefConnection } as WebSocket.ClientOptions);
    socket = ws;
    ws.on('open', () => {
      attempts = 0;
      ws.send(JSON.stringify({ type: 'hello', token }));
      receiver.emit('ON_CONNECT');
      receiver.emit('ON_READY');
      onOpen();
    });
    ws.on('message', onFrame);
    ws.on('error', () => undefined); // 'close' follows and schedules the retry
    ws.on('close', () => {
      if (socket === ws) socket = undefined;
      // As the real receiver does when its socket closes (client.js #handleSocketClose).
      receiver.emit('ON_DISCONNECT');
      if (stopped) return;
      attempts += 1;
      retryTimer = setTimeout(() => open(pushUrl, onOpen), Math.min(attempts, maxRetrySeconds) * 1000);
      retryTimer.unref();
    });
  };

  receiver.connect = () => {
    if (!config.pushUrl) {
      reportBlocked({ host: 'mtalk.google.com', port: 5228, via: 'push' });
      return new Promise<void>(() => undefined); // like an FCM server that never answers, minus the retries
    }
    if (!token) {
      const newCredentials = emulatedCredentials();
      token = (newCredentials.fcm as { token: string }).token;
      receiver.emit('ON_CREDENTIALS_CHANGE', { oldCredentials: undefined, newCredentials });
    }
    const pushUrl = config.pushUrl;
    whenOpen ??= new Promise<void>((resolve) => open(pushUrl, resolve));
    return whenOpen;
  };

  receiver.destroy = () => {
    stopped = true;
    clearTimeout(retryTimer);
    socket?.close();
    socket = undefined;
  };
}

/** Patches the class once per module copy; later calls only re-target the push URL. */
export function installPushRedirect(PushReceiver: PushReceiverClass, pushUrl: string | undefined): void {
  const prototype = PushReceiver.prototype as PatchedPrototype;
  const existing = prototype[configKey];
  if (existing) {
    existing.pushUrl = pushUrl;
    return;
  }
  const config: RedirectConfig = { pushUrl };
  prototype[configKey] = config;
  const original = prototype.onCredentialsChanged;
  const redirected = new WeakSet<object>();
  prototype.onCredentialsChanged = function onCredentialsChanged(listener) {
    const dispose = original.call(this, listener);
    if (!redirected.has(this)) {
      redirected.add(this);
      redirectInstance(this, config);
    }
    return dispose;
  };
}
