import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The folder inside Homebridge's storage path where this plugin keeps its own files. */
export function pluginStorageDir(storagePath: string): string {
  return join(storagePath, 'trygr');
}

/**
 * A stable id for this Homebridge install. ring-client-api derives the hardware id Ring sees from
 * it, so keeping it stable keeps one entry in Ring's Control Center instead of one per restart.
 */
export async function loadSystemId(storagePath: string): Promise<string> {
  const dir = pluginStorageDir(storagePath);
  const file = join(dir, 'system-id');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 16) {
      return existing;
    }
  } catch {
    // Missing or unreadable: make a new one below.
  }
  const id = randomUUID();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(file, id + '\n', { mode: 0o600 });
  return id;
}
