import type { Observable } from 'rxjs';
import type { AlarmStateSignal, CommandOutcome, Decision, Device, EventSignal, HomeKitCommand, Signal } from './types.js';

/** What a snapshot answer is for: a notification's picture, or the Home app's tile. */
/** How a missed push was handled: offered to HomeKit late (as the decision allows), or only recorded. */
export interface MissedByPush {
  lateDelivery: boolean;
}

export interface SnapshotQuery {
  width: number;
  height: number;
  purpose: 'event' | 'on-demand';
}

/** A Ring push, decided once; everything derived from it (sensors, picture, audit) follows this. */
export interface PushVerdict {
  readonly signal: EventSignal;
  readonly decision: Decision;
  /** Whether the push itself (sensor, doorbell press) may reach Apple Home. */
  readonly forwards: boolean;
  /** Whether its picture may show any of the camera's pixels; when not, Ring is not even asked for it. */
  readonly showsImage: boolean;
}

/**
 * The one gate every signal passes before it touches a HAP characteristic or leaves as snapshot
 * bytes. Accessories hold this interface only; the decisions behind it are pure functions
 * (decide.ts, decide-signal.ts), made against the situation at the moment of delivery.
 */
export interface SignalGate {
  /**
   * Decides a Ring push once, with all its facts, and records it. `missedByPush`: the event never
   * came by push and was found in Ring's history; recorded as such (a missed event that is not
   * delivered, `lateDelivery: false`, is decided and recorded only: its verdict is not acted on).
   */
  push(device: Device, signal: EventSignal, missedByPush?: MissedByPush): PushVerdict;
  /** Decides and records an alarm device's state change; true when HomeKit may see it. */
  allowAlarmState(device: Device, signal: AlarmStateSignal): boolean;
  /**
   * Whether the signal would be forwarded now, without recording anything: for re-checking a
   * question already asked and recorded (a blocked alarm state waiting for the rule to lift).
   */
  wouldForward(device: Device, signal: Signal): boolean;
  /**
   * The JPEG HomeKit gets, at the requested size. Decided when asked and again when the image
   * has arrived and been rendered; the stricter decision wins and is the one recorded. A request
   * that belongs to a push (`push`) never shows more than the push was allowed to.
   */
  snapshot(device: Device, query: SnapshotQuery, source: () => Promise<Buffer | undefined>, push?: PushVerdict): Promise<Buffer>;
  /** Decides and records a live stream's start. */
  allowStream(device: Device): boolean;
  /** Judges a running stream again; records the decision only when it must end. */
  streamStillAllowed(device: Device): boolean;
  /**
   * Records a HomeKit write for the audit: commands are not signals and are never blocked or
   * delayed. Called when HomeKit asks; the returned function is called once with how it went.
   * Neither throws.
   */
  command(device: Device, command: HomeKitCommand): (outcome: CommandOutcome) => void;
  /** Anything decisions depend on changed: the policy, a Ring mode, a Privacy switch, the clock. */
  readonly changes$: Observable<unknown>;
}
