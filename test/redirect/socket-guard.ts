/**
 * Last line of defence: every TCP/TLS connection in the process (net.Socket#connect, which
 * net.connect, tls.connect, http agents and undici all go through) to a non-loopback host fails at
 * once with an error naming the host, instead of hanging on a network that is not there.
 * UDP (dgram) is not covered.
 *
 * The patch is process-wide and installed once: under Jest every test file gets a fresh copy of
 * this module, so the record of refusals lives on the patched prototype, not in module state.
 */
import net from 'node:net';
import { blockedMessage, isLoopbackHost } from './ring-hosts.js';

export interface BlockedAttempt {
  host: string;
  port?: number | string;
  via: 'socket' | 'fetch' | 'dispatcher' | 'push';
  time: number;
}

interface GuardRecord {
  attempts: BlockedAttempt[];
  reported: Set<string>;
}

const recordKey = Symbol.for('trygr.ringRedirect.blocked');
const patchedKey = Symbol.for('trygr.ringRedirect.socketGuard');

type Patched = typeof net.Socket.prototype & { [recordKey]?: GuardRecord; [patchedKey]?: true };

function guardRecord(): GuardRecord {
  const prototype = net.Socket.prototype as Patched;
  prototype[recordKey] ??= { attempts: [], reported: new Set() };
  return prototype[recordKey];
}

/** Records a refusal and writes it to stderr once per host/port and channel. */
export function reportBlocked(attempt: Omit<BlockedAttempt, 'time'>): Error {
  const record = guardRecord();
  record.attempts.push({ ...attempt, time: Date.now() });
  const message = blockedMessage(attempt.host, attempt.port, attempt.via === 'socket' ? 'connection' : attempt.via);
  const key = `${attempt.via} ${attempt.host}:${String(attempt.port ?? '')}`;
  if (!record.reported.has(key)) {
    record.reported.add(key);
    process.stderr.write(`${message}\n`);
  }
  const error = new Error(message) as Error & { code: string };
  error.code = 'ERR_TRYGR_BLOCKED_HOST';
  return error;
}

export function blockedAttempts(): BlockedAttempt[] {
  return [...guardRecord().attempts];
}

interface ConnectTarget {
  host?: string;
  port?: number | string;
  path?: string;
}

/** The destination of a Socket#connect call in any of its argument forms. */
export function connectTarget(args: unknown[]): ConnectTarget {
  const first = args[0];
  if (Array.isArray(first)) return connectTarget(first as unknown[]); // net's pre-normalized [options, cb]
  if (typeof first === 'object' && first !== null) {
    const options = first as ConnectTarget;
    return { host: options.host, port: options.port, path: options.path };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  }
  if (typeof first === 'string') return { path: first };
  return {};
}

export function installSocketGuard(): void {
  const prototype = net.Socket.prototype as Patched;
  if (prototype[patchedKey]) return;
  const originalConnect = prototype.connect;
  const guardedConnect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
    const target = connectTarget(args);
    const host = target.host ?? 'localhost';
    if (target.path !== undefined || isLoopbackHost(host)) {
      return (originalConnect as (...connectArgs: unknown[]) => net.Socket).apply(this, args);
    }
    const error = reportBlocked({ host, port: target.port, via: 'socket' });
    process.nextTick(() => this.destroy(error));
    return this;
  };
  prototype.connect = guardedConnect as typeof prototype.connect;
  prototype[patchedKey] = true;
}
