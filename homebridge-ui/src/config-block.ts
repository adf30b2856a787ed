import { readFile } from 'node:fs/promises';
import { blockBridge, ourBlock } from '../../src/config/our-block.js';
import { pluginFiles, type PluginFiles } from '../../src/config/plugin-files.js';
import type { UiPaths } from './ui-paths.js';

/** What the panel's server needs from this plugin's platform block in config.json. */
export interface TrygrBlock {
  readonly refreshToken?: string;
  readonly bridgeUsername?: string;
  readonly privacy?: unknown;
  readonly hideDeviceIds: readonly string[];
}

/**
 * The block the panel edits, by the plugin's one rule (src/config/our-block.ts): the main
 * bridge's, else the first; the page (public/js/state.js `block()`) picks the same one.
 */
export function trygrBlockOf(config: unknown): TrygrBlock | undefined {
  const block = ourBlock(config);
  if (!block) return undefined;
  const token = block.refreshToken;
  const { username } = blockBridge(block);
  return {
    ...(typeof token === 'string' && token.trim() !== '' && { refreshToken: token }),
    ...(username !== undefined && { bridgeUsername: username }),
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

/** The edited block and the files of the bridge it runs on: its status, ledger, sidecar and system id. */
export async function panelTarget(paths: UiPaths): Promise<{ block?: TrygrBlock; files: PluginFiles }> {
  const block = await readTrygrBlock(paths.configPath);
  return { ...(block && { block }), files: pluginFiles(paths.storagePath, block?.bridgeUsername) };
}
