import { dirname } from 'node:path';
import { ConcurrentChangeError } from './atomic-write.js';
import { readSidecarFile, type SidecarRead } from './sidecar-file.js';
import { planPass, type PassPlan, type PendingRotation, type SignChange } from './sidecar-reconcile.js';
import { emptySidecar, serializeSidecar, type SidecarState } from './sidecar-state.js';
import type { OnceLogger } from './store-logging.js';
import type { TokenFiles } from './token-files.js';

/** What the store was asked to save and has not yet. */
export interface PendingWork {
  change: SignChange | undefined;
  rotation: PendingRotation | undefined;
}

export interface SidecarPassInput {
  files: TokenFiles;
  path: string;
  once: OnceLogger;
  /** What the store believes, and the sidecar's text at its last read or write. */
  memory: SidecarState | undefined;
  lastSeen: string | null | undefined;
  epoch: number;
  lineageLength: number;
  /** Hands over the pending work; the store forgets it, so what comes meanwhile waits for the next pass. */
  take(): PendingWork;
  /** Gives taken work back for another try, unless something newer came meanwhile. */
  putBack(work: PendingWork): void;
}

export interface SidecarPassResult {
  plan: PassPlan;
  read: SidecarRead;
  /** The text written, if the pass wrote. */
  written?: string;
  /** Why the write failed, to report after config.json had its turn. */
  error?: unknown;
}

/** Another process may keep saving; after this many lost races the write's error is reported. */
const CONCURRENT_RETRIES = 20;

/**
 * Re-reads the sidecar, decides (planPass) and writes only if the file still holds what was read;
 * if another process wrote it in between, reads and decides again.
 */
export async function runSidecarPass(input: SidecarPassInput): Promise<SidecarPassResult> {
  const { files, path } = input;
  for (let attempt = 1; ; attempt += 1) {
    const read = await readSidecarFile(files, path);
    if (read.problem) input.once.warn(read.problem.key, read.problem.describe(path), read.problem.key === 'symlink' ? 'error' : 'warn');
    const work = input.take();
    const plan = planPass({
      memory: input.memory,
      disk: read.disk,
      changedByOthers: read.expect !== input.lastSeen,
      epoch: input.epoch,
      change: work.change,
      rotation: work.rotation,
      lineageLength: input.lineageLength,
    });
    const serialized = serializeSidecar(plan.next);
    if (!needsWrite(read, serialized)) return { plan, read };
    try {
      await files.ensureDirectory(dirname(path), 0o700);
      await files.writeAtomic(path, serialized, { mode: 0o600, noFollow: true, ifUnchanged: read.expect });
      return { plan, read, written: serialized };
    } catch (error) {
      if (error instanceof ConcurrentChangeError && attempt < CONCURRENT_RETRIES) {
        input.putBack(work);
        continue;
      }
      return { plan, read, error };
    }
  }
}

/** An idle store never creates an empty sidecar: another process may be about to write a sign-in. */
function needsWrite(read: SidecarRead, serialized: string): boolean {
  if (read.disk.kind === 'absent') return serialized !== serializeSidecar(emptySidecar());
  return serialized !== read.expect || read.disk.kind === 'unusable';
}
