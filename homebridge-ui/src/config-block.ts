import { readFile } from 'node:fs/promises';
import { PLATFORM_NAME, PLUGIN_NAME } from '../../src/settings.js';

/** What the panel's server needs from this plugin's platform block in config.json. */
export interface TrygrBlock {
  readonly refreshToken?: string;
  readonly bridgeUsername?: string;
  readonly privacy?: unknown;
  readonly hideDeviceIds: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isTrygrBlock(block: unknown): block is Record<string, unknown> {
  return isRecord(block) && (block.platform === PLATFORM_NAME || block.platform === `${PLUGIN_NAME}.${PLATFORM_NAME}`);
}

/** The block the token store picks too: the main bridge's (no `_bridge`), else the first. */
export function trygrBlockOf(config: unknown): TrygrBlock | undefined {
  const platforms = isRecord(config) && Array.isArray(config.platforms) ? config.platforms : [];
  const blocks = platforms.filter(isTrygrBlock);
  const block = blocks.find((candidate) => !isRecord(candidate._bridge)) ?? blocks[0];
  if (!block) return undefined;
  const bridge = block._bridge;
  const token = block.refreshToken;
  return {
    ...(typeof token === 'string' && token.trim() !== '' && { refreshToken: token }),
    ...(isRecord(bridge) && typeof bridge.username === 'string' && { bridgeUsername: bridge.username }),
    ...(block.privacy !== undefined && { privacy: block.privacy }),
    hideDeviceIds: Array.isArray(block.hideDeviceIds) ? block.hideDeviceIds.map(String) : [],
  };
}

/** The block as config.json holds it now; undefined when the file or the block is missing or unreadable. */
export async function readTrygrBlock(configPath: string): Promise<TrygrBlock | undefined> {
  try {
    return trygrBlockOf(JSON.parse((await readFile(configPath, 'utf8')).replace(/^\uFEFF/, '')));
  } catch {
    return undefined;
  }
}
