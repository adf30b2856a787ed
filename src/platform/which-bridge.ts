import { readFile } from 'node:fs/promises';
import { runningBlockBridge } from '../config/our-block.js';

/**
 * The child bridge this platform runs in, or undefined on the main bridge. Homebridge removes
 * `_bridge` from the block it hands a child bridge's platform, so the answer comes from config.json:
 * the Trygr block with our content (config/our-block.ts). Everything per bridge follows from it:
 * the token's block and sidecar, status, Privacy switches, ledger and system id.
 */
export async function whichBridge(
  configPath: string,
  own: Record<string, unknown>,
  fromBlock: string | undefined,
  log: { warn(message: string): void },
): Promise<string | undefined> {
  if (fromBlock !== undefined) return fromBlock; // a Homebridge that keeps `_bridge` says so itself
  let config: unknown;
  try {
    config = JSON.parse((await readFile(configPath, 'utf8')).replace(/^\uFEFF/, ''));
  } catch {
    return undefined; // the token store reports an unreadable config.json; the main bridge's files are used
  }
  const found = safely(() => runningBlockBridge(config, own));
  if (found?.found === 'one') return found.bridgeUsername;
  if (found?.found === 'several') {
    log.warn(
      `${found.count} Trygr platform blocks in config.json are identical apart from their bridge, so this one cannot tell which is its own and uses the main bridge's files. Give each block its own "name".`,
    );
  } else {
    log.warn("This platform's block was not found in config.json (changed since Homebridge started?), so the main bridge's files are used until the next restart.");
  }
  return undefined;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined; // nesting too deep to compare: treated like no match
  }
}
