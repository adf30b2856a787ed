import { emptySidecar, isEarlierToken, withNewestToken, withoutToken, type SidecarState, type TokenArrival } from './sidecar-state.js';
import { fingerprint, sameToken } from './token-identity.js';

/**
 * What one pass of the token store writes, decided from plain data: the sidecar re-read from disk
 * right before the write, what this process believes, and what it was asked to save.
 *
 * Two counters keep an old connection from undoing a sign-in or a sign-out:
 * - the sidecar's `generation` (on disk, shared by every process) rises with every sign-in and
 *   sign-out; finding it higher than our own means another process (the settings panel) signed in
 *   or out since we last looked;
 * - the store's `epoch` (in memory) rises whenever this process learns of, or makes, a sign-in or
 *   sign-out. Each token source (a connection) is tagged with the epoch it was watched in; its
 *   rotations are saved only while that is still the epoch, so nothing a replaced or signed-out
 *   connection emits is ever written, however late it arrives.
 */

/** The sidecar as found right before a write. */
export type DiskSidecar =
  | { kind: 'state'; state: SidecarState }
  | { kind: 'absent' }
  /** Damaged, a symbolic link, or unreadable: replaced by what this process knows. */
  | { kind: 'unusable' };

export type SignChange = { kind: 'sign-in'; arrival: TokenArrival } | { kind: 'sign-out' };

export interface PendingRotation {
  arrival: TokenArrival;
  /** The epoch the connection that emitted it was watched in. */
  epoch: number;
}

export interface PassInput {
  /** What this process believes; undefined before its first read. */
  memory: SidecarState | undefined;
  disk: DiskSidecar;
  /** The disk differs from what this process last read or wrote there: someone else wrote it. */
  changedByOthers: boolean;
  epoch: number;
  /** A sign-in or sign-out asked for in this process (applied before any rotation). */
  change?: SignChange;
  rotation?: PendingRotation;
  lineageLength: number;
}

export interface PassPlan {
  next: SidecarState;
  epoch: number;
  /** Another process signed in or out: this process's connection is over. */
  elsewhere?: 'signed-in' | 'signed-out';
  /** A rotation from a connection of an earlier epoch was left out. */
  droppedRotation: boolean;
}

export function planPass(input: PassInput): PassPlan {
  const { base, elsewhere } = reconcile(input.memory, input.disk, input.changedByOthers);
  let next = base;
  let epoch = elsewhere ? input.epoch + 1 : input.epoch;
  if (input.change) {
    next = input.change.kind === 'sign-in' ? withNewestToken(next, input.change.arrival, input.lineageLength) : withoutToken(next, input.lineageLength);
    epoch += 1;
  }
  const { rotation } = input;
  const current = rotation !== undefined && rotation.epoch === epoch;
  if (current) next = withNewestToken(next, rotation.arrival, input.lineageLength);
  return { next, epoch, elsewhere, droppedRotation: rotation !== undefined && !current };
}

/** The state to build on, and whether the disk says another process signed in or out. */
export function reconcile(memory: SidecarState | undefined, disk: DiskSidecar, changedByOthers: boolean): { base: SidecarState; elsewhere?: 'signed-in' | 'signed-out' } {
  if (disk.kind !== 'state') return { base: memory ?? emptySidecar() };
  const found = disk.state;
  if (memory === undefined) return { base: found };
  if (!changedByOthers) return { base: memory };
  const theirs = found.refreshToken;
  const ours = memory.refreshToken;
  const sameAccountState = theirs === undefined ? ours === undefined : sameToken(theirs, ours);
  if (found.generation > memory.generation) {
    // A sign-in or sign-out made elsewhere, unless it changed nothing we hold (then just catch up).
    if (sameAccountState) return { base: { ...memory, generation: found.generation } };
    return { base: found, elsewhere: theirs === undefined ? 'signed-out' : 'signed-in' };
  }
  // Same generation (or a writer from before generations): a token we never had is a sign-in,
  // and a file that dropped ours after knowing it is a sign-out. Raise the generation for them.
  const raised = { ...found, generation: memory.generation + 1 };
  if (theirs !== undefined && !sameToken(theirs, ours) && !isEarlierToken(memory, theirs)) return { base: raised, elsewhere: 'signed-in' };
  if (theirs === undefined && ours !== undefined && found.lineage.includes(fingerprint(ours))) return { base: raised, elsewhere: 'signed-out' };
  // Anything else is older than what we hold (a restored backup): ours stays the newest.
  return { base: { ...memory, generation: Math.max(memory.generation, found.generation) } };
}
