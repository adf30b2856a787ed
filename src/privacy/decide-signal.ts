/**
 * One meaning per signal: how a Ring push, and everything derived from it, is decided.
 *
 * A motion push that carries a detection is one happening seen two ways: as `motion` (the plain
 * Motion sensor) and as `detection` (the Person, Vehicle or Package sensor). It is decided once,
 * under both, and the strictest outcome governs all of it: both sensors, the event snapshot, the
 * notification picture and the audit record. So a rule that blocks people blocks the plain Motion
 * sensor for that push too, and its picture, whichever signal kinds the rule lists.
 *
 * The picture of a push (`event-snapshot` with a `cause`) is decided as its own signal with the
 * push's detection, joined with the push's decision: it never shows more than the push could.
 */
import { decide } from './decide.js';
import { strictest } from './decision-order.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { Decision, DecisionContext, Device, EventSignal, PushKind, Signal } from './types.js';

/** A Ring push as a signal: a doorbell press, or a motion with what the detector saw. */
export function pushSignal(kind: PushKind, detectionType?: EventSignal['detectionType']): EventSignal {
  return kind === 'motion' && detectionType !== undefined ? { type: 'motion', detectionType } : { type: kind };
}

/** The signal kinds one push is judged as. */
export function pushSignals(push: EventSignal): EventSignal[] {
  if (push.type === 'motion' && push.detectionType !== undefined) {
    return [push, { type: 'detection', detectionType: push.detectionType }];
  }
  return [push];
}

/** The one decision for a Ring push (`motion`, with its detection if any, or `doorbell`). */
export function decidePush(push: EventSignal, device: Device, context: DecisionContext, policy: CompiledPolicy | undefined): Decision {
  return pushSignals(push)
    .map((signal) => decide(signal, device, context, policy))
    .reduce(strictest);
}

/** The signal of the picture that belongs to a push. */
export function pictureOf(push: EventSignal): EventSignal {
  const cause: PushKind = push.type === 'doorbell' ? 'doorbell' : 'motion';
  return { type: 'event-snapshot', cause, ...(push.detectionType !== undefined && { detectionType: push.detectionType }) };
}

/**
 * Any signal as the plugin decides it live: a push as above, a push's picture bounded by its
 * push, everything else by `decide` alone. The dry run replays recorded signals through this, so a
 * replay means what the live decision meant.
 */
export function decideSignal(signal: Signal, device: Device, context: DecisionContext, policy: CompiledPolicy | undefined): Decision {
  if (signal.type === 'motion' || signal.type === 'doorbell') return decidePush(signal, device, context, policy);
  const own = decide(signal, device, context, policy);
  if (signal.type !== 'event-snapshot' || signal.cause === undefined) return own;
  return strictest(decidePush(pushSignal(signal.cause, signal.detectionType), device, context, policy), own);
}
