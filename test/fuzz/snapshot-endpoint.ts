/**
 * Where the running plugin's snapshot server listens and its key, from what the plugin publishes
 * for the settings panel (`status.json` under `<storage>/trygr/`, `snapshots`). Searched for rather
 * than hard-coded, so it keeps working if the status file moves to a per-bridge folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SnapshotEndpoint {
  url: string;
  port: number;
  key: string;
  /** Ids of the cameras the plugin published (what `/snapshot/<id>` takes). */
  cameraIds: string[];
}

function statusFiles(dir: string, depth = 0): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth < 3 && entry.name !== 'audit') return statusFiles(path, depth + 1);
    return entry.isFile() && entry.name === 'status.json' ? [path] : [];
  });
}

/** The endpoint, or undefined while no status file names one yet. */
export function readSnapshotEndpoint(storagePath: string): SnapshotEndpoint | undefined {
  for (const file of statusFiles(join(storagePath, 'trygr'))) {
    try {
      const status = JSON.parse(readFileSync(file, 'utf8')) as { snapshots?: { url?: unknown; key?: unknown }; devices?: Array<{ id?: unknown; kind?: unknown }> };
      const { snapshots } = status;
      if (typeof snapshots?.url === 'string' && typeof snapshots.key === 'string') {
        const cameraIds = (Array.isArray(status.devices) ? status.devices : [])
          .filter((device) => device.kind === 'camera' || device.kind === 'doorbell')
          .map((device) => String(device.id));
        return { url: snapshots.url, port: Number(new URL(snapshots.url).port), key: snapshots.key, cameraIds };
      }
    } catch {
      // Being rewritten, or not ours: look at the next one.
    }
  }
  return undefined;
}
