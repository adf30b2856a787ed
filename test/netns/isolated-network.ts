/**
 * Live-view tests open WebRTC peers, which gather candidates on every non-loopback interface. They
 * may only run where those interfaces are the test veth pair of run-in-netns.sh, so no packet can
 * reach a real network or even a real interface address of this machine.
 */
import os from 'node:os';

export const NETNS_INTERFACE_PREFIX = 'tgr-';

/** The interfaces that would make this process's WebRTC traffic leave the test namespace. */
export function foreignInterfaces(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  return Object.entries(interfaces)
    .filter(([name, addresses]) => name !== 'lo' && !name.startsWith(NETNS_INTERFACE_PREFIX) && (addresses ?? []).length > 0)
    .map(([name]) => name);
}

/** Throws unless this process runs in the namespace run-in-netns.sh sets up. */
export function assertIsolatedNetwork(): void {
  const foreign = foreignInterfaces();
  const ours = Object.keys(os.networkInterfaces()).filter((name) => name.startsWith(NETNS_INTERFACE_PREFIX));
  if (foreign.length > 0 || ours.length === 0) {
    throw new Error(
      `live-view tests must run inside test/netns/run-in-netns.sh (found interfaces: ${Object.keys(os.networkInterfaces()).join(', ')}); ` +
        'run them through test/netns/live-view.test.ts (npm test) or `test/netns/run-in-netns.sh node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand --testMatch "**/*.netns-test.ts" <file>`',
    );
  }
}
