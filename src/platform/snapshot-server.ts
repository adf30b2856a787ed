import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keyMatches, readSnapshotRequest } from './snapshot-request.js';

export type SnapshotProvider = (width: number, height: number) => Promise<Buffer>;

/** A client that has not sent its whole request by then is cut off (Node's default is 5 minutes), so idle sockets do not pile up. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Ends a response with a bare status, unless one was already sent or the socket is gone. */
function answer(response: ServerResponse, status: number): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'cache-control': 'no-store' }).end();
}

/**
 * A loopback endpoint the settings panel asks for a camera's current view (to draw mask zones on).
 * Every image comes through the privacy gate, like HomeKit's; the key lives only in the 0600
 * status file, so other local users cannot pull camera images from it.
 *
 * This listener runs inside Homebridge: anything it throws ends every plugin and the bridge. So the
 * key is checked before any of the request is read, the request is read by pure functions that do
 * not throw (snapshot-request.ts), and the handler catches whatever is left.
 */
export class SnapshotServer {
  readonly key = randomBytes(24).toString('base64url');
  private server?: Server;
  private readonly providers = new Map<string, SnapshotProvider>();

  set(deviceId: string, provider: SnapshotProvider): void {
    this.providers.set(deviceId, provider);
  }

  clear(): void {
    this.providers.clear();
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      try {
        this.handle(request, response);
      } catch {
        answer(response, 500);
      }
    });
    // A socket error (reset, malformed bytes) is the client's business; never an uncaught 'error'.
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    // A body nobody reads would hold the socket; an aborted one must not surface as an error.
    request.on('error', () => undefined);
    request.resume();
    response.on('error', () => undefined);
    if (!keyMatches(request.headers['x-trygr-key'], this.key)) {
      answer(response, 403);
      return;
    }
    const wanted = readSnapshotRequest(request.method, request.url);
    if (!wanted.ok) {
      answer(response, wanted.status);
      return;
    }
    const provider = this.providers.get(wanted.deviceId);
    if (!provider) {
      answer(response, 404);
      return;
    }
    // Promise.resolve().then: a provider that throws synchronously becomes a 503 like one that rejects.
    Promise.resolve()
      .then(() => provider(wanted.width, wanted.height))
      .then((jpeg) => {
        if (response.headersSent || response.destroyed) return;
        response.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }).end(jpeg);
      })
      .catch(() => answer(response, 503));
  }

  stop(): void {
    this.server?.close();
    this.server = undefined;
  }
}
