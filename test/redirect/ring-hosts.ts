/**
 * Which hosts the redirect sends to the emulator, which it lets through, and which it refuses.
 * Ring hosts ring-client-api 14.3.0 addresses: oauth.ring.com, api.ring.com, app-snaps.ring.com,
 * prd-api-us.prd.rings.solutions, the location-socket host handed out by `clap/tickets` and the
 * live-view signalling host api.prod.signalling.ring.devices.a2z.com.
 */

export type HostClass = 'ring' | 'loopback' | 'blocked';

/** Strips IPv6 brackets and a trailing dot, lower-cases. */
export function normalizeHost(host: string): string {
  return host
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

export function isRingHost(host: string): boolean {
  const name = normalizeHost(host);
  return name === 'ring.com' || name.endsWith('.ring.com') || name.endsWith('.rings.solutions') || name.endsWith('.ring.devices.a2z.com');
}

export function isLoopbackHost(host: string): boolean {
  const name = normalizeHost(host);
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(name);
}

export function classifyHost(host: string): HostClass {
  if (isLoopbackHost(host)) return 'loopback';
  return isRingHost(host) ? 'ring' : 'blocked';
}

/**
 * The emulator URL for a Ring URL (`https://api.ring.com/clients_api/x?y` →
 * `http://127.0.0.1:8870/clients_api/x?y`; wss becomes ws), or undefined for other hosts.
 */
export function rewriteRingUrl(url: string, cloudUrl: string): string | undefined {
  const parsed = new URL(url);
  if (!isRingHost(parsed.hostname)) return undefined;
  const cloud = new URL(cloudUrl);
  const socket = parsed.protocol === 'ws:' || parsed.protocol === 'wss:';
  return `${socket ? 'ws' : 'http'}://${cloud.host}${parsed.pathname}${parsed.search}`;
}

/** The message every refusal carries, so a log shows at once which host was tried. */
export function blockedMessage(host: string, port: number | string | undefined, via: string): string {
  const where = port === undefined || port === '' ? host : `${host}:${port}`;
  return `[trygr redirect] blocked ${via} to non-loopback host "${where}": tests and the demo may only talk to 127.0.0.1`;
}
