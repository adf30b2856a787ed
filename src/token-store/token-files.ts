import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { removeLeftoverTempFiles, writeFileAtomically, type AtomicWriteOptions } from './atomic-write.js';

export interface ReadOptions {
  /** Fail with ELOOP instead of reading through a symbolic link at the path. */
  noFollow?: boolean;
}

/** The file operations the token store needs; injected so tests can make writes fail or instrument them. */
export interface TokenFiles {
  /** UTF-8 text of a file, or undefined when it does not exist. Throws on invalid UTF-8. */
  readText(path: string, options?: ReadOptions): Promise<string | undefined>;
  /** Atomic, durable replacement (see writeFileAtomically). */
  writeAtomic(path: string, text: string, options?: AtomicWriteOptions): Promise<void>;
  ensureDirectory(path: string, mode: number): Promise<void>;
  /** Removes temp files that killed writers left next to `path`. */
  removeLeftovers(path: string, options?: ReadOptions): Promise<number>;
}

// Fatal decoding: a file that is not UTF-8 would not survive a decode/encode round trip byte for byte.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const nodeTokenFiles: TokenFiles = {
  async readText(path, options = {}) {
    try {
      const handle = await open(path, constants.O_RDONLY | (options.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
      try {
        return utf8.decode(await handle.readFile());
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  writeAtomic: writeFileAtomically,
  async ensureDirectory(path, mode) {
    await mkdir(path, { recursive: true, mode });
  },
  removeLeftovers: removeLeftoverTempFiles,
};

/** Errors that mean "this file cannot be written here" (read-only mounts, permissions), not a passing fault. */
export function isReadOnlyError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
}

/** What open(O_NOFOLLOW) reports for a symbolic link: ELOOP (Linux, macOS), EMLINK (FreeBSD). */
export function isSymlinkRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ELOOP' || code === 'EMLINK';
}
