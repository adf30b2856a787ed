/**
 * Ring going dark for everything at once (REST, the location WebSocket, push, live view), as a
 * client sees it when Ring or the network path to it fails:
 *   'refuse' — nothing listens: every new connection fails with ECONNREFUSED;
 *   'reset'  — connections are accepted and closed at once (a proxy or load balancer with no backend);
 *   'hang'   — connections are accepted and never answered: requests run into the client's timeouts.
 * Going dark closes every open connection first (the route dropped; WebSockets see it). Coming back
 * resets the connections that hung (what a client gets once packets flow again to a server that
 * forgot them) and listens again on the same port.
 *
 * While 'refuse' is on, the control API (same port) is unreachable too: out-of-process users give
 * a duration (`forMs`) and the emulator comes back by itself.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export type OutageMode = 'refuse' | 'reset' | 'hang';

export const OUTAGE_MODES: readonly OutageMode[] = ['refuse', 'reset', 'hang'];

export interface OutageState {
  mode: OutageMode | undefined;
  /** When the outage began (epoch ms). */
  since?: number;
  /** Connections turned away or left hanging so far in this outage. */
  turnedAway: number;
}

export class Outage {
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<Socket>();
  /** Connections that carried control calls: going dark must not cut off the call that asked for it. */
  private readonly control = new WeakSet<Socket>();
  private mode: OutageMode | undefined;
  private since?: number;
  private turnedAway = 0;
  private timer?: NodeJS.Timeout;
  private transition: Promise<void> = Promise.resolve();

  constructor(
    private readonly server: Server,
    private readonly port: () => number,
    private readonly log: (message: string) => void,
  ) {
    // Upgraded sockets (WebSockets) leave the HTTP server's own bookkeeping; these are all of them.
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.hung.delete(socket);
      });
      if (this.mode === 'reset') {
        this.turnedAway += 1;
        socket.destroy();
      }
    });
  }

  /**
   * Called first for every request and upgrade: true when it must go unanswered ('hang'); the
   * caller then leaves it alone. (HTTP parsing cannot be stopped at the socket: the parser reads
   * the handle directly.)
   */
  holds(socket: Socket, isControl = false): boolean {
    if (isControl) {
      this.control.add(socket);
      return false;
    }
    if (this.mode !== 'hang') return false;
    if (!this.hung.has(socket)) this.turnedAway += 1;
    this.hung.add(socket);
    return true;
  }

  get active(): boolean {
    return this.mode !== undefined;
  }

  state(): OutageState {
    return { mode: this.mode, since: this.since, turnedAway: this.turnedAway };
  }

  /** Goes dark now; with `forMs` comes back by itself after that long. */
  begin(mode: OutageMode, forMs?: number): Promise<void> {
    return this.queue(async () => {
      if (this.mode === 'refuse' && mode !== 'refuse') await this.listen();
      this.mode = mode;
      this.since ??= Date.now();
      this.turnedAway = 0;
      for (const socket of this.sockets) {
        if (!this.control.has(socket)) socket.destroy();
      }
      if (mode === 'refuse' && this.server.listening) {
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
      }
      clearTimeout(this.timer);
      if (forMs !== undefined) {
        this.timer = setTimeout(() => void this.end(), forMs);
        this.timer.unref();
      }
      this.log(`outage: ${mode}${forMs !== undefined ? ` for ${forMs} ms` : ''}`);
    });
  }

  /** Ring is back: hung connections are reset and the port listens again. */
  end(): Promise<void> {
    return this.queue(async () => {
      clearTimeout(this.timer);
      if (!this.mode) return;
      const { mode, turnedAway } = this;
      this.mode = undefined;
      this.since = undefined;
      for (const socket of this.hung) socket.destroy();
      this.hung.clear();
      if (!this.server.listening) await this.listen();
      this.log(`outage over (${mode}, ${turnedAway} connection(s) turned away)`);
    });
  }

  /** For the emulator's close(): no timer left behind. */
  dispose(): void {
    clearTimeout(this.timer);
    for (const socket of this.hung) socket.destroy();
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port(), '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** begin/end run one at a time, in call order, whoever calls them. */
  private queue(step: () => Promise<void>): Promise<void> {
    const next = this.transition.then(step);
    this.transition = next.catch(() => undefined);
    return next;
  }
}
