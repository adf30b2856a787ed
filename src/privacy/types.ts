/**
 * Plain data the privacy layer reasons about: what happened (Signal), where (DeviceDescriptor),
 * in which situation (DecisionContext), and what to do about it (Decision).
 *
 * Everything here is JSON-like data so callers can build it from Ring objects without
 * importing Ring or HAP types, and so tests can generate it freely. The device-kind vocabulary
 * is shared with the config (src/config/device-kinds.ts).
 */
import {
  ALARM_KINDS,
  CAMERA_KINDS,
  DETECTION_TYPES,
  DEVICE_KINDS,
  SENSOR_KINDS,
  type DetectionType,
  type DeviceKind,
} from '../config/device-kinds.js';

export const SIGNAL_KINDS = [
  'motion',
  'detection',
  'doorbell',
  'event-snapshot',
  'snapshot',
  'stream-start',
  'alarm-state',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export { DETECTION_TYPES, DEVICE_KINDS, CAMERA_KINDS, ALARM_KINDS };
export type { DetectionType, DeviceKind };

/**
 * Why an alarm-state change concerns someone's safety. The Ring adapter maps Ring's states
 * (fire-alarm, co-alarm, burglar-alarm, entry-delay, panic, flood/freeze faults) onto these.
 */
export const LIFE_SAFETY_KINDS = ['smoke', 'co', 'flood', 'freeze', 'security-alarm', 'panic'] as const;
export type LifeSafetyKind = (typeof LIFE_SAFETY_KINDS)[number];

/** Camera and doorbell happenings. `detectionType` is what Ring's detector saw, when known. */
export interface EventSignal {
  readonly type: Exclude<SignalKind, 'alarm-state'>;
  /**
   * For `detection` an absent type means "unknown" and the decision fails closed over all types.
   * Other kinds may carry it (a motion event or event snapshot caused by a person detection);
   * without it they do not match rules that list `detectionTypes`.
   */
  readonly detectionType?: DetectionType;
}

/** A Ring Alarm device changed state. Life-safety states always reach Apple Home. */
export interface AlarmStateSignal {
  readonly type: 'alarm-state';
  /**
   * Set (true, or the kind of alarm) when this change is an alarm someone must hear about:
   * smoke, CO, flood, a triggered security system. Smoke/CO/flood sensors count as life safety
   * even without it.
   */
  readonly lifeSafety?: boolean | LifeSafetyKind;
}

export type Signal = EventSignal | AlarmStateSignal;

/** Names a rule may use to select a whole family of kinds at once. */
export const DEVICE_GROUPS = {
  camera: CAMERA_KINDS,
  alarm: ALARM_KINDS,
  sensor: SENSOR_KINDS,
} as const satisfies Record<string, readonly DeviceKind[]>;
export type DeviceGroup = keyof typeof DEVICE_GROUPS;

/** Kinds whose every alarm-state change is life safety, whatever the signal says. */
export const LIFE_SAFETY_DEVICE_KINDS: readonly DeviceKind[] = [
  'smoke-co-sensor',
  'smoke-sensor',
  'co-sensor',
  'flood-freeze-sensor',
];

/**
 * Kinds that can emit a life-safety alarm-state (the sensors above, plus the system hardware
 * that reports a triggered alarm or panic, plus devices we cannot classify). Validation refuses
 * restrictive rules covering them.
 */
export const LIFE_SAFETY_CAPABLE_KINDS: readonly DeviceKind[] = [
  ...LIFE_SAFETY_DEVICE_KINDS,
  'security-panel',
  'base-station',
  'other-alarm-device',
];

export interface DeviceDescriptor {
  /** Ring's id for the device (stringified). */
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly locationId: string;
}

export type LocationMode = 'home' | 'away' | 'disarmed' | 'unknown';

/**
 * The situation a decision is made in. `undefined` means "not known right now", and the
 * decision fails closed over every value it could have.
 */
export interface DecisionContext {
  readonly mode: LocationMode;
  /** The plugin-wide Privacy switch. */
  readonly globalPrivacy: boolean | undefined;
  /** This device's Privacy switch. Pass `false` for a device that has no switch. */
  readonly devicePrivacy: boolean | undefined;
  /** `undefined` when the clock cannot be trusted (e.g. not yet synchronised). */
  readonly now: Date | undefined;
}

export const ACTIONS = ['forward', 'event-only', 'block'] as const;
/**
 * - `forward`: events, original snapshots and live streams reach Apple Home.
 * - `event-only`: events reach Apple Home; snapshots are redacted (or a placeholder); streams are refused.
 * - `block`: nothing reaches Apple Home; snapshots are the placeholder; streams are refused.
 */
export type Action = (typeof ACTIONS)[number];

/** A rectangle in fractions of the camera frame: (0,0) is top-left, (1,1) bottom-right. */
export interface Zone {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export const REDACTION_METHODS = ['pixelate', 'blur', 'mask'] as const;
export type RedactionMethod = (typeof REDACTION_METHODS)[number];

/**
 * One redaction step. `zones` absent = the whole frame. `strength` is a fraction of the output
 * width: the pixel-block size for pixelate, the blur sigma for blur. Masks are opaque black.
 */
export type Redaction =
  | { readonly method: 'mask'; readonly zones?: readonly Zone[] }
  | { readonly method: 'pixelate' | 'blur'; readonly zones?: readonly Zone[]; readonly strength: number };

export type SnapshotTreatment =
  | { readonly kind: 'original' }
  | { readonly kind: 'placeholder' }
  | { readonly kind: 'redacted'; readonly redactions: readonly Redaction[] };

/** What decided the outcome, for logs and the audit ledger. */
export type DecisionBasis = 'rule' | 'default' | 'privacy-switch' | 'life-safety' | 'no-policy';

export interface Decision {
  readonly action: Action;
  /** What a snapshot of this device may show under this decision. */
  readonly snapshot: SnapshotTreatment;
  readonly basis: DecisionBasis;
  /** Index into `policy.rules` of the rule behind the outcome (0-based). */
  readonly ruleIndex?: number;
  readonly ruleName?: string;
  /** One sentence for logs: why this outcome. */
  readonly reason: string;
  /**
   * True when something the policy depends on was unknown (or the policy was invalid) and
   * the outcome is stricter than at least one of the possibilities.
   */
  readonly failedClosed: boolean;
}
