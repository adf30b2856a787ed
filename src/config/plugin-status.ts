import type { DeviceKind } from './device-kinds.js';
import { pluginFiles } from './plugin-files.js';

/**
 * What the running plugin publishes for the settings panel, in its bridge's `status.json`
 * (mode 0600; see plugin-files.ts). The panel reads this instead of ever using the refresh token itself: Ring's tokens
 * are single use, and a second user of one would break the plugin.
 */
export interface PluginStatus {
  version: 1;
  updatedAt: string;
  pid: number;
  state: 'starting' | 'not-signed-in' | 'connecting' | 'connected' | 'rejected' | 'stopped';
  /** The newest token's fingerprint and when Ring issued it; never the token. */
  lastRotation?: { fingerprint: string; issuedAt: string };
  /** `mode`: the location's Ring mode as the privacy rules see it, so the panel can show it. */
  locations: Array<{ id: string; name: string; mode?: 'home' | 'away' | 'disarmed' | 'unknown' }>;
  /** `hidden`: as this running plugin reads the config; `homebridgeRingId`: the UUID homebridge-ring gave the device (hideDeviceIds may hold it). */
  devices: Array<{ id: string; name: string; kind: DeviceKind; locationId: string; hidden: boolean; homebridgeRingId?: string }>;
  /** A loopback endpoint that answers with a camera's current view, through the privacy gate. */
  snapshots?: { url: string; key: string };
  /** Present while the saved Privacy switch states could not be read and every camera is private. */
  privacySwitches?: PrivacySwitchesProblem;
  /** How Ring's push channel (dings and motion) is doing; see src/ring/push-health.ts. */
  pushHealth?: PushHealthStatus;
}

/** healthy: connected and alive; degraded: reconnecting or silent too long; down: disconnected or never connected. */
export type PushHealthState = 'healthy' | 'degraded' | 'down';

/** Push channel health as published; times are ISO strings, absent when it never happened. */
export interface PushHealthStatus {
  state: PushHealthState;
  /** Why the state is what it is, in a few words for the panel. */
  reason: string;
  /** Absent when the receiver's connection cannot be observed (then only pushes are). */
  connected?: boolean;
  lastPushAt?: string;
  /** The newest sign of life: connection, heartbeat or push. */
  lastSignOfLifeAt?: string;
  /** Camera pushes let through (duplicates not counted), per Ring device id. */
  receivedByCamera: Record<string, number>;
  received: number;
  /** Pushes with a ding id already seen, dropped before the privacy gate. */
  duplicatesDropped: number;
  /** Events in Ring's history that never arrived by push, found in the last 24 hours (push-reconcile.ts). */
  missed24h?: number;
  lastMissAt?: string;
  /** The newest restart of the push receiver, and how (push-recovery-policy.ts). */
  lastRecoveryAt?: string;
  lastRecoveryKind?: 'restart' | 'fresh-registration';
  recoveries?: number;
}

/** Why the Privacy switches failed closed: what went wrong, never the file's content. */
export interface PrivacySwitchesProblem {
  failedClosed: true;
  reason: string;
}

/** Shorthands for plugin-files.ts, kept for the audit ledger's and older callers' imports. */
export function statusFilePath(storagePath: string, bridgeUsername?: string): string {
  return pluginFiles(storagePath, bridgeUsername).statusFile;
}

export function auditDirPath(storagePath: string, bridgeUsername?: string): string {
  return pluginFiles(storagePath, bridgeUsername).auditDir;
}
