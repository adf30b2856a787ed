/** Finds the Trygr platform block in a parsed Homebridge config.json (no I/O). */
import { PLATFORM_NAME, PLUGIN_NAME } from '../settings.js';

export type PrivacyDraft = { found: true; privacy: unknown; blocks: number } | { found: false; message: string };

/** Homebridge accepts the bare alias and the plugin-qualified one. */
function isTrygrBlock(block: unknown): block is Record<string, unknown> {
  if (typeof block !== 'object' || block === null) return false;
  const platform = (block as Record<string, unknown>).platform;
  return platform === PLATFORM_NAME || platform === `${PLUGIN_NAME}.${PLATFORM_NAME}`;
}

export function privacyDraftOf(config: unknown): PrivacyDraft {
  const platforms = typeof config === 'object' && config !== null ? (config as Record<string, unknown>).platforms : undefined;
  if (!Array.isArray(platforms)) return { found: false, message: 'The config has no "platforms" list.' };
  const blocks = platforms.filter(isTrygrBlock);
  if (blocks.length === 0) return { found: false, message: `The config has no "${PLATFORM_NAME}" platform block.` };
  return { found: true, privacy: blocks[0]!.privacy, blocks: blocks.length };
}
