import { isIP } from 'node:net';

/**
 * Where a HomeKit stream's UDP sockets listen and whom they listen to, as pure functions. HomeKit's
 * SetupEndpoints names the controller's address and ports; hap-nodejs adds the local address the
 * HAP connection came in on (PrepareStreamRequest.sourceAddress). The sockets bind there rather
 * than on every interface, and take datagrams only from the controller's address and port.
 */

export type AddressFamily = 'ipv4' | 'ipv6';

export interface Endpoint {
  address: string;
  port: number;
}

/** One spelling per address: lower case, no IPv4-mapped prefix, no zone, no brackets. */
export function normalizeAddress(address: string): string {
  let text = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  return mapped ? mapped[1]! : text;
}

/** An address for binding: the mapped prefix goes (an udp4 socket takes 127.0.0.1, not ::ffff:127.0.0.1); the zone stays. */
function bindable(address: string): string {
  const text = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  return mapped ? mapped[1]! : text;
}

export function familyOf(address: string): AddressFamily | undefined {
  const version = isIP(normalizeAddress(address));
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

export function isLoopback(address: string): boolean {
  const normal = normalizeAddress(address);
  return normal === '::1' || /^127\./.test(normal);
}

export function wildcardOf(family: AddressFamily): string {
  return family === 'ipv6' ? '::' : '0.0.0.0';
}

export function isWildcard(address: string): boolean {
  return address === '::' || address === '0.0.0.0';
}

/**
 * Addresses to try binding, best first: the local address of the HAP connection when it is of the
 * family HomeKit asked for (the controller reached us there, so it can send there); else the
 * loopback of that family for a controller on this host; the wildcard last, so a stream still
 * works where the interface address cannot be bound (an IPv6 link-local address without its zone).
 */
export function bindCandidates(localAddress: unknown, controllerAddress: string, family: AddressFamily): string[] {
  const candidates: string[] = [];
  if (typeof localAddress === 'string' && familyOf(localAddress) === family && !isWildcard(normalizeAddress(localAddress))) {
    candidates.push(bindable(localAddress));
  }
  if (isLoopback(controllerAddress) && familyOf(controllerAddress) === family) {
    candidates.push(family === 'ipv6' ? '::1' : '127.0.0.1');
  }
  candidates.push(wildcardOf(family));
  return [...new Set(candidates)];
}

/** Whether a datagram came from the controller: same address (however spelled) and same port. */
export function isFrom(sender: Endpoint, controller: Endpoint): boolean {
  return sender.port === controller.port && normalizeAddress(sender.address) === normalizeAddress(controller.address);
}

/**
 * The address to give HomeKit for our side, when both sockets ended up on the same specific
 * address; otherwise undefined, and hap-nodejs picks the interface's address as it always did.
 */
export function advertisedAddress(bound: string[]): string | undefined {
  const [first, ...rest] = bound;
  if (first === undefined || isWildcard(first) || rest.some((address) => address !== first)) return undefined;
  return normalizeAddress(first);
}
