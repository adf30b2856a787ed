/**
 * ring-client-api's REST calls go through the *global* `fetch(url, {dispatcher: <its undici
 * Agent>, ...})` (rest-client.js). Replacing `fetch` on the global object the library sees
 * (Node's, or the Jest test context's) rewrites Ring URLs to the emulator and drops the library's
 * dispatcher; loopback URLs pass through; anything else is refused at once.
 */
import { classifyHost, rewriteRingUrl } from './ring-hosts.js';
import { reportBlocked } from './socket-guard.js';

/** Header telling the emulator which Ring host the library addressed (it records it). */
export const originalHostHeader = 'x-ring-cloud-host';

const originalFetchKey = Symbol.for('trygr.ringRedirect.originalFetch');

type FetchFn = typeof globalThis.fetch;
type Target = typeof globalThis & { [originalFetchKey]?: FetchFn };

function urlOf(input: Parameters<FetchFn>[0]): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return (input as { url: string }).url;
}

/** Installs (or re-targets) the redirect on `target.fetch`. Returns a function restoring the original. */
export function installFetchRedirect(target: typeof globalThis, cloudUrl: string | undefined): () => void {
  const scope = target as Target;
  scope[originalFetchKey] ??= scope.fetch;
  const originalFetch = scope[originalFetchKey];

  const redirectedFetch: FetchFn = (input, init) => {
    const url = urlOf(input);
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return originalFetch(input, init);
    }
    const kind = classifyHost(host);
    if (kind === 'loopback') return originalFetch(input, init);
    if (kind === 'ring' && cloudUrl) {
      const rewritten = rewriteRingUrl(url, cloudUrl) as string;
      const { dispatcher: _dropped, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      const headers = new (scope.Headers ?? Headers)(rest.headers ?? (typeof input === 'object' && 'headers' in input ? input.headers : undefined));
      headers.set(originalHostHeader, host);
      const method = rest.method ?? (typeof input === 'object' && 'method' in input ? input.method : undefined);
      const body = rest.body ?? (typeof input === 'object' && 'body' in input ? input.body : undefined);
      return originalFetch(rewritten, { ...rest, method, body, headers, ...(body && typeof body !== 'string' ? { duplex: 'half' } : {}) } as RequestInit);
    }
    const error = reportBlocked({ host, via: 'fetch' });
    return Promise.reject(new TypeError(`fetch failed: ${error.message}`, { cause: error }));
  };

  scope.fetch = redirectedFetch;
  return () => {
    scope.fetch = originalFetch;
  };
}
