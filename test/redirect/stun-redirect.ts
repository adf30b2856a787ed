/**
 * WebRTC peers (werift, inside ring-client-api's live call) ask a public STUN server for their
 * server-reflexive address before the offer goes out: the first of Ring's list,
 * stun.kinesisvideo.us-east-1.amazonaws.com:443 (Google's stun*.l.google.com:19302 are werift's
 * default). Without an answer werift waits 5 s per peer. This resolves those names to a local
 * address where a test STUN responder listens (test/emulator/stun-responder.ts), so gathering
 * finishes in milliseconds and no STUN packet leaves the machine.
 *
 * werift-ice resolves with `dns.promises.lookup` (stun/transaction.js); the callback form is
 * patched too for any other resolver. The patch is process-wide and installed once; other names
 * resolve as before. UDP is not covered by the socket guard, so without a STUN address the names
 * fail at once instead of reaching a real server.
 */
import dns from 'node:dns';

const patchedKey = Symbol.for('trygr.ringRedirect.stun');

type LookupPromise = typeof dns.promises.lookup;
type PatchState = { address: string | undefined };
type Patched = typeof dns & { [patchedKey]?: PatchState };

/** The STUN servers ring-client-api 14.3.0 lists (peer-connection.js) and werift's default. */
export function isStunHost(host: string): boolean {
  const name = host.replace(/\.$/, '').toLowerCase();
  return /^stun\d*\.l\.google\.com$/.test(name) || /^stun\.kinesisvideo\.[a-z0-9-]+\.amazonaws\.com$/.test(name);
}

function notFound(host: string): NodeJS.ErrnoException {
  const error = new Error(`[trygr redirect] STUN host "${host}" is not reachable from tests (no TRYGR_STUN_ADDRESS)`) as NodeJS.ErrnoException;
  error.code = 'ENOTFOUND';
  return error;
}

/** Points STUN host names at `address` (e.g. 127.0.0.1), or makes them fail at once when undefined. */
export function installStunRedirect(address: string | undefined): void {
  const module = dns as Patched;
  const existing = module[patchedKey];
  if (existing) {
    existing.address = address;
    return;
  }
  const state: PatchState = { address };
  module[patchedKey] = state;
  const family = (target: string): 4 | 6 => (target.includes(':') ? 6 : 4);

  const originalPromise = dns.promises.lookup.bind(dns.promises) as LookupPromise;
  const patchedPromise = (async (host: string, options?: unknown) => {
    if (!isStunHost(host)) return originalPromise(host, options as dns.LookupOptions);
    if (!state.address) throw notFound(host);
    const entry = { address: state.address, family: family(state.address) };
    return (options as dns.LookupAllOptions | undefined)?.all ? [entry] : entry;
  }) as LookupPromise;
  dns.promises.lookup = patchedPromise;

  const originalLookup = dns.lookup;
  const patchedLookup = function patchedLookup(host: string, ...rest: unknown[]): void {
    const callback = rest[rest.length - 1] as (error: Error | null, address?: unknown, family?: number) => void;
    if (!isStunHost(host) || typeof callback !== 'function') {
      (originalLookup as (...args: unknown[]) => void)(host, ...rest);
      return;
    }
    const options = rest.length > 1 ? rest[0] : undefined;
    process.nextTick(() => {
      if (!state.address) {
        callback(notFound(host));
      } else if (typeof options === 'object' && options !== null && (options as dns.LookupAllOptions).all) {
        callback(null, [{ address: state.address, family: family(state.address) }]);
      } else {
        callback(null, state.address, family(state.address));
      }
    });
  };
  dns.lookup = patchedLookup as typeof dns.lookup;
}
