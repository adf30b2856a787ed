/** Finds the Trygr platform block in a parsed Homebridge config.json (no I/O), by the plugin's one rule. */
import { blockBridge, ourBlock, ourBlocks } from '../config/our-block.js';
import { PLATFORM_NAME } from '../settings.js';

export type PrivacyDraft = { found: true; privacy: unknown; blocks: number; bridgeUsername?: string } | { found: false; message: string };

/**
 * The draft policy: from the block of the child bridge `bridgeUsername` when given, else the main
 * bridge's block, else the first (src/config/our-block.ts). `bridgeUsername` says whose ledger to read.
 */
export function privacyDraftOf(config: unknown, bridgeUsername?: string): PrivacyDraft {
  const platforms = typeof config === 'object' && config !== null ? (config as Record<string, unknown>).platforms : undefined;
  if (!Array.isArray(platforms)) return { found: false, message: 'The config has no "platforms" list.' };
  const blocks = ourBlocks(config);
  if (blocks.length === 0) return { found: false, message: `The config has no "${PLATFORM_NAME}" platform block.` };
  const block = ourBlock(config, bridgeUsername);
  if (!block) return { found: false, message: `The config has no "${PLATFORM_NAME}" platform block on the child bridge ${bridgeUsername}.` };
  const { username } = blockBridge(block);
  return { found: true, privacy: block.privacy, blocks: blocks.length, ...(username !== undefined && { bridgeUsername: username }) };
}
