/**
 * Turns a ledger record back into the inputs decideSignal() saw, and describes outcomes so a recorded
 * one and a replayed one can be compared. The ledger keeps whether the clock was trusted and the
 * decision time, so schedules and fail-closed cases replay as they were decided.
 */
import { auditSnapshot, type AuditRecord, type AuditRule, type AuditSnapshot } from '../audit/audit-record.js';
import { isStateSignalKind, type Action, type Decision, type DecisionContext, type Device, type Signal } from '../types.js';

export interface ReplayInputs {
  readonly device: Device;
  readonly signal: Signal;
  readonly context: DecisionContext;
}

export function replayInputs(record: AuditRecord): ReplayInputs {
  const { device, signal, context } = record;
  return {
    device: { id: device.id, name: device.name, kind: device.kind, locationId: device.locationId },
    signal: isStateSignalKind(signal.type)
      ? { type: signal.type, ...(signal.lifeSafety !== undefined && { lifeSafety: signal.lifeSafety }) }
      : {
          type: signal.type,
          ...(signal.detectionType !== undefined && { detectionType: signal.detectionType }),
          ...(signal.cause !== undefined && { cause: signal.cause }),
        },
    context: {
      mode: context.mode,
      globalPrivacy: context.globalPrivacy ?? undefined,
      devicePrivacy: context.devicePrivacy ?? undefined,
      now: context.clockTrusted ? new Date(record.time) : undefined,
    },
  };
}

/** An outcome as the ledger stores it; both the recorded and the replayed one take this shape. */
export interface ReplayOutcome {
  readonly action: Action;
  readonly snapshot: AuditSnapshot;
  readonly rule: AuditRule;
  readonly failedClosed: boolean;
}

export function recordedOutcome(record: AuditRecord): ReplayOutcome {
  return { action: record.action, snapshot: record.snapshot, rule: record.rule, failedClosed: record.failedClosed };
}

export function outcomeOf(decision: Decision): ReplayOutcome {
  const snapshot = decision.snapshot;
  return {
    action: decision.action,
    snapshot: auditSnapshot(snapshot),
    rule: {
      basis: decision.basis,
      ...(decision.ruleIndex !== undefined && { index: decision.ruleIndex }),
      ...(decision.ruleName !== undefined && { name: decision.ruleName }),
    },
    failedClosed: decision.failedClosed,
  };
}

/**
 * What reaches Apple Home, in words: `forward`, `block`, `event-only (placeholder)` or
 * `event-only (redacted: blur, mask)`, `event-only (redacted: blur; anonymizing faces)`. Two outcomes with the same label let through the same
 * (zones and strengths are not in the ledger, so a moved zone is not a change here).
 */
export function outcomeLabel(outcome: Pick<ReplayOutcome, 'action' | 'snapshot'>): string {
  if (outcome.action !== 'event-only') return outcome.action;
  const { snapshot } = outcome;
  if (snapshot.kind !== 'redacted') return `event-only (${snapshot.kind})`;
  const anonymizing = snapshot.anonymize && snapshot.anonymize.length > 0 ? `; anonymizing ${snapshot.anonymize.join(', ')}` : '';
  return `event-only (redacted: ${(snapshot.methods ?? []).join(', ')}${anonymizing})`;
}

/** Which rule or fallback decided, in words: `rule 2 "Garden"`, `default`, `Privacy switch`, … */
export function ruleLabel(rule: AuditRule): string {
  switch (rule.basis) {
    case 'rule':
      return `rule ${(rule.index ?? 0) + 1}${rule.name === undefined ? '' : ` "${rule.name}"`}`;
    case 'privacy-switch':
      return 'Privacy switch';
    case 'life-safety':
      return 'life safety';
    case 'no-policy':
      return 'no valid policy';
    default:
      return 'default';
  }
}
