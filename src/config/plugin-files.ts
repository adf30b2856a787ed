/**
 * Where the plugin keeps its own files: the one place that knows, for the plugin, the token store,
 * the settings panel and the CLI (no I/O here; private-files.ts reads and writes them).
 *
 * A block on the main bridge keeps the paths every earlier version used, in `<storage>/trygr/`. A
 * block on a child bridge gets `<storage>/trygr/<bridge username, upper case, no colons>/`, so two
 * Trygr child bridges never share a status, Privacy switches, ledger or system id. The token sidecar
 * keeps the name the token store has always given it (`token-<bridge>.json` beside the folders):
 * moving a file that holds the only copy of a single-use token is not worth the tidiness.
 */
import { join } from 'node:path';

export const PLUGIN_FOLDER = 'trygr';

export interface PluginFiles {
  /** The child bridge these files belong to; undefined on the main bridge. */
  readonly bridgeUsername?: string;
  /** `<storage>/trygr`: made private at startup, holds the token sidecars. */
  readonly root: string;
  /** This bridge's own folder: `root` on the main bridge. */
  readonly folder: string;
  /** What the running plugin publishes for the settings panel. */
  readonly statusFile: string;
  readonly switchesFile: string;
  /** The cameras of the last connection, published from it at the next start before Ring answers. */
  readonly camerasFile: string;
  readonly auditDir: string;
  readonly systemIdFile: string;
  readonly sidecarFile: string;
  /** A child bridge's files as earlier versions kept them (shared by every bridge): read once to carry them over. */
  readonly legacy?: { readonly switchesFile: string; readonly systemIdFile: string };
}

const SWITCHES = 'privacy-switches.json';
const SYSTEM_ID = 'system-id';

/** A bridge username as a file name: `0e:aa:bb:cc:dd:ee` → `0EAABBCCDDEE`. */
export function bridgeKey(bridgeUsername: string): string {
  return bridgeUsername.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** The token sidecar's name (unchanged since the token store's first version). */
export function sidecarFileName(bridgeUsername?: string): string {
  return bridgeUsername === undefined ? 'token.json' : `token-${bridgeKey(bridgeUsername)}.json`;
}

export function pluginFiles(storagePath: string, bridgeUsername?: string): PluginFiles {
  const root = join(storagePath, PLUGIN_FOLDER);
  // A username with no letters or digits cannot be a Homebridge bridge; it still must not land in `root`.
  const folder = bridgeUsername === undefined ? root : join(root, bridgeKey(bridgeUsername) || '_');
  return {
    ...(bridgeUsername !== undefined && { bridgeUsername }),
    root,
    folder,
    statusFile: join(folder, 'status.json'),
    switchesFile: join(folder, SWITCHES),
    camerasFile: join(folder, 'cameras.json'),
    auditDir: join(folder, 'audit'),
    systemIdFile: join(folder, SYSTEM_ID),
    sidecarFile: join(root, sidecarFileName(bridgeUsername)),
    ...(bridgeUsername !== undefined && { legacy: { switchesFile: join(root, SWITCHES), systemIdFile: join(root, SYSTEM_ID) } }),
  };
}
