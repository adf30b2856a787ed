/** Builds the config.json the harness hands to Homebridge: pure functions over plain data. */
import { createHash, randomBytes } from 'node:crypto';
import { PLATFORM_NAME } from '../../src/settings.js';

/** Fixed so tests and the Apple Home setup payload stay predictable; any valid HAP code would do. */
export const HARNESS_PIN = '031-45-154';

export interface BridgeIdentity {
  name: string;
  username: string;
  port: number;
}

export interface ChildBridgeIdentity extends BridgeIdentity {
  /** Which platform block (by `platform` name) runs in the child bridge. */
  platform: string;
}

export interface HomebridgeConfigInput {
  bridge: BridgeIdentity;
  platforms: object[];
  childBridge?: ChildBridgeIdentity;
}

/** A locally administered MAC (second hex digit 2/6/A/E), upper case as Homebridge requires. */
export function randomUsername(bytes: Buffer = randomBytes(6)): string {
  const octets = [...bytes.subarray(0, 6)];
  octets[0] = (octets[0] & 0xfc) | 0x02;
  return octets.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

export function randomSuffix(bytes: Buffer = randomBytes(2)): string {
  return bytes.toString('hex').toUpperCase();
}

/**
 * The name HomeKit sees: hap-nodejs appends 4 hex digits of sha512(username) on first publish
 * (Homebridge passes addIdentifyingMaterial: true for bridges and external accessories alike).
 */
export function publishedName(name: string, username: string): string {
  return `${name} ${createHash('sha512').update(username, 'utf8').digest('hex').slice(0, 4).toUpperCase()}`;
}

export function buildHomebridgeConfig(input: HomebridgeConfigInput): Record<string, unknown> {
  const platforms = input.platforms.map((block) => {
    const child = input.childBridge;
    if (!child || (block as { platform?: unknown }).platform !== child.platform) return block;
    return { ...block, _bridge: { username: child.username, port: child.port, name: child.name } };
  });
  return {
    bridge: {
      name: input.bridge.name,
      username: input.bridge.username,
      port: input.bridge.port,
      pin: HARNESS_PIN,
      // An address, not an interface name: hap-nodejs then restricts ciao to `lo` (ciao resolves the
      // address to its interface). The HAP server itself still binds 0.0.0.0; see loopback-guard.ts.
      bind: ['127.0.0.1'],
      advertiser: 'ciao',
    },
    accessories: [],
    platforms,
  };
}

export function defaultChildPlatform(platforms: object[]): string {
  const first = platforms.find((p) => typeof (p as { platform?: unknown }).platform === 'string') as { platform: string } | undefined;
  return first?.platform ?? PLATFORM_NAME;
}
