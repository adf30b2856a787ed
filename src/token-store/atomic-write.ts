import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix.
 *
 * write-file-atomic writes a temp file in the same folder, fsyncs it, copies the old file's mode and
 * owner (when root) and renames it over the target, following symlinks to the real file. It does not
 * fsync the folder, without which the rename itself may be lost on power failure: that is done here.
 */
export async function writeFileAtomically(path: string, text: string, options: { mode?: number } = {}): Promise<void> {
  const target = await realpath(path).catch(() => path);
  await writeFileAtomic(target, text, { encoding: 'utf8', fsync: true, mode: options.mode });
  await fsyncDirectory(dirname(target));
}

export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a folder (EINVAL); the rename is as durable as they allow.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}
