/**
 * Everything the emulated cloud knows, shared by the REST routes, the sockets and the control API.
 */
import type { IntercomUnlockAnswer, Scenario } from './types.js';
import type { TokenAuthority } from './token-authority.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { LocationSockets } from './location-sockets.js';
import type { PushHub } from './push-hub.js';
import type { FaultPlan } from './fault-plan.js';
import type { RequestLog } from './request-log.js';
import type { LiveSignalling } from './live-signalling.js';

/** A doorbell press or motion event, kept for the events/history endpoints. */
export interface CameraEvent {
  ding_id: string;
  ding_id_str: string;
  doorbot_id: number;
  /** The camera's location: the location's events endpoint lists only its own. */
  location_id: string;
  kind: 'ding' | 'motion';
  created_at: string;
  detection_type: string | null;
  snapshot_uuid: string;
}

export interface CloudFlags {
  /** Password logins without a 2FA code are refused with Ring's "too many codes" answer. */
  tooManyCodes: boolean;
  /**
   * clients_api calls need a session for the caller's hardware_id (404 naming the id otherwise),
   * as on Ring; this makes the library run its "create a session" path on first use.
   */
  requireSession: boolean;
}

export interface CloudState {
  scenario: Scenario;
  authority: TokenAuthority;
  /** Hardware ids that created a session (`POST /clients_api/session`). */
  sessions: Set<string>;
  /** Push tokens registered through `PATCH /clients_api/device`. */
  registeredPushTokens: Set<string>;
  snapshots: SnapshotStore;
  sockets: LocationSockets;
  /** Live-view signalling tickets, sockets and calls. */
  live: LiveSignalling;
  push: PushHub;
  faults: FaultPlan;
  requests: RequestLog;
  events: CameraEvent[];
  /** Per-device `/devices/v1/devices/{id}/settings` documents, created on first use. */
  deviceSettings: Map<number, Record<string, unknown>>;
  /** How often each chime was asked to play (`play_sound`), by kind. */
  chimePlays: Map<number, { ding: number; motion: number }>;
  /** `unlock_door` requests each intercom answered (ok or refused; faults answer before and are not counted). */
  intercomUnlocks: Map<number, number>;
  /** Intercoms told to refuse unlocks (`setIntercomUnlockAnswer`); absent means 'ok'. */
  intercomUnlockAnswers: Map<number, IntercomUnlockAnswer>;
  flags: CloudFlags;
  /** Host name handed out in `clap/tickets`; the redirect routes it to the emulator. */
  socketHost: string;
  log(message: string): void;
}
