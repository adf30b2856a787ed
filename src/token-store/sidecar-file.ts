import { parseSidecar } from './sidecar-state.js';
import type { DiskSidecar } from './sidecar-reconcile.js';
import { describeError } from './store-logging.js';
import { isSymlinkRefusal, type TokenFiles } from './token-files.js';

export interface SidecarRead {
  disk: DiskSidecar;
  /**
   * What a write must find still there right before its rename: the text read, null for "still
   * absent", undefined for no check (a link or an unreadable file, which the write replaces).
   */
  expect: string | null | undefined;
  /** Why the file is unusable, for a log line that names the path and the error code only. */
  problem?: { key: 'damaged' | 'symlink' | 'unreadable'; describe: (path: string) => string };
}

/** Reads the sidecar without following a symbolic link: one planted there is never read through. */
export async function readSidecarFile(files: TokenFiles, path: string): Promise<SidecarRead> {
  let text: string | undefined;
  try {
    text = await files.readText(path, { noFollow: true });
  } catch (error) {
    if (isSymlinkRefusal(error)) {
      return {
        disk: { kind: 'unusable' },
        expect: undefined,
        problem: {
          key: 'symlink',
          describe: (at) => `${at} is a symbolic link, which is not followed: its target is neither read nor written. It is replaced by a regular file.`,
        },
      };
    }
    return { disk: { kind: 'unusable' }, expect: undefined, problem: { key: 'unreadable', describe: (at) => `Cannot read ${at} (${describeError(error)})` } };
  }
  if (text === undefined) return { disk: { kind: 'absent' }, expect: null };
  try {
    return { disk: { kind: 'state', state: parseSidecar(text) }, expect: text };
  } catch (error) {
    return { disk: { kind: 'unusable' }, expect: text, problem: { key: 'damaged', describe: (at) => `${at} is damaged (${describeError(error)})` } };
  }
}
