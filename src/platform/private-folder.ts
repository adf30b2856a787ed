import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `<storage>/trygr` holds the Ring token, the Privacy switches, the status and the audit ledger of
 * who was home. Everything written now is 0700/0600, but a folder or file made by an earlier
 * version (or under a loose umask) may be open to other users: tightened once at startup.
 * The audit folder's own files are the ledger's (see AuditLedger).
 */
export async function keepPluginFolderPrivate(dir: string, log: { warn(message: string): void }): Promise<void> {
  try {
    await tighten(dir, 0o700);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isFile()) await tighten(join(dir, entry.name), 0o600);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') log.warn(`Could not make ${dir} private to the Homebridge user (${code ?? String(error)}).`);
  }
}

async function tighten(path: string, mode: number): Promise<void> {
  const current = (await stat(path)).mode & 0o777;
  if ((current & ~mode) !== 0) await chmod(path, current & mode);
}
