/**
 * The restrictiveness order over decisions, and what a decision lets through.
 *
 *   block  >  event-only with placeholder  >  event-only with redactions  >  forward
 *
 * Two event-only decisions with different redactions are not comparable on their own; when
 * failing closed both apply (the union of redactions), which is at least as strict as either.
 */
import type { Decision, Redaction, SnapshotTreatment } from './types.js';

export const LEVEL_FORWARD = 0;
export const LEVEL_REDACTED = 1;
export const LEVEL_PLACEHOLDER = 2;
export const LEVEL_BLOCK = 3;

export function restrictiveness(decision: Pick<Decision, 'action' | 'snapshot'>): number {
  if (decision.action === 'block') return LEVEL_BLOCK;
  if (decision.action === 'forward') return LEVEL_FORWARD;
  return decision.snapshot.kind === 'redacted' ? LEVEL_REDACTED : LEVEL_PLACEHOLDER;
}

/** A stable text for one redaction, so equal redactions from different rules count once. */
export function redactionKey(redaction: Redaction): string {
  const zones = redaction.zones ? redaction.zones.map((z) => `${z.x},${z.y},${z.w},${z.h}`).join(';') : redaction.anonymize ? `@${redaction.anonymize}` : '*';
  return `${redaction.method}:${'strength' in redaction ? redaction.strength : ''}:${zones}`;
}

/** Equal keys ⇔ same action and same effect on snapshots (redactions compared as a set). */
export function outcomeKey(decision: Pick<Decision, 'action' | 'snapshot'>): string {
  const snapshot = decision.snapshot;
  if (snapshot.kind !== 'redacted') return `${decision.action}|${snapshot.kind}`;
  const keys = [...new Set(snapshot.redactions.map(redactionKey))].sort();
  return `${decision.action}|redacted|${keys.join('|')}`;
}

/** True when `a` lets through nothing that `b` would not. */
export function isAtLeastAsRestrictive(a: Decision, b: Decision): boolean {
  const levelA = restrictiveness(a);
  const levelB = restrictiveness(b);
  if (levelA !== levelB) return levelA > levelB;
  if (levelA !== LEVEL_REDACTED) return true;
  const keysA = new Set(redactionsOf(a.snapshot).map(redactionKey));
  return redactionsOf(b.snapshot).every((r) => keysA.has(redactionKey(r)));
}

function redactionsOf(snapshot: SnapshotTreatment): readonly Redaction[] {
  return snapshot.kind === 'redacted' ? snapshot.redactions : [];
}

/** Whether the signal itself (motion, detection, doorbell press, alarm state) may reach Apple Home. */
export function forwardsEvent(decision: Decision): boolean {
  return decision.action !== 'block';
}

/** Whether a live stream may start. Event-only never streams: live video cannot be redacted here. */
export function allowsLiveStream(decision: Decision): boolean {
  return decision.action === 'forward';
}

/** Whether a snapshot under this decision may show any of the camera's pixels. */
export function showsImage(decision: Decision): boolean {
  return decision.action !== 'block' && decision.snapshot.kind !== 'placeholder';
}

/**
 * The join of two decisions about one signal: whatever either would hold back stays held back.
 * The stricter one is kept as it is (its rule explains the outcome); two different sets of
 * redactions at the same level are both applied, `a`'s first.
 */
export function strictest(a: Decision, b: Decision): Decision {
  const levelA = restrictiveness(a);
  const levelB = restrictiveness(b);
  if (levelB > levelA) return b;
  if (levelA > levelB || levelA !== LEVEL_REDACTED || outcomeKey(a) === outcomeKey(b)) return a;
  const seen = new Set(redactionsOf(a.snapshot).map(redactionKey));
  const extra = redactionsOf(b.snapshot).filter((r) => !seen.has(redactionKey(r)));
  return Object.freeze({
    ...a,
    snapshot: Object.freeze({ kind: 'redacted' as const, redactions: Object.freeze([...redactionsOf(a.snapshot), ...extra]) }),
    reason: `${a.reason} ${b.reason}`,
    failedClosed: a.failedClosed || b.failedClosed,
  });
}
