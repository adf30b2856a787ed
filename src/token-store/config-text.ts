import { applyEdits, getNodeValue, parseTree, printParseErrorCode, type Edit, type Node, type ParseError } from 'jsonc-parser';
import { blockBridge, pickBlock, type BlockBridge } from '../config/our-block.js';
import { PLATFORM_NAME, PLUGIN_NAME } from '../settings.js';

/**
 * Pure edits of config.json text that touch nothing but this platform's `refreshToken` value.
 *
 * jsonc-parser's `modify` is not used for the edits themselves: with formatting options it re-formats
 * whole lines around an insertion (which may hold other platforms on a one-line file), and it follows
 * the first of duplicate keys where Homebridge's JSON.parse uses the last. Edits are computed from the
 * parse tree instead and applied with `applyEdits`, so every byte outside the edit stays as it was.
 */

export interface BlockSelector {
  /** `_bridge.username` of the child bridge this platform runs on, if any. */
  bridgeUsername?: string;
  /** Platform alias; defaults to this plugin's. */
  platform?: string;
}

export class ConfigParseError extends Error {
  override readonly name = 'ConfigParseError';
}

export class PlatformBlockNotFoundError extends Error {
  override readonly name = 'PlatformBlockNotFoundError';
}

const BYTE_ORDER_MARK = '\uFEFF';

interface LocatedBlock {
  block: Node;
  /** The value node of the effective `refreshToken` property (the last one, as JSON.parse keeps). */
  tokenValue?: Node;
}

/** The refresh token in this platform's block; undefined when the key is absent or not a non-empty string. */
export function readRefreshToken(configText: string, selector: BlockSelector = {}): string | undefined {
  const { tokenValue } = locateBlock(configText, selector);
  const value: unknown = tokenValue ? getNodeValue(tokenValue) : undefined;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** This platform's whole block as a value (for settings other than the token, such as the privacy policy). */
export function readPlatformBlock(configText: string, selector: BlockSelector = {}): Record<string, unknown> {
  return getNodeValue(locateBlock(configText, selector).block) as Record<string, unknown>;
}

/** config.json text with this platform's refreshToken set to `token`; unchanged text when it already is. */
export function withRefreshToken(configText: string, token: string, selector: BlockSelector = {}): string {
  const { block, tokenValue } = locateBlock(configText, selector);
  const literal = JSON.stringify(token);
  if (tokenValue) {
    return applyEdits(configText, [{ offset: tokenValue.offset, length: tokenValue.length, content: literal }]);
  }
  return applyEdits(configText, [insertionEdit(configText, block, literal)]);
}

/** config.json text without this platform's refreshToken property (every duplicate of it). */
export function withoutRefreshToken(configText: string, selector: BlockSelector = {}): string {
  let text = configText;
  // One property per pass: removals of adjacent duplicates would overlap if computed together.
  for (;;) {
    const { block } = locateBlock(text, selector);
    const properties = block.children ?? [];
    const index = properties.findIndex((property) => propertyName(property) === REFRESH_TOKEN_KEY);
    if (index < 0) return text;
    text = applyEdits(text, [removalEdit(properties, index)]);
  }
}

/** Removes a property with the separator on one side of it, so the object stays valid JSON. */
function removalEdit(properties: Node[], index: number): Edit {
  const property = properties[index]!;
  const end = property.offset + property.length;
  const previous = properties[index - 1];
  if (previous) return { offset: previous.offset + previous.length, length: end - previous.offset - previous.length, content: '' };
  const next = properties[index + 1];
  return { offset: property.offset, length: (next ? next.offset : end) - property.offset, content: '' };
}

const REFRESH_TOKEN_KEY = 'refreshToken';

/** Adds `"refreshToken": <literal>` after the block's last property, copying the block's own separators. */
function insertionEdit(text: string, block: Node, literal: string): Edit {
  const properties = block.children ?? [];
  const last = properties[properties.length - 1];
  if (!last) return { offset: block.offset + 1, length: 0, content: `"${REFRESH_TOKEN_KEY}": ${literal}` };
  const [lastKey, lastValue] = last.children ?? [];
  const colon = lastKey && lastValue ? text.slice(lastKey.offset + lastKey.length, lastValue.offset) : ': ';
  const before = properties[properties.length - 2];
  const separator = before ? text.slice(before.offset + before.length, last.offset) : ',' + text.slice(block.offset + 1, last.offset);
  return { offset: last.offset + last.length, length: 0, content: `${separator}"${REFRESH_TOKEN_KEY}"${colon}${literal}` };
}

function locateBlock(configText: string, selector: BlockSelector): LocatedBlock {
  const root = parseConfig(configText);
  const platform = selector.platform ?? PLATFORM_NAME;
  const platforms = lastPropertyValue(root, 'platforms');
  if (!platforms || platforms.type !== 'array') {
    throw new PlatformBlockNotFoundError(`config.json has no "platforms" array, so there is no "${platform}" platform block`);
  }
  const ours = (platforms.children ?? []).filter((entry) => entry.type === 'object' && isPlatformName(stringValue(lastPropertyValue(entry, 'platform')), platform));
  const block = pickBlock(ours, bridgeOfNode, selector.bridgeUsername);
  if (!block) {
    const where = selector.bridgeUsername ? ` whose _bridge.username is ${selector.bridgeUsername}` : '';
    throw new PlatformBlockNotFoundError(`config.json has no "${platform}" platform block${where}`);
  }
  return { block, tokenValue: lastPropertyValue(block, REFRESH_TOKEN_KEY) };
}

/** How a block in the parse tree says where it runs, in the terms config/our-block.ts decides by. */
function bridgeOfNode(block: Node): BlockBridge {
  const bridge = lastPropertyValue(block, '_bridge');
  if (!bridge) return { child: false };
  const value: unknown = getNodeValue(bridge);
  return blockBridge({ _bridge: value });
}

/** Homebridge accepts the bare alias and the plugin-qualified `homebridge-trygr.Trygr`. */
function isPlatformName(value: string | undefined, platform: string): boolean {
  return value === platform || value === `${PLUGIN_NAME}.${platform}`;
}

function parseConfig(configText: string): Node {
  // A leading byte order mark is kept in the text (offsets stay valid) but hidden from the parser.
  const offset = configText.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  const errors: ParseError[] = [];
  const root = parseTree(offset ? ' ' + configText.slice(1) : configText, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first || !root) {
    // Never quote the text: config.json holds secrets of this and other plugins.
    const detail = first ? `${printParseErrorCode(first.error)} at character ${first.offset}` : 'empty file';
    throw new ConfigParseError(`config.json is not valid JSON (${detail})`);
  }
  if (root.type !== 'object') throw new ConfigParseError('config.json is not a JSON object');
  return root;
}

function propertyName(property: Node): string | undefined {
  const key = property.children?.[0];
  return key?.type === 'string' ? (key.value as string) : undefined;
}

/** The value of the last property named `key` (JSON.parse keeps the last of duplicates). */
function lastPropertyValue(object: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    if (propertyName(property) === key) found = property.children?.[1];
  }
  return found;
}

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}
