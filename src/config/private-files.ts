/**
 * Reads and writes the plugin's own files (paths from plugin-files.ts): every one is 0600 in a 0700
 * folder, because they say who was home, which cameras were private and which client Ring knows.
 *
 * The writer replaces a file whole (temp file, fsync, rename, fsync of the folder) so a crash or a
 * reader never sees half of it. Unlike the token store's config.json writer it never follows a
 * symlink: a link planted in the storage folder is replaced, not written through.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PluginFiles } from './plugin-files.js';

export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

/** `text` as the whole new content of `file`, 0600, its folder created 0700. */
export async function writePrivateText(file: string, text: string): Promise<void> {
  const temp = await writeTemp(file, text);
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(file));
}

export function writePrivateJson(file: string, value: unknown): Promise<void> {
  return writePrivateText(file, JSON.stringify(value, null, 2) + '\n');
}

/** Like writePrivateText, but only when `file` does not exist yet: false when it did (nothing written). */
export async function createPrivateText(file: string, text: string): Promise<boolean> {
  const temp = await writeTemp(file, text);
  try {
    await link(temp, file); // fails with EEXIST instead of replacing: the first writer wins, whole
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
    await syncFolder(dirname(file)).catch(() => undefined);
  }
}

async function writeTemp(file: string, text: string): Promise<string> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
  const temp = join(folder, `.${basename(file)}.trygr-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, FILE_MODE);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(FILE_MODE); // the umask applied at creation may have taken bits away; never added any
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a folder (EINVAL); the rename is then as durable as they allow.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    await handle.close();
  }
}

/** A system id shorter than this is not one we wrote (a truncated or hand-made file): a new one is made. */
const MIN_SYSTEM_ID = 16;

async function readSystemId(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text.length >= MIN_SYSTEM_ID && text.length <= 200 ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stable id of this bridge's Ring client. ring-client-api derives the hardware id Ring sees
 * from it, so the panel's sign-in and the plugin's sessions are one entry in Ring's Control
 * Center. A child bridge without one yet takes the shared id earlier versions used, since the
 * token it already holds was issued to that hardware id. Plugin and panel may both get here first:
 * the file is created whole or not at all, and whoever loses reads the winner's.
 */
export async function loadOrCreateSystemId(files: PluginFiles): Promise<string> {
  const existing = await readSystemId(files.systemIdFile);
  if (existing) return existing;
  const inherited = files.legacy && (await readSystemId(files.legacy.systemIdFile));
  const id = inherited ?? randomUUID();
  if (await createPrivateText(files.systemIdFile, id + '\n')) return id;
  const winner = await readSystemId(files.systemIdFile);
  if (winner) return winner;
  // An unusable file is in the way (too short, unreadable): replace it.
  await writePrivateText(files.systemIdFile, id + '\n');
  return id;
}

/**
 * The first start of a child bridge after an upgrade: its Privacy switches were kept in the shared
 * file, so it starts from that state rather than with every camera public. When the shared file
 * exists but cannot be copied, the bridge starts with the global switch on (fail closed).
 * Returns a line for the log when something was carried over or refused, else undefined.
 */
export async function carryOverSwitches(files: PluginFiles): Promise<{ level: 'info' | 'warn'; message: string } | undefined> {
  if (!files.legacy) return undefined;
  try {
    await mkdir(files.folder, { recursive: true, mode: FOLDER_MODE });
    await copyFile(files.legacy.switchesFile, files.switchesFile, constants.COPYFILE_EXCL);
    await chmod(files.switchesFile, FILE_MODE);
    return { level: 'info', message: `The Privacy switch states were carried over into this child bridge's folder ${files.folder}.` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return undefined; // already its own, or nothing to carry over
    await createPrivateText(files.switchesFile, JSON.stringify({ global: true, devices: {} }, null, 2) + '\n').catch(() => undefined);
    return {
      level: 'warn',
      message: `The saved Privacy switch states could not be carried over into ${files.folder} (${code ?? String(error)}), so every camera is private until the global Privacy switch is turned off.`,
    };
  }
}
