/**
 * Issue 11, item 3: a sidecar planted as a symbolic link is never followed. The store says so once
 * (without any secret), does not read the link's target as its token, and replaces the link itself
 * with a private regular file; the target keeps its content.
 */
import { lstat, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReplaySubject } from 'rxjs';
import { TokenStore } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, wrappedToken, type HomebridgeFolder } from './fixtures.js';

describe('a symlinked sidecar', () => {
  let folder: HomebridgeFolder;
  afterEach(() => folder.remove());

  async function plantLink(targetText: string): Promise<string> {
    const outside = join(folder.dir, 'outside');
    await mkdir(outside);
    const target = join(outside, 'precious.json');
    await writeFile(target, targetText, { mode: 0o644 });
    await mkdir(join(folder.storagePath, 'trygr'), { mode: 0o700 });
    await symlink(target, folder.sidecarPath);
    return target;
  }

  it.each([
    ['a file that is not a sidecar', 'precious data\n'],
    ['a sidecar holding a token', JSON.stringify({ version: 1, refreshToken: 'planted-token-cccccccccccccccccccc', lineage: [], signIns: [] })],
  ])('pointing at %s: not read, not written through; the link is replaced and the target kept', async (_name, targetText) => {
    const first = wrappedToken();
    folder = await homebridgeFolder(configWithToken(first));
    const target = await plantLink(targetText);
    const log = recordingLogger();
    const store = new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log });
    // The planted token is not used: config.json's is.
    expect(await store.resolveStartupToken(first)).toMatchObject({ token: first, source: 'config' });
    const subject = new ReplaySubject<{ newRefreshToken: string }>(1);
    store.watch(subject);
    const next = wrappedToken();
    subject.next({ newRefreshToken: next });
    await store.flush();
    store.close();

    expect(await readFile(target, 'utf8')).toBe(targetText);
    expect((await stat(target)).mode & 0o777).toBe(0o644);
    const sidecar = await lstat(folder.sidecarPath);
    expect(sidecar.isSymbolicLink()).toBe(false);
    expect(sidecar.isFile()).toBe(true);
    expect(sidecar.mode & 0o777).toBe(0o600);
    expect((await folder.readSidecar()).refreshToken).toBe(next);
    expect(await folder.readConfig()).toBe(configWithToken(next));
    const complaints = [...log.at('error'), ...log.at('warn')];
    expect(complaints).toHaveLength(1);
    expect(complaints[0]).toMatch(/symbolic link/);
    expect(log.at('error')).toHaveLength(1);
    expectNoSecrets(log.text(), [first, next, 'planted-token-cccccccccccccccccccc']);
  });
});
