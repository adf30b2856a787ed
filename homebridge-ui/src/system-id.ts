import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Same file and format as the plugin's (src/ring/system-id.ts), read here rather than imported: the panel must not load the Ring adapter. */
export function systemIdPath(storagePath: string): string {
  return join(storagePath, 'trygr', 'system-id');
}

/**
 * The install's stable id. Ring derives the hardware id of the sign-in from it, so the panel's
 * sign-in and the plugin's later sessions are one client in Ring's Control Center.
 */
export async function loadOrCreateSystemId(storagePath: string): Promise<string> {
  const file = systemIdPath(storagePath);
  const existing = await readExisting(file);
  if (existing) return existing;
  await mkdir(join(storagePath, 'trygr'), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, randomUUID() + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // The plugin made one at the same moment: use that.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const created = await readExisting(file);
  if (!created) throw new Error(`Could not create ${file}`);
  return created;
}

async function readExisting(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text.length >= 16 ? text : undefined;
  } catch {
    return undefined;
  }
}
