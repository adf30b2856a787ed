/**
 * Raw bytes to an HTTP listener over TCP, for inputs a well-behaved client (fetch, http.request)
 * refuses to send: absolute-form targets with broken hosts, bad percent escapes, stray control
 * bytes, truncated requests. Resolves with what came back; never rejects.
 */
import net from 'node:net';

export interface RawAnswer {
  /** The status code of the first response line, when one came. */
  status?: number;
  /** Everything received (capped), as latin1 text. */
  text: string;
  /** How the exchange ended: the server closed, the bound passed, or the connection failed. */
  ended: 'closed' | 'timeout' | 'refused' | 'reset';
}

const MAX_KEEP = 64 * 1024;

/** The status code of an HTTP/1.x response's first line, or undefined. */
export function statusOf(text: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Sends `bytes` to 127.0.0.1:`port`. With `waitForStatus`, resolves as soon as a status line
 * arrived (keep-alive servers would otherwise hold the socket open until the bound).
 */
export function sendRaw(port: number, bytes: Buffer | string, options: { timeoutMs?: number; waitForStatus?: boolean } = {}): Promise<RawAnswer> {
  const { timeoutMs = 2000, waitForStatus = true } = options;
  return new Promise((resolve) => {
    let text = '';
    let settled = false;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (ended: RawAnswer['ended']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: statusOf(text), text, ended });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      if (text.length < MAX_KEEP) text += chunk.toString('latin1');
      if (waitForStatus && statusOf(text) !== undefined && text.includes('\r\n\r\n')) finish('closed');
    });
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
  });
}

/** A GET in raw form: `GET <target> HTTP/1.1` with the given headers. */
export function rawGet(target: string, headers: Record<string, string> = {}): string {
  const lines = [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`;
}
