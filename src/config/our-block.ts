/**
 * Which platform block in config.json is ours: the one rule the plugin, the token store, the
 * settings panel and the CLI all follow, over plain parsed JSON (no I/O).
 *
 * Homebridge runs a block in a child bridge when it has a `_bridge` (server.ts: `if (platformConfig._bridge)`),
 * and names that bridge by `_bridge.username`, compared upper-cased. It deletes `_bridge` from the
 * copy it hands the platform in the child process (childBridgeFork.ts), so a running plugin cannot
 * read its bridge from its own config: `runningBlockBridge` finds it by the block's content instead.
 */
import { PLATFORM_NAME, PLUGIN_NAME } from '../settings.js';

export type JsonObject = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Homebridge accepts the bare alias and the plugin-qualified `homebridge-trygr.Trygr`. */
export function isOurPlatform(platform: unknown): boolean {
  return platform === PLATFORM_NAME || platform === `${PLUGIN_NAME}.${PLATFORM_NAME}`;
}

/** How a block says where it runs: on the main bridge, or on the child bridge with this username. */
export interface BlockBridge {
  readonly child: boolean;
  readonly username?: string;
}

export function blockBridge(block: unknown): BlockBridge {
  const bridge = isRecord(block) ? block._bridge : undefined;
  if (!bridge) return { child: false };
  const username = isRecord(bridge) && typeof bridge.username === 'string' && bridge.username.trim() !== '' ? bridge.username.trim() : undefined;
  return username === undefined ? { child: true } : { child: true, username };
}

/** Bridge usernames as Homebridge compares them (it upper-cases them at startup). */
export function sameBridgeUsername(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/**
 * The block for `bridgeUsername` when given; otherwise the main bridge's (no `_bridge`), else the
 * first. Generic over how a block is held, so the token store can apply it to its parse tree.
 */
export function pickBlock<B>(blocks: readonly B[], bridgeOf: (block: B) => BlockBridge, bridgeUsername?: string): B | undefined {
  if (bridgeUsername !== undefined) {
    return blocks.find((block) => {
      const username = bridgeOf(block).username;
      return username !== undefined && sameBridgeUsername(username, bridgeUsername);
    });
  }
  return blocks.find((block) => !bridgeOf(block).child) ?? blocks[0];
}

/** Every Trygr block of a parsed config.json, in file order. */
export function ourBlocks(config: unknown): JsonObject[] {
  const platforms = isRecord(config) && Array.isArray(config.platforms) ? config.platforms : [];
  return platforms.filter((block): block is JsonObject => isRecord(block) && isOurPlatform(block.platform));
}

/** Our block for `bridgeUsername` (see pickBlock), or undefined. */
export function ourBlock(config: unknown, bridgeUsername?: string): JsonObject | undefined {
  return pickBlock(ourBlocks(config), blockBridge, bridgeUsername);
}

export type RunningBlock =
  { readonly found: 'one'; readonly bridgeUsername?: string } | { readonly found: 'none' } | { readonly found: 'several'; readonly count: number };

/**
 * Which of config.json's blocks the running platform was started with, given the block Homebridge
 * handed it (without `_bridge`). Compared without `_bridge`, first with the token and then without
 * it (the panel may have saved a sign-in since Homebridge read the file). A single Trygr block is
 * ours whatever its content.
 */
export function runningBlockBridge(config: unknown, own: unknown): RunningBlock {
  const blocks = ourBlocks(config);
  if (blocks.length === 1) return one(blocks[0]!);
  if (blocks.length === 0) return { found: 'none' };
  for (const ignore of [['_bridge'], ['_bridge', 'refreshToken']]) {
    const wanted = canonical(own, ignore);
    const matches = blocks.filter((block) => canonical(block, ignore) === wanted);
    if (matches.length === 1) return one(matches[0]!);
    if (matches.length > 1) return { found: 'several', count: matches.length };
  }
  return { found: 'none' };
}

function one(block: JsonObject): RunningBlock {
  const { username } = blockBridge(block);
  return username === undefined ? { found: 'one' } : { found: 'one', bridgeUsername: username };
}

/** JSON with sorted keys, leaving out `ignore` at the top level, so key order does not matter. */
function canonical(value: unknown, ignore: readonly string[] = []): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((key) => !ignore.includes(key) && value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
