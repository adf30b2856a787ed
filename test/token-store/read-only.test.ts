import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeTokenFiles, readRefreshToken, TokenStore, type TokenFiles } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, wrappedToken, type HomebridgeFolder } from './fixtures.js';

const CHILD = join(process.cwd(), '.build/test/token-store/read-only-child.js');
const NOBODY = 65534;

describe('read-only config.json', () => {
  let folder: HomebridgeFolder;
  afterEach(async () => {
    await chmod(folder.storagePath, 0o755).catch(() => undefined);
    await folder.remove();
  });

  // Root ignores file modes, so the refusal is injected the way the kernel reports it.
  it.each(['EROFS', 'EACCES', 'EPERM'])('%s from the writer: one warning naming the sidecar, newest token kept there', async (code) => {
    const first = wrappedToken();
    folder = await homebridgeFolder(configWithToken(first));
    const original = await folder.readConfig();
    const log = recordingLogger();
    const files: TokenFiles = {
      ...nodeTokenFiles,
      async writeAtomic(path, text, options) {
        if (path === folder.configPath) throw Object.assign(new Error(`${code}: refused, write '${path}'`), { code });
        return nodeTokenFiles.writeAtomic(path, text, options);
      },
    };
    // A short lineage, so the restart below relies on the remembered sign-in, not on the lineage.
    const open = () => new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log, files, lineageLength: 10 });
    const store = open();
    await store.resolveStartupToken(first);
    const observers: ((update: { newRefreshToken: string }) => void)[] = [];
    store.watch({ subscribe: (observer) => (observers.push(observer.next), { unsubscribe: () => undefined }) });
    const tokens = Array.from({ length: 30 }, () => wrappedToken());
    for (const token of tokens) {
      observers.forEach((next) => next({ newRefreshToken: token }));
      await store.flush();
    }

    expect(log.at('warn')).toHaveLength(1);
    expect(log.at('warn')[0]).toContain(folder.sidecarPath);
    expect(log.at('warn')[0]).toContain(code);
    expect(log.at('error')).toEqual([]);
    expect((await folder.readSidecar()).refreshToken).toBe(tokens.at(-1));
    expect(await folder.readConfig()).toBe(original);
    expect(store.lastRotation()?.savedToConfig).toBe(false);

    // After a restart config.json still holds the first token, long out of the bounded lineage.
    expect(await open().resolveStartupToken(first)).toEqual({ token: tokens.at(-1), source: 'sidecar', repairedConfig: false });
    expect(log.at('warn')).toHaveLength(2); // the new store says it once too
    expectNoSecrets(log.text(), [first, ...tokens]);
  });

  it('real file modes, as an unprivileged user: one warning, the sidecar keeps the newest token', async () => {
    const first = wrappedToken();
    folder = await homebridgeFolder(configWithToken(first));
    const original = await folder.readConfig();
    const asRoot = process.getuid?.() === 0;
    expect(existsSync(CHILD)).toBe(true); // built by `npm run build:test`
    // The sidecar folder stays writable; config.json and its folder do not.
    const trygr = join(folder.storagePath, 'trygr');
    await mkdir(trygr, { mode: 0o700 });
    if (asRoot) {
      await chmod(folder.dir, 0o755);
      await chown(trygr, NOBODY, NOBODY);
    }
    await chmod(folder.configPath, 0o444);
    await chmod(folder.storagePath, 0o555);

    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [CHILD, folder.configPath, folder.storagePath, '12'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`child exited with ${code}`))));
    });
    const result = JSON.parse(output) as { uid: number; startup: string; tokens: string[]; lines: { level: string; message: string }[] };
    expect(result.uid).not.toBe(0);
    expect(result.startup).toBe('config');
    const warnings = result.lines.filter((line) => line.level === 'warn' || line.level === 'error');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/cannot be written \(EACCES\)/);
    expect(warnings[0]!.message).toContain(join(trygr, 'token.json'));
    expect(await folder.readConfig()).toBe(original);
    expect(JSON.parse(await readFile(join(trygr, 'token.json'), 'utf8')).refreshToken).toBe(result.tokens.at(-1));
    expect(readRefreshToken(original)).toBe(first);
    expectNoSecrets(result.lines.map((line) => line.message).join('\n'), [first, ...result.tokens]);
  });
});
