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

  it('without noFollow, writes through a symlink to the real file (config.json on some setups)', async () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'config.json');
    await writeFile(real, 'old');
    await symlink(real, link);
    await writeFileAtomically(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('new');
  });

  it('with noFollow, replaces a link planted at the path and leaves its target alone', async () => {
    const target = join(dir, 'target.json');
    const path = join(dir, 'token.json');
    await writeFile(target, 'precious');
    await chmod(target, 0o644);
    await symlink(target, path);
    await writeFileAtomically(path, 'new', { mode: 0o600, noFollow: true });
    expect((await lstat(path)).isSymbolicLink()).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect((await stat(target)).mode & 0o777).toBe(0o644);
  });

  it('with noFollow, a dangling link is replaced too, never created through', async () => {
    const path = join(dir, 'token.json');
    await symlink(join(dir, 'elsewhere.json'), path);
    await writeFileAtomically(path, 'new', { noFollow: true });
    expect((await lstat(path)).isFile()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['token.json']);
  });

  it('with noFollow, a link that appeared since the read counts as a change', async () => {
    const target = join(dir, 'target.json');
    const path = join(dir, 'token.json');
    await writeFile(target, 'what we read');
    await symlink(target, path);
    await expect(writeFileAtomically(path, 'ours', { noFollow: true, ifUnchanged: 'what we read' })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await readFile(target, 'utf8')).toBe('what we read');
  });

  it('ifUnchanged null: writes only while the file is still absent', async () => {
    const path = join(dir, 'token.json');
    await writeFileAtomically(path, 'first', { ifUnchanged: null });
    await expect(writeFileAtomically(path, 'second', { ifUnchanged: null })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await readFile(path, 'utf8')).toBe('first');
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
    expect((await readdir(dir)).sort()).toEqual(
      ['.config.json.trygr-1-0a1b2c3d.tmp', `.other.json.trygr-${dead}-0a1b2c3d.tmp`, 'config.json', 'config.json.1234567'].sort(),
    );
  });

  it('fsyncs a folder and fails loudly on a missing one', async () => {
    await expect(fsyncDirectory(dir)).resolves.toBeUndefined();
    await expect(fsyncDirectory(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
