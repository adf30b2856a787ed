import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SnapshotProvider = (width: number, height: number) => Promise<Buffer>;

const MAX_SIDE = 1920;

/**
 * A loopback endpoint the settings panel asks for a camera's current view (to draw mask zones on).
 * Every image comes through the privacy gate, like HomeKit's; the key lives only in the 0600
 * status file, so other local users cannot pull camera images from it.
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
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const given = Buffer.from(String(request.headers['x-trygr-key'] ?? ''));
      const expected = Buffer.from(this.key);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        response.writeHead(403).end();
        return;
      }
      const match = /^\/snapshot\/([^/]+)$/.exec(url.pathname);
      const provider = match && this.providers.get(decodeURIComponent(match[1]!));
      if (!provider) {
        response.writeHead(404).end();
        return;
      }
      const side = (name: string, fallback: number) => Math.min(MAX_SIDE, Math.max(16, Number(url.searchParams.get(name)) || fallback));
      provider(side('width', 640), side('height', 360)).then((jpeg) => {
        response.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }).end(jpeg);
      }, () => response.writeHead(503).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  stop(): void {
    this.server?.close();
    this.server = undefined;
  }
}
