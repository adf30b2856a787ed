/**
 * Malformed and hostile HTTP/1.1 requests, as raw bytes: broken request targets (absolute form
 * with unparsable hosts, bad percent escapes, control bytes), odd methods and versions, broken or
 * huge headers, bodies that lie about their length, and bytes that are not HTTP at all. The
 * listener under test must answer or close, and its process must live on.
 */
import { randomString } from './json-values.js';
import type { Rng } from './seeded-random.js';

export interface HttpTarget {
  /** Paths the listener serves, to aim near real handlers. */
  paths: readonly string[];
  /** Headers that get a request past authentication (the snapshot key); sent on about half. */
  authHeaders?: Record<string, string>;
}

/** Request targets that have crashed Node servers which hand `request.url` to `new URL` or decodeURIComponent. */
export const KNOWN_BAD_TARGETS = ['http://[zz/', '/snapshot/%E0%A4%A', 'http://[::1/', 'http://a:b@[/', '//[zz/', 'http://%/'];

const METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'DELETE', 'PATCH', 'TRACE', 'CONNECT', 'PRI', 'get', 'G\u0000T', 'X'.repeat(40), ''];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1 extra', 'http/1.1', ''];

/** encodeURIComponent throws on lone surrogates; a lone one becomes U+FFFD. */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udfff]/g, (char, at: number) => {
      const code = char.charCodeAt(0);
      const pair = code < 0xdc00 ? /[\udc00-\udfff]/.test(text[at + 1] ?? '') : /[\ud800-\udbff]/.test(text[at - 1] ?? '');
      return pair ? char : '\ufffd';
    }),
  );
}

function target(rng: Rng, paths: readonly string[]): string {
  const path = rng.pick(paths);
  switch (rng.int(12)) {
    case 0:
      return rng.pick(KNOWN_BAD_TARGETS);
    case 1:
      return `http://[${randomString(rng).slice(0, 12)}${rng.pick(['/', ']/', ':x/', ''])}${path}`;
    case 2:
      return `${path}/${rng.pick(['%', '%E0%A4%A', '%ZZ', '%00', '%2F..%2F', '%C0%AF', '%uD800'])}`;
    case 3:
      return `${path}?${rng.pick(['width=%', 'width=1e999&height=-0', 'a=%E0%A4%A', '&&&', 'width[]=1', `x=${'y'.repeat(8000)}`])}`;
    case 4:
      return `${path}/${encode(randomString(rng))}`;
    case 5:
      return '*';
    case 6:
      return `${path}#${randomString(rng).slice(0, 20)}`;
    case 7:
      return `/${'a/'.repeat(rng.range(1, 3000))}`;
    case 8:
      return `${path}${String.fromCharCode(rng.pick([0, 7, 9, 127, 255]))}`;
    case 9:
      return `HTTP://127.0.0.1:${rng.range(0, 70000)}${path}`;
    default:
      return path;
  }
}

function headerLines(rng: Rng, auth: Record<string, string> | undefined): string[] {
  const lines = rng.chance(0.9) ? ['Host: 127.0.0.1'] : [];
  if (auth && rng.chance(0.5)) lines.push(...Object.entries(auth).map(([name, value]) => `${name}: ${value}`));
  for (let i = rng.range(0, 3); i > 0; i--) {
    lines.push(
      rng.pick([
        `X-Trygr-Key: ${randomString(rng).slice(0, 64)}`,
        'Content-Length: -1',
        'Content-Length: 5\r\nContent-Length: 6',
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: gzip, chunked',
        `X-Long: ${'v'.repeat(rng.range(100, 20_000))}`,
        'Bad Header Name: x',
        ': no name',
        'Expect: 100-continue',
        'Upgrade: websocket\r\nConnection: Upgrade',
        `Cookie: ${randomString(rng)}`,
        'Connection: keep-alive',
      ]),
    );
  }
  return lines;
}

/** One hostile request (or non-request) as bytes. */
export function hostileRequest(rng: Rng, spec: HttpTarget): Buffer {
  switch (rng.int(10)) {
    case 0:
      return rng.bytes(rng.range(1, 2048));
    case 1:
      return Buffer.from(`${rng.pick(METHODS)} ${target(rng, spec.paths)}\r\n\r\n`, 'latin1');
    case 2: {
      // A body that lies about its length, or a broken chunked body.
      const body = rng.chance(0.5) ? 'zz\r\nnot hex\r\n0\r\n' : 'short';
      return Buffer.from(
        `POST ${rng.pick(spec.paths)} HTTP/1.1\r\nHost: x\r\n${rng.chance(0.5) ? 'Transfer-Encoding: chunked' : 'Content-Length: 99999'}\r\n\r\n${body}`,
        'latin1',
      );
    }
    case 3: {
      // Two requests in one write, the second broken.
      const first = `GET ${rng.pick(spec.paths)} HTTP/1.1\r\nHost: x\r\n\r\n`;
      return Buffer.from(`${first}GET ${rng.pick(KNOWN_BAD_TARGETS)} HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1');
    }
    case 4:
      return Buffer.from(`GET ${target(rng, spec.paths)} HTTP/1.1\r\nHost: x`, 'latin1'); // never finished
    default: {
      const lines = [`${rng.pick(METHODS)} ${target(rng, spec.paths)} ${rng.pick(VERSIONS)}`, ...headerLines(rng, spec.authHeaders), 'Connection: close'];
      return Buffer.from(`${lines.join(rng.chance(0.9) ? '\r\n' : '\n')}\r\n\r\n`, 'latin1');
    }
  }
}
