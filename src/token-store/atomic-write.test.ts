import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsyncDirectory, writeFileAtomically } from './atomic-write.js';

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trygr-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the content, keeps the mode and leaves no temp file', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, 'old');
    await chmod(path, 0o640);
    const inodeBefore = (await stat(path)).ino;
    await writeFileAtomically(path, 'new \u00e9');
    expect(await readFile(path, 'utf8')).toBe('new \u00e9');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect((await stat(path)).ino).not.toBe(inodeBefore); // replaced by rename, not rewritten in place
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('forces a mode when asked and creates missing files', async () => {
    const path = join(dir, 'token.json');
    await writeFileAtomically(path, '{}', { mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
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

  it('fsyncs a folder and fails loudly on a missing one', async () => {
    await expect(fsyncDirectory(dir)).resolves.toBeUndefined();
    await expect(fsyncDirectory(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
