/**
 * Stand-in for FCM: the redirected push receiver in the library's process (see
 * test/redirect/push-redirect.ts) connects to `ws://127.0.0.1:<port>/_push` and the emulator sends
 * dings and motion events to every connected client.
 *
 * Frames (JSON text):
 *   client → emulator  {"type":"hello","token":"<fcm token>"}     once, right after open
 *   emulator → client  {"type":"notification","id":7,"persistentId":"...","message":{"data":{...strings}}}
 *   client → emulator  {"type":"ack","id":7}                      after handing it to the library
 *   emulator → client  {"type":"shutdown"}                        the emulator is closing: do not reconnect
 *
 * ring-client-api ignores notifications that arrive in the first 2 s after its receiver connected,
 * so delivery waits until every connected client is past that window.
 *
 * Faults Ring's push service shows: a message sent twice (same content, a new persistent id, as
 * when Ring sends one ding twice), messages dropped silently (all, a fraction, or one camera's)
 * while the connection stays open, messages delayed, connections closed without notice (the
 * receiver reconnects on its own), and a registration Ring stopped delivering to (dgreif/ring #933): the
 * connections open now (scope `connections`), or every connection with their push tokens, now or
 * later (scope `tokens`), hear nothing more, while a new connection (or a new token) does.
 */
import type { WebSocket } from 'ws';
import { frameText } from '../support/ws-text.js';

/** The library drops messages for 2 s after connecting; wait a little longer than that. */
export const pushIgnoreWindowMs = 2000;
const readyMarginMs = 250;
const ackTimeoutMs = 5000;

interface PushClient {
  socket: WebSocket;
  token?: string;
  /** When the client said hello (the library's 2 s window starts about then). */
  helloAt?: number;
  /** Notification ids sent to this client and not yet acknowledged. */
  waitingForAck: Map<number, () => void>;
  /** Ring stopped delivering to this connection (`expire`, scope connections). */
  expired?: boolean;
}

export interface PushClientInfo {
  connectedForMs: number;
  /** Past the ignore window, and not expired: a push sent now reaches it. */
  ready: boolean;
  expired: boolean;
}

/** Which registrations Ring stops delivering to: the open connections, or their push tokens. */
export type PushExpiry = 'connections' | 'tokens';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Which pushes vanish: none, all, a fraction of them (0 to 1, spread evenly: with 0.5 every second
 * one, so a test knows which), or one camera's (by Ring device id).
 */
export type PushDrop = { mode: 'none' } | { mode: 'all' } | { mode: 'fraction'; fraction: number } | { mode: 'camera'; cameraId: number };

export interface DeliverOptions {
  /** The camera the push is about, for a per-camera drop. */
  cameraId?: number;
  /** Send the message a second time right after the first, with a new persistent id. */
  twice?: boolean;
}

/** Pure: whether a push about `cameraId` (undefined: not a camera's) is dropped, for the modes that need no memory. */
export function isDropped(drop: PushDrop, cameraId: number | undefined): boolean {
  return drop.mode === 'all' || (drop.mode === 'camera' && cameraId === drop.cameraId);
}

/**
 * Pure: the fraction mode's choice for the next push, by error diffusion: `carry` is what the
 * earlier pushes left; over n pushes, floor or ceil of n × fraction are dropped, evenly spread.
 */
export function dropNext(drop: PushDrop, cameraId: number | undefined, carry: number): { dropped: boolean; carry: number } {
  if (drop.mode !== 'fraction') return { dropped: isDropped(drop, cameraId), carry };
  const next = carry + drop.fraction;
  return next >= 1 - 1e-9 ? { dropped: true, carry: next - 1 } : { dropped: false, carry: next };
}

export class PushHub {
  private readonly clients = new Set<PushClient>();
  private nextId = 1;
  private closed = false;
  private drop: PushDrop = { mode: 'none' };
  private dropCarry = 0;
  private delayMs = 0;
  private droppedCount = 0;
  private readonly expiredTokens = new Set<string>();

  /**
   * Ring stops delivering to the registrations in use now; the connections stay open. With
   * `connections`, a new connection is delivered to again (a restarted receiver); with `tokens`,
   * only a connection with a new push token is (a fresh registration).
   */
  expire(scope: PushExpiry): number {
    let count = 0;
    for (const client of this.clients) {
      if (client.helloAt === undefined || this.isExpired(client)) continue;
      count++;
      if (scope === 'connections' || !client.token) client.expired = true;
      else this.expiredTokens.add(client.token);
    }
    return count;
  }

  private isExpired(client: PushClient): boolean {
    return client.expired === true || (client.token !== undefined && this.expiredTokens.has(client.token));
  }

  /** From now on pushes matching `drop` are not sent; clients stay connected and hear nothing. */
  setDrop(drop: PushDrop): void {
    this.drop = drop;
    this.dropCarry = 0;
  }

  /** From now on each push waits this long before it is sent (the inject call waits too). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /**
   * Closes every push connection at once without the shutdown frame, as a network drop does: the
   * receivers see the socket close and reconnect on their own. Returns how many were closed.
   */
  sever(): number {
    const count = this.clients.size;
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
    return count;
  }

  /** How many pushes were dropped so far. */
  dropped(): number {
    return this.droppedCount;
  }

  accept(socket: WebSocket): void {
    const client: PushClient = { socket, waitingForAck: new Map() };
    this.clients.add(client);
    socket.on('message', (raw) => this.onFrame(client, frameText(raw)));
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
  }

  private onFrame(client: PushClient, raw: string): void {
    let frame: { type?: string; token?: string; id?: number };
    try {
      frame = JSON.parse(raw) as typeof frame;
    } catch {
      return;
    }
    if (frame.type === 'hello') {
      client.token = frame.token;
      client.helloAt = Date.now();
    } else if (frame.type === 'ack' && typeof frame.id === 'number') {
      client.waitingForAck.get(frame.id)?.();
    }
  }

  private isReady(client: PushClient, now: number): boolean {
    return client.helloAt !== undefined && now - client.helloAt >= pushIgnoreWindowMs + readyMarginMs;
  }

  info(): PushClientInfo[] {
    const now = Date.now();
    return [...this.clients]
      .filter((client) => client.helloAt !== undefined)
      .map((client) => ({ connectedForMs: now - (client.helloAt ?? now), ready: this.isReady(client, now) && !this.isExpired(client), expired: this.isExpired(client) }));
  }

  /** Push tokens the connected receivers announced. */
  tokens(): string[] {
    return [...this.clients].flatMap((client) => (client.token ? [client.token] : []));
  }

  /**
   * Waits (up to `waitForClientMs`) for at least one receiver, then until every connected receiver
   * is past the library's ignore window, sends, and resolves with how many acknowledged it.
   */
  deliver(data: Record<string, string>, waitForClientMs: number, options: DeliverOptions = {}): Promise<number> {
    return this.deliverMessage({ data }, waitForClientMs, options);
  }

  /**
   * Like `deliver`, but `message` goes out as it is: any JSON value, shaped like FCM's
   * `{data: {...strings}}` or not at all (for hostile-input tests).
   */
  async deliverMessage(message: unknown, waitForClientMs: number, options: DeliverOptions = {}): Promise<number> {
    const { dropped, carry } = dropNext(this.drop, options.cameraId, this.dropCarry);
    this.dropCarry = carry;
    if (dropped) {
      this.droppedCount += options.twice ? 2 : 1;
      return 0;
    }
    if (this.delayMs > 0) await sleep(this.delayMs);
    const deadline = Date.now() + waitForClientMs;
    const live = (): PushClient[] => [...this.clients].filter((client) => client.helloAt !== undefined && !this.isExpired(client));
    while (!this.closed) {
      const now = Date.now();
      const greeted = live();
      if (greeted.length > 0 && greeted.every((client) => this.isReady(client, now))) break;
      if (greeted.length === 0 && [...this.clients].some((client) => client.helloAt !== undefined)) {
        // Connected, but only on registrations Ring no longer serves: the push vanishes silently.
        this.droppedCount += options.twice ? 2 : 1;
        return 0;
      }
      if (greeted.length === 0 && now >= deadline) return 0;
      await sleep(50);
    }
    if (this.closed) return 0;
    const targets = live();
    const first = await this.sendOnce(targets, message);
    if (!options.twice) return first;
    // Ring's duplicate: the same message again, under a persistent id of its own.
    const second = await this.sendOnce(targets, message);
    return Math.min(first, second);
  }

  private async sendOnce(targets: PushClient[], message: unknown): Promise<number> {
    const id = this.nextId++;
    const acked = targets.map((client) => this.awaitAck(id, client));
    const frame = JSON.stringify({ type: 'notification', id, persistentId: `0:${Date.now()}%${id}`, message });
    targets.forEach((client) => client.socket.send(frame));
    const results = await Promise.all(acked);
    return results.filter(Boolean).length;
  }

  private awaitAck(id: number, client: PushClient): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        client.waitingForAck.delete(id);
        client.socket.off('close', onClose);
        resolve(ok);
      };
      const onClose = (): void => finish(false);
      const timer = setTimeout(() => finish(false), ackTimeoutMs);
      client.waitingForAck.set(id, () => finish(true));
      client.socket.once('close', onClose);
    });
  }

  /** Tells receivers not to reconnect, then closes them. */
  close(): void {
    this.closed = true;
    for (const client of this.clients) {
      try {
        client.socket.send(JSON.stringify({ type: 'shutdown' }));
      } catch {
        // already closing
      }
      client.socket.close(1001, 'emulator closing');
    }
    this.clients.clear();
  }
}
