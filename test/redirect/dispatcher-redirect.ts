/**
 * The location WebSocket (`new WebSocket('wss://<host>/ws?...')` from undici, location.js) passes
 * no dispatcher, so undici's global dispatcher carries it. This installs an undici Agent whose
 * connector hands back a plain TCP socket to the emulator for Ring hosts (the upgrade then arrives
 * as ws, no TLS or certificates involved), connects loopback hosts normally and refuses the rest.
 *
 * The global dispatcher is kept on `globalThis[Symbol.for('undici.globalDispatcher.1')]`, i.e. on
 * the global object of the realm that calls `setGlobalDispatcher` (the Jest test context under
 * Jest). It must be the undici copy ring-client-api itself resolves.
 */
import net from 'node:net';
import { classifyHost } from './ring-hosts.js';
import { reportBlocked } from './socket-guard.js';

type ConnectCallback = (error: Error | null, socket: net.Socket | null) => void;
type Connector = (options: { hostname: string; port?: string | number; protocol: string }, callback: ConnectCallback) => void;

/** The part of the undici module this needs. */
export interface UndiciModule {
  Agent: new (options: { connect: Connector }) => object;
  buildConnector: (options: object) => Connector;
  setGlobalDispatcher: (dispatcher: object) => void;
}

export function emulatorConnector(undici: UndiciModule, cloudUrl: string | undefined): Connector {
  const defaultConnector = undici.buildConnector({});
  const cloud = cloudUrl ? new URL(cloudUrl) : undefined;
  return (options, callback) => {
    const kind = classifyHost(options.hostname);
    if (kind === 'loopback') {
      defaultConnector(options, callback);
      return;
    }
    if (kind === 'ring' && cloud) {
      const socket = net.connect({ host: cloud.hostname, port: Number(cloud.port) });
      socket.setNoDelay(true);
      const onError = (error: Error): void => callback(error, null);
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        callback(null, socket);
      });
      return;
    }
    callback(reportBlocked({ host: options.hostname, port: options.port, via: 'dispatcher' }), null);
  };
}

export function installDispatcherRedirect(undici: UndiciModule, cloudUrl: string | undefined): void {
  undici.setGlobalDispatcher(new undici.Agent({ connect: emulatorConnector(undici, cloudUrl) }));
}
