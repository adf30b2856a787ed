import { spawnSync } from 'node:child_process';
import { chmod, chown, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrentChangeError, fsyncDirectory, removeLeftoverTempFiles, writeFileAtomically } from './atomic-write.js';

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trygr-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file by rename, keeps its mode and leaves no temp file', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, 'old');
    await chmod(path, 0o640);
    const inodeBefore = (await stat(path)).ino;
    await writeFileAtomically(path, 'new \u00e9 \u{1F3E0}');
    expect(await readFile(path, 'utf8')).toBe('new \u00e9 \u{1F3E0}');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect((await stat(path)).ino).not.toBe(inodeBefore);
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('forces a mode when asked and creates missing files', async () => {
    const path = join(dir, 'token.json');
    await writeFileAtomically(path, '{}', { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  (process.getuid?.() === 0 ? it : it.skip)('keeps the owner when running as root', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, 'old');
    await chown(path, 65534, 65534);
    await writeFileAtomically(path, 'new');
    expect(await stat(path)).toMatchObject({ uid: 65534, gid: 65534 });
  });

  it('writes through a symlink to the real file', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'config.json');
    await writeFile(real, 'old');
    await symlink(real, link);
    await writeFileAtomically(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('new');
  });

  it('aborts without touching the file when it changed since it was read', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, 'saved by someone else');
    await expect(writeFileAtomically(path, 'ours', { ifUnchanged: 'what we read' })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await readFile(path, 'utf8')).toBe('saved by someone else');
    expect(await readdir(dir)).toEqual(['config.json']);
    await writeFileAtomically(path, 'ours', { ifUnchanged: 'saved by someone else' });
    expect(await readFile(path, 'utf8')).toBe('ours');
  });

  it('removes temp files of dead writers and its own pid, not of live ones or other files', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, '{}');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const names = [
      `.config.json.trygr-${dead}-0a1b2c3d.tmp`,
      `.config.json.trygr-${process.pid}-0a1b2c3d.tmp`,
      `.config.json.trygr-1-0a1b2c3d.tmp`, // pid 1 is always running
      `.other.json.trygr-${dead}-0a1b2c3d.tmp`,
      'config.json.1234567',
    ];
    for (const name of names) await writeFile(join(dir, name), 'x');
    expect(await removeLeftoverTempFiles(path)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['.config.json.trygr-1-0a1b2c3d.tmp', `.other.json.trygr-${dead}-0a1b2c3d.tmp`, 'config.json', 'config.json.1234567'].sort());
  });

  it('fsyncs a folder and fails loudly on a missing one', async () => {
    await expect(fsyncDirectory(dir)).resolves.toBeUndefined();
    await expect(fsyncDirectory(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
