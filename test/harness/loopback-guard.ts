/**
 * Keeps every server inside the Homebridge child on loopback.
 *
 * Why this exists: with `bridge.bind: ["127.0.0.1"]`, hap-nodejs 0.14 still listens on 0.0.0.0
 * (Accessory.parseBindOption deliberately binds the unspecified address "so config-ui always has a
 * connection via loopback"), and ciao binds its mDNS socket to 0.0.0.0:5353 (it only *sends* and
 * joins the multicast group on `lo`). Tests must not open anything on the machine's real interfaces,
 * so the child rewrites every "all interfaces" TCP listen and UDP bind to the loopback address.
 *
 * The rewriting rules are pure functions over the argument lists; `installLoopbackGuard` is the edge.
 */
import dgram from 'node:dgram';
import net from 'node:net';

export const LOOPBACK_V4 = '127.0.0.1';
export const LOOPBACK_V6 = '::1';

const UNSPECIFIED = new Set(['', '0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']);

export function isUnspecifiedHost(host: unknown): boolean {
  return host === undefined || host === null || (typeof host === 'string' && UNSPECIFIED.has(host));
}

function isPort(value: unknown): value is number | string {
  return typeof value === 'number' || (typeof value === 'string' && value !== '' && /^\d+$/.test(value));
}

function isPlainOptions(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Rewrite<T> {
  args: T[];
  /** Set when the call was changed: the port asked for, for the diagnostic line. */
  rewrittenPort?: number | string;
}

/**
 * `net.Server#listen` overloads: (), (port, host?, backlog?, cb?), (options, cb?),
 * (path, ...) for IPC and (handle, ...). Only TCP on the unspecified address is rewritten.
 */
export function rewriteListenArgs(args: unknown[]): Rewrite<unknown> {
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const rest = callback ? args.slice(0, -1) : args.slice();
  const first = rest[0];

  if (rest.length === 0 || first === undefined || first === null || isPort(first)) {
    const port = first ?? 0;
    const host = typeof rest[1] === 'string' ? rest[1] : undefined;
    if (!isUnspecifiedHost(host)) return { args };
    const backlog = typeof rest[1] === 'number' ? rest[1] : typeof rest[2] === 'number' ? rest[2] : undefined;
    const options: Record<string, unknown> = { port, host: LOOPBACK_V4 };
    if (backlog !== undefined) options.backlog = backlog;
    return { args: callback ? [options, callback] : [options], rewrittenPort: port as number | string };
  }

  if (isPlainOptions(first)) {
    const isTcp = first.path === undefined && first.fd === undefined && first.handle === undefined && !('_handle' in first);
    if (!isTcp || !isUnspecifiedHost(first.host)) return { args };
    const options: Record<string, unknown> = { ...first, host: LOOPBACK_V4 };
    delete options.ipv6Only;
    const port = (first.port ?? 0) as number | string;
    return { args: callback ? [options, callback] : [options], rewrittenPort: port };
  }

  return { args };
}

/** `dgram.Socket#bind` overloads: (cb?), (port?, address?, cb?), (options, cb?). */
export function rewriteBindArgs(args: unknown[], socketType: string): Rewrite<unknown> {
  const loopback = socketType === 'udp6' ? LOOPBACK_V6 : LOOPBACK_V4;
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const rest = callback ? args.slice(0, -1) : args.slice();
  const first = rest[0];

  if (isPlainOptions(first)) {
    if (first.fd !== undefined || !isUnspecifiedHost(first.address)) return { args };
    const options = { ...first, address: loopback };
    return { args: callback ? [options, callback] : [options], rewrittenPort: (first.port ?? 0) as number };
  }

  if (rest.length === 0 || first === undefined || first === null || isPort(first)) {
    const address = typeof rest[1] === 'string' ? rest[1] : undefined;
    if (!isUnspecifiedHost(address)) return { args };
    const options = { port: Number(first ?? 0), address: loopback };
    return { args: callback ? [options, callback] : [options], rewrittenPort: options.port };
  }

  return { args };
}

let installed = false;

/** Patches the prototypes for this whole process (and, through NODE_OPTIONS, its child bridges). */
export function installLoopbackGuard(report: (line: string) => void = (line) => process.stderr.write(line + '\n')): void {
  if (installed) return;
  installed = true;

  const originalListen = net.Server.prototype.listen as (...a: unknown[]) => net.Server;
  net.Server.prototype.listen = function guardedListen(this: net.Server, ...args: unknown[]) {
    const rewrite = rewriteListenArgs(args);
    if (rewrite.rewrittenPort !== undefined) {
      report(`[loopback-guard] tcp listen on all interfaces (port ${rewrite.rewrittenPort}) moved to ${LOOPBACK_V4}`);
    }
    return originalListen.apply(this, rewrite.args);
  } as typeof net.Server.prototype.listen;

  const originalBind = dgram.Socket.prototype.bind as (...a: unknown[]) => dgram.Socket;
  dgram.Socket.prototype.bind = function guardedBind(this: dgram.Socket & { type?: string }, ...args: unknown[]) {
    const rewrite = rewriteBindArgs(args, this.type ?? 'udp4');
    if (rewrite.rewrittenPort !== undefined && rewrite.rewrittenPort !== 0) {
      // Implicit port-0 binds (a socket's first send) are too chatty to report; explicit ports are servers.
      report(`[loopback-guard] udp bind on all interfaces (port ${rewrite.rewrittenPort}) moved to loopback`);
    }
    return originalBind.apply(this, rewrite.args);
  } as typeof dgram.Socket.prototype.bind;
}
