import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix: a temp file
 * in the same folder, fsync, the old file's mode (and owner, when root), rename over, fsync the folder.
 *
 * Hand-rolled rather than write-file-atomic, which neither fsyncs the folder (the rename itself may
 * be lost on power failure) nor offers a last check right before the rename (see `ifUnchanged`), and
 * whose temp names cannot be told apart from other files when cleaning up after a SIGKILL.
 */
export interface AtomicWriteOptions {
  /** Mode of the new file; by default the old file's (or 0666 less umask for a new one). */
  mode?: number;
  /**
   * Abort with ConcurrentChangeError if, right before the rename, the file no longer holds this
   * text (null: no longer is absent): someone else wrote it since it was read, and the caller
   * should merge again.
   */
  ifUnchanged?: string | null;
  /**
   * Never write through a symbolic link at `path`: a link there is replaced by the new file (rename
   * replaces the link itself) and its target is left alone. For private files in our own folder,
   * where a link can only have been planted. Without it, a symlinked file (config.json on some
   * setups) is replaced where the link points and the link is kept.
   */
  noFollow?: boolean;
}

export class ConcurrentChangeError extends Error {
  override readonly name = 'ConcurrentChangeError';
  readonly code = 'ECONCURRENT';
}

const TEMP_NAME = /^\.(.+)\.trygr-(\d+)-[0-9a-f]{8}\.tmp$/;

// Where the platform has no O_NOFOLLOW (Windows), opening a temp file with O_EXCL alone still
// refuses an existing link; reads then follow links, which Windows users rarely plant.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export async function writeFileAtomically(path: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const noFollow = options.noFollow === true;
  // Followed: replace the file a symlink points at, keep the link. Not followed: replace the link.
  const target = noFollow ? path : await realpath(path).catch(() => path);
  const folder = dirname(target);
  const found = await (noFollow ? lstat : stat)(target).catch(() => undefined);
  // A link's (or anything else's) mode and owner are not the file's: never copy them.
  const old = found?.isFile() ? found : undefined;
  const temp = join(folder, `.${basename(target)}.trygr-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const mode = options.mode ?? (old ? old.mode & 0o7777 : undefined);
  // O_EXCL: a name planted in advance (even a dangling link) makes this fail rather than be followed.
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, mode ?? 0o666);
  let renamed = false;
  try {
    await handle.writeFile(text, 'utf8');
    // Mode (the umask applied at creation) and owner before the fsync, so they are durable too.
    if (mode !== undefined) await handle.chmod(mode);
    if (old && process.getuid?.() === 0 && (old.uid !== 0 || old.gid !== 0)) await handle.chown(old.uid, old.gid);
    await handle.sync();
    await handle.close();
    if (options.ifUnchanged !== undefined) {
      const now = await readUtf8(target, noFollow);
      if (now !== options.ifUnchanged) throw new ConcurrentChangeError(`${target} changed while it was being rewritten`);
    }
    await rename(temp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    }
  }
  await fsyncDirectory(folder);
}

export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a folder (EINVAL); the rename is then as durable as they allow.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Removes temp files a killed writer left next to `path`: those of processes no longer running, and
 * this process's own (a restarted container often gets the same pid). Call before this process writes.
 */
export async function removeLeftoverTempFiles(path: string, options: { noFollow?: boolean } = {}): Promise<number> {
  const target = options.noFollow ? path : await realpath(path).catch(() => path);
  const folder = dirname(target);
  const names = await readdir(folder).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || match[1] !== basename(target)) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && isRunning(pid)) continue; // maybe another bridge writing right now
    await unlink(join(folder, name)).then(
      () => (removed += 1),
      () => undefined,
    );
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file's text; null when it is absent; undefined when it cannot be read (or is a link, when not followed). */
async function readUtf8(path: string, noFollow: boolean): Promise<string | null | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (noFollow ? NO_FOLLOW : 0));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
