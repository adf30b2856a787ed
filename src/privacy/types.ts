/**
 * Plain data the privacy layer reasons about: what happened (Signal), where (Device),
 * in which situation (DecisionContext), and what to do about it (Decision). Each concept has one
 * name here; the gate, the accessories, the audit ledger and the dry run all use these.
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
  LIFE_SAFETY_DEVICE_KINDS,
  SENSOR_KINDS,
  type DetectionType,
  type DeviceKind,
} from '../config/device-kinds.js';

/**
 * Changes of a device's state, as opposed to camera events. `alarm-state` is every such change; the
 * others name one part of it, because locking a door, switching a light or changing the mode says
 * who is home. A rule that lists `alarm-state` also covers the narrower kinds (so rules written
 * before they existed keep covering locks, lights, switches and modes); a rule that lists only
 * `lock-state` covers lock changes alone. Life-safety changes are always `alarm-state`.
 */
export const STATE_SIGNAL_KINDS = ['alarm-state', 'lock-state', 'light-state', 'switch-state', 'mode-change'] as const;
export type StateSignalKind = (typeof STATE_SIGNAL_KINDS)[number];

export const SIGNAL_KINDS = ['motion', 'detection', 'doorbell', 'event-snapshot', 'snapshot', 'stream-start', ...STATE_SIGNAL_KINDS] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

const STATE_SIGNAL_SET: ReadonlySet<string> = new Set(STATE_SIGNAL_KINDS);

export function isStateSignalKind(kind: string): kind is StateSignalKind {
  return STATE_SIGNAL_SET.has(kind);
}

export function isStateSignal(signal: Signal): signal is AlarmStateSignal {
  return STATE_SIGNAL_SET.has(signal.type);
}

export { DETECTION_TYPES, DEVICE_KINDS, CAMERA_KINDS, ALARM_KINDS };
export type { DetectionType, DeviceKind };

/**
 * Why an alarm-state change concerns someone's safety (a cause, not a device kind: for those see
 * LIFE_SAFETY_DEVICE_KINDS). The Ring adapter maps Ring's states (fire-alarm, co-alarm,
 * burglar-alarm, entry-delay, panic, flood/freeze faults) onto these.
 */
export const LIFE_SAFETY_CAUSES = ['smoke', 'co', 'flood', 'freeze', 'security-alarm', 'panic'] as const;
export type LifeSafetyCause = (typeof LIFE_SAFETY_CAUSES)[number];

/**
 * What Ring's detector said about a motion: one of our detection types, or `unknown` for a word
 * Ring sent that we do not know (a new detection Ring added, or a malformed field). `unknown` is
 * treated as every detection type at once, so it cannot slip past a rule that names one.
 */
export type SeenDetection = DetectionType | 'unknown';

/** Camera and doorbell happenings. `detectionType` is what Ring's detector saw, when it saw anything. */
export interface EventSignal {
  readonly type: Exclude<SignalKind, StateSignalKind>;
  /**
   * Absent: the push carried no detection (plain motion, a doorbell press); such a signal does not
   * match rules that list `detectionTypes`. `unknown`, or a `detection` signal without a type, fails
   * closed over all types.
   */
  readonly detectionType?: SeenDetection;
  /** For an `event-snapshot`: the push it is the picture of (its decision bounds the picture's). */
  readonly cause?: PushKind;
}

/** The signal kinds a Ring push arrives as. */
export type PushKind = 'motion' | 'doorbell';

/** A Ring Alarm, hub or location device changed state. Life-safety states always reach Apple Home. */
export interface AlarmStateSignal {
  readonly type: StateSignalKind;
  /**
   * Set (true, or the kind of alarm) when this change is an alarm someone must hear about:
   * smoke, CO, flood, a triggered security system; such a change is sent as `alarm-state`.
   * Smoke/CO/flood sensors count as life safety even without it.
   */
  readonly lifeSafety?: boolean | LifeSafetyCause;
}

export type Signal = EventSignal | AlarmStateSignal;

/** Names a rule may use to select a whole family of kinds at once. */
export const DEVICE_GROUPS = {
  camera: CAMERA_KINDS,
  alarm: ALARM_KINDS,
  sensor: SENSOR_KINDS,
} as const satisfies Record<string, readonly DeviceKind[]>;
export type DeviceGroup = keyof typeof DEVICE_GROUPS;

/** Kinds whose every alarm-state change is life safety, whatever the signal says (one list, in the config vocabulary). */
export { LIFE_SAFETY_DEVICE_KINDS };

/**
 * Kinds that can emit a life-safety alarm-state (the sensors above, plus the system hardware
 * that reports a triggered alarm or panic, plus devices we cannot classify). Validation refuses
 * restrictive rules covering them.
 */
export const LIFE_SAFETY_CAPABLE_KINDS: readonly DeviceKind[] = [...LIFE_SAFETY_DEVICE_KINDS, 'security-panel', 'base-station', 'other-alarm-device'];

/** A Ring device as the privacy layer knows it: plain data, never a ring-client-api object. */
export interface Device {
  /** Ring's id for the device (stringified; a zid for Ring Alarm devices). */
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

/** What an anonymizing redaction looks for in each picture: faces, or whole people. */
export const ANONYMIZE_TARGETS = ['faces', 'persons'] as const;
export type AnonymizeTarget = (typeof ANONYMIZE_TARGETS)[number];

/**
 * One redaction step. Where it applies: `zones` (fixed areas), `anonymize` (what a detector finds
 * in each picture), or neither (the whole frame); never both. `strength` is a fraction of the
 * output width: the pixel-block size for pixelate, the blur sigma for blur. Masks are opaque black.
 */
export type Redaction =
  | { readonly method: 'mask'; readonly zones?: readonly Zone[]; readonly anonymize?: AnonymizeTarget }
  | { readonly method: 'pixelate' | 'blur'; readonly zones?: readonly Zone[]; readonly anonymize?: AnonymizeTarget; readonly strength: number };

/**
 * What anonymizing did to one picture: how many regions it treated, or why the picture became the
 * placeholder instead (the detector timed out, failed, or is not installed): it fails closed.
 */
export const ANONYMIZE_FAILURES = ['timeout', 'error', 'unavailable'] as const;
export type AnonymizeFailure = (typeof ANONYMIZE_FAILURES)[number];
export type AnonymizeOutcome = { readonly regions: number } | { readonly failed: AnonymizeFailure };

export type SnapshotTreatment =
  { readonly kind: 'original' } | { readonly kind: 'placeholder' } | { readonly kind: 'redacted'; readonly redactions: readonly Redaction[] };

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

/**
 * A HomeKit write, as the audit ledger records it: not a privacy signal (commands are never
 * blocked), but a record of what was asked of a device. Generic and derived from HAP, never Ring's
 * request bodies.
 */
export interface HomeKitCommand {
  /** The HAP characteristic's name without spaces: `LockTargetState`, `On`, `Brightness`. */
  readonly characteristic: string;
  /** What HomeKit wrote; the ledger keeps booleans and finite numbers only. */
  readonly value: unknown;
  /** The service's subtype (`siren`, `light`, `snooze`, `privacy`): which of a device's controls. */
  readonly service?: string;
  /** A setting of this plugin (a camera's Privacy switch) rather than a command sent to Ring. */
  readonly local?: boolean;
}

export type CommandOutcome = { readonly outcome: 'done' } | { readonly outcome: 'failed'; readonly reason: string };
