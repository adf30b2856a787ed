import type { DetectionType, DeviceKind } from '../config/device-kinds.js';

/** How the gate knows a device: plain data, never a ring-client-api object. */
export interface GateDevice {
  id: string;
  name: string;
  kind: DeviceKind;
  locationId: string;
}


export type EventSignal =
  | { type: 'motion' }
  | { type: 'detection'; detectionType: DetectionType }
  | { type: 'doorbell' }
  | { type: 'alarm-state'; lifeSafety: boolean };

export interface SnapshotRequest {
  width: number;
  height: number;
  /** An event snapshot is the image for a notification; on-demand is the Home app's tile. */
  purpose: 'event' | 'on-demand';
}

/**
 * The one gate every signal passes before it touches a HAP characteristic or leaves as snapshot
 * bytes. Accessories hold this interface only; the decisions behind it are pure functions.
 */
export interface SignalGate {
  /** True when the event may be shown in HomeKit. */
  allowEvent(device: GateDevice, signal: EventSignal): boolean;
  /** The JPEG HomeKit gets: the source redacted or replaced as the policy says, at the requested size. */
  snapshot(device: GateDevice, request: SnapshotRequest, source: () => Promise<Buffer | undefined>): Promise<Buffer>;
  /** True when a live stream may start. */
  allowStream(device: GateDevice): boolean;
}
