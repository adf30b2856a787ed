/**
 * The account and connection status the panel shows. It comes only from files: config.json, the
 * token sidecar and the status the running plugin publishes. The panel never uses the refresh
 * token to ask Ring itself: tokens are single use, and a second user of one breaks the plugin.
 */
import { readFile } from 'node:fs/promises';
import { FAMILY_OF_KIND, UNHIDEABLE_KINDS, UNHIDEABLE_REASON } from '../../src/config/device-kinds.js';
import type { PluginStatus } from '../../src/config/plugin-status.js';
import { fingerprint } from '../../src/token-store/index.js';
import { panelTarget } from './config-block.js';
import type { UiPaths } from './ui-paths.js';

export interface StatusReport {
  signedIn: boolean;
  /** Where the token is: both files agree, or only one has it. */
  token?: { fingerprint: string; inConfig: boolean; inSidecar: boolean; savedAt?: string };
  plugin: {
    /** The status file exists and its process is alive. */
    running: boolean;
    state?: PluginStatus['state'];
    updatedAt?: string;
    lastRotation?: PluginStatus['lastRotation'];
    locations: PluginStatus['locations'];
    devices: PluginStatus['devices'];
    snapshots: boolean;
    /** The running plugin could not read the saved Privacy switches: every camera is private. */
    privacySwitches?: PluginStatus['privacySwitches'];
    /** Ring's push channel, while the plugin runs. */
    pushHealth?: PluginStatus['pushHealth'];
  };
  /** Kinds the panel offers no quick choice for (the plugin's one list), and why. */
  lifeSafety: { kinds: readonly string[]; reason: string };
  /** The family each kind is hidden with (`hideDeviceFamilies`), the plugin's one list. */
  familyOfKind: Readonly<Record<string, string | undefined>>;
}

/** `file` is the status of the bridge the edited block runs on (PluginFiles.statusFile). */
export async function readPluginStatus(file: string): Promise<PluginStatus | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as PluginStatus;
    return parsed && parsed.version === 1 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function processAlive(pid: number, kill: (pid: number, signal: 0) => void = (p, s) => process.kill(p, s)): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but run by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readSidecar(path: string): Promise<{ refreshToken?: string; issuedAt?: string } | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof data.refreshToken === 'string' && data.refreshToken !== '' && { refreshToken: data.refreshToken }),
      ...(typeof data.issuedAt === 'string' && { issuedAt: data.issuedAt }),
    };
  } catch {
    return undefined;
  }
}

export async function statusReport(paths: UiPaths): Promise<StatusReport> {
  const { block, files } = await panelTarget(paths);
  const sidecar = await readSidecar(files.sidecarFile);
  const newest = sidecar?.refreshToken ?? block?.refreshToken;
  const status = await readPluginStatus(files.statusFile);
  const running = status !== undefined && status.state !== 'stopped' && processAlive(status.pid);
  return {
    signedIn: newest !== undefined,
    ...(newest !== undefined && {
      token: {
        fingerprint: fingerprint(newest),
        inConfig: block?.refreshToken !== undefined && fingerprint(block.refreshToken) === fingerprint(newest),
        inSidecar: sidecar?.refreshToken !== undefined,
        ...(sidecar?.issuedAt !== undefined && { savedAt: sidecar.issuedAt }),
      },
    }),
    plugin: {
      running,
      ...(status && { state: running ? status.state : 'stopped', updatedAt: status.updatedAt }),
      ...(status?.lastRotation && { lastRotation: status.lastRotation }),
      locations: status?.locations ?? [],
      devices: status?.devices ?? [],
      snapshots: running && status?.snapshots !== undefined,
      ...(running && status?.privacySwitches && { privacySwitches: status.privacySwitches }),
      ...(running && status?.pushHealth && { pushHealth: status.pushHealth }),
    },
    lifeSafety: { kinds: UNHIDEABLE_KINDS, reason: UNHIDEABLE_REASON },
    familyOfKind: FAMILY_OF_KIND,
  };
}
