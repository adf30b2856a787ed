import { join } from 'node:path';
import type { DeviceKind } from './device-kinds.js';

/**
 * What the running plugin publishes for the settings panel, in `<storage>/trygr/status.json`
 * (mode 0600). The panel reads this instead of ever using the refresh token itself: Ring's tokens
 * are single use, and a second user of one would break the plugin.
 */
export interface PluginStatus {
  version: 1;
  updatedAt: string;
  pid: number;
  state: 'starting' | 'not-signed-in' | 'connecting' | 'connected' | 'rejected' | 'stopped';
  /** The newest token's fingerprint and when Ring issued it; never the token. */
  lastRotation?: { fingerprint: string; issuedAt: string };
  locations: Array<{ id: string; name: string }>;
  devices: Array<{ id: string; name: string; kind: DeviceKind; locationId: string; hidden: boolean }>;
  /** A loopback endpoint that answers with a camera's current view, through the privacy gate. */
  snapshots?: { url: string; key: string };
  /** Present while the saved Privacy switch states could not be read and every camera is private. */
  privacySwitches?: PrivacySwitchesProblem;
}

/** Why the Privacy switches failed closed: what went wrong, never the file's content. */
export interface PrivacySwitchesProblem {
  failedClosed: true;
  reason: string;
}

export function statusFilePath(storagePath: string): string {
  return join(storagePath, 'trygr', 'status.json');
}

export function auditDirPath(storagePath: string): string {
  return join(storagePath, 'trygr', 'audit');
}
