import { readFile, stat, chmod, writeFile } from 'node:fs/promises';
import { ReplaySubject } from 'rxjs';
import { fingerprint, nodeTokenFiles, TokenStore, type TokenFiles } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, waitFor, wrappedToken, type HomebridgeFolder, type RecordingLogger } from './fixtures.js';

type Update = { oldRefreshToken?: string; newRefreshToken: string };

describe('TokenStore', () => {
  let folder: HomebridgeFolder;
  let log: RecordingLogger;
  const secrets: string[] = [];
  const token = () => {
    const value = wrappedToken();
    secrets.push(value);
    return value;
  };
  const store = (options: Partial<ConstructorParameters<typeof TokenStore>[0]> = {}) =>
    new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log, watch: { debounceMs: 30, pollMs: 100 }, ...options });

  afterEach(async () => {
    // Every test: no token, fragment of one, hardware id or encoded form of them in any log line.
    expectNoSecrets(log.text(), [...secrets, 'homebridge-ring-token-aaaaaaaaaaaa', 'child-bridge-token-bbbbbbbbbbbb']);
    await folder.remove();
  });

  async function started(configToken: string) {
    folder = await homebridgeFolder(configWithToken(configToken));
    log = recordingLogger();
    const tokens = store();
    return { tokens, startup: await tokens.resolveStartupToken(configToken) };
  }

  it('no token anywhere: no warning of its own (the platform says "Not signed in" once)', async () => {
    folder = await homebridgeFolder(JSON.stringify({ platforms: [{ platform: 'Trygr' }] }));
    log = recordingLogger();
    expect(await store().resolveStartupToken(undefined)).toMatchObject({ token: undefined, source: 'none' });
    expect(log.at('warn')).toEqual([]);
    expect(log.at('error')).toEqual([]);
  });

  it('first start: takes config.json token and creates a private sidecar', async () => {
    const first = token();
    const { startup } = await started(first);
    expect(startup).toEqual({ token: first, source: 'config', repairedConfig: false });
    expect((await stat(folder.sidecarPath)).mode & 0o777).toBe(0o600);
    expect((await stat(`${folder.storagePath}/trygr`)).mode & 0o777).toBe(0o700);
    expect(await folder.readSidecar()).toMatchObject({ refreshToken: first, lineage: [], signIns: [fingerprint(first)] });
    expect(await folder.readConfig()).toBe(configWithToken(first));
  });

  it('persists rotations: sidecar first, then only our value in config.json, keeping its mode', async () => {
    const first = token();
    const { tokens } = await started(first);
    await chmod(folder.configPath, 0o640);
    const subject = new ReplaySubject<Update>(1);
    tokens.watch(subject);
    const rotations = [token(), token(), token()];
    for (const next of rotations) {
      subject.next({ oldRefreshToken: first, newRefreshToken: next });
      await tokens.flush();
    }
    const newest = rotations[2]!;
    expect(await folder.readConfig()).toBe(configWithToken(newest));
    expect((await stat(folder.configPath)).mode & 0o777).toBe(0o640);
    const sidecar = await folder.readSidecar();
    expect(sidecar.refreshToken).toBe(newest);
    expect(sidecar.lineage).toEqual([rotations[1]!, rotations[0]!, first].map(fingerprint));
    expect(tokens.lastRotation()).toMatchObject({ fingerprint: fingerprint(newest), savedToConfig: true });
    expect(tokens.stats()).toEqual({ sidecarWrites: 4, configWrites: 3, staleConfigRepairs: 0, concurrentConfigSaves: 0 });
  });

  it('re-reads config.json before writing, keeping a concurrent UI edit', async () => {
    const first = token();
    const { tokens } = await started(first);
    const subject = new ReplaySubject<Update>(1);
    tokens.watch(subject);
    await writeFile(folder.configPath, configWithToken(first, ',\n\t\t\t"debug": true'));
    const next = token();
    subject.next({ newRefreshToken: next });
    await tokens.flush();
    expect(await folder.readConfig()).toBe(configWithToken(next, ',\n\t\t\t"debug": true'));
  });

  it('restart after a stale form save: the sidecar token wins and config.json is repaired', async () => {
    const first = token();
    const { tokens } = await started(first);
    const subject = new ReplaySubject<Update>(1);
    tokens.watch(subject);
    const newest = token();
    subject.next({ newRefreshToken: newest });
    await tokens.flush();
    tokens.close();
    await writeFile(folder.configPath, configWithToken(first)); // the UI saves a form loaded before the rotation
    const restarted = store();
    expect(await restarted.resolveStartupToken(first)).toEqual({ token: newest, source: 'sidecar', repairedConfig: true });
    expect(await folder.readConfig()).toBe(configWithToken(newest));
    expect(log.at('info').some((line) => line.includes('older Ring refresh token'))).toBe(true);
  });

  it('restart after config.json lost the token: the sidecar token is used and written back', async () => {
    const first = token();
    const { tokens } = await started(first);
    tokens.close();
    await writeFile(folder.configPath, configWithToken(undefined));
    expect(await store().resolveStartupToken(undefined)).toEqual({ token: first, source: 'sidecar', repairedConfig: true });
    expect(await folder.readConfig()).toBe(configWithToken(first));
  });

  it('repairs a stale save while running (watcher), and reports a new sign-in without overwriting it', async () => {
    const first = token();
    const { tokens } = await started(first);
    const subject = new ReplaySubject<Update>(1);
    tokens.watch(subject);
    const signIns: string[] = [];
    const watching = tokens.onConfigTokenChanged((signedIn) => signIns.push(signedIn));
    const newest = token();
    subject.next({ newRefreshToken: newest });
    await tokens.flush();

    await writeFile(folder.configPath, configWithToken(first, ',\n\t\t\t"debug": true'));
    await waitFor(async () => (await folder.readConfig()) === configWithToken(newest, ',\n\t\t\t"debug": true'));
    expect(tokens.stats().staleConfigRepairs).toBe(1);

    const fresh = token();
    await writeFile(folder.configPath, configWithToken(fresh));
    await waitFor(() => signIns.length === 1);
    expect(signIns).toEqual([fresh]);
    subject.next({ newRefreshToken: token() }); // the old session rotates once more before the switch
    await tokens.flush();
    expect(await folder.readConfig()).toBe(configWithToken(fresh));
    expect(tokens.lastRotation()?.savedToConfig).toBe(false);

    watching.close();
    expect(await tokens.resolveStartupToken(fresh)).toEqual({ token: fresh, source: 'config', repairedConfig: false });
    tokens.close();
    expect((await folder.readSidecar()).refreshToken).toBe(fresh);
    expect(signIns).toHaveLength(1);
  });

  it('sign-out removes the token from both files; a stale copy is not resurrected', async () => {
    const first = token();
    const { tokens } = await started(first);
    await tokens.signOut();
    expect((await folder.readSidecar()).refreshToken).toBeUndefined();
    expect(await folder.readConfig()).toBe(configWithToken(undefined));
    expect(tokens.lastRotation()).toBeUndefined();
    await writeFile(folder.configPath, configWithToken(first));
    expect(await store().resolveStartupToken(first)).toEqual({ token: undefined, source: 'none', repairedConfig: true });
    expect(await folder.readConfig()).toBe(configWithToken(undefined));
  });

  it('uses the child bridge block and its own sidecar file', async () => {
    folder = await homebridgeFolder(configWithToken(token()));
    log = recordingLogger();
    const tokens = store({ bridgeUsername: '0E:AA:BB:CC:DD:EE' });
    expect(tokens.sidecarPath).toBe(`${folder.storagePath}/trygr/token-0EAABBCCDDEE.json`);
    expect((await tokens.resolveStartupToken('child-bridge-token-bbbbbbbbbbbb')).source).toBe('config');
    const subject = new ReplaySubject<Update>(1);
    tokens.watch(subject);
    const next = token();
    subject.next({ newRefreshToken: next });
    await tokens.flush();
    const config = JSON.parse(await folder.readConfig());
    expect(config.platforms[2].refreshToken).toBe(next);
    expect(config.platforms[1].refreshToken).not.toBe(next);
    expect(JSON.parse(await readFile(tokens.sidecarPath, 'utf8')).refreshToken).toBe(next);
  });

  it('replaces a damaged sidecar, starting from config.json', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    log = recordingLogger();
    await store().resolveStartupToken(first);
    await writeFile(folder.sidecarPath, '{"version":1,"refreshTo');
    expect(await store().resolveStartupToken(first)).toEqual({ token: first, source: 'config', repairedConfig: false });
    expect(log.at('warn').join('\n')).toMatch(/is damaged/);
    expect((await folder.readSidecar()).refreshToken).toBe(first);
  });

  it('keeps a half-written config.json (non-atomic UI save) from failing a rotation', async () => {
    const first = token();
    const { tokens } = await started(first);
    const subject = new ReplaySubject<Update>(1);
    tokens.watch(subject);
    const whole = configWithToken(first);
    await writeFile(folder.configPath, whole.slice(0, 40));
    const next = token();
    subject.next({ newRefreshToken: next });
    setTimeout(() => void writeFile(folder.configPath, whole), 120);
    await tokens.flush();
    expect(await folder.readConfig()).toBe(configWithToken(next));
  });

  it('a failed sidecar write (disk full) still updates config.json, warns, and is retried', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    log = recordingLogger();
    let failures = 1;
    const files: TokenFiles = {
      ...nodeTokenFiles,
      async writeAtomic(path, text, options) {
        if (path === folder.sidecarPath && text.includes('lineage": [\n    "') && failures-- > 0) {
          throw Object.assign(new Error('no space left'), { code: 'ENOSPC', syscall: 'write', path });
        }
        return nodeTokenFiles.writeAtomic(path, text, options);
      },
    };
    const tokens = store({ files });
    await tokens.resolveStartupToken(first);
    const subject = new ReplaySubject<Update>(1);
    tokens.watch(subject);
    const next = token();
    subject.next({ newRefreshToken: next });
    await tokens.flush();
    expect(await folder.readConfig()).toBe(configWithToken(next));
    expect((await folder.readSidecar()).refreshToken).toBe(first);
    expect(tokens.lastRotation()).toMatchObject({ savedToSidecar: false, savedToConfig: true });
    expect(log.at('warn')).toEqual([expect.stringMatching(/ENOSPC on write .*token\.json\); retrying in 1 s/)]);
    // The file is visible a moment before the store has taken in that its write completed: wait for both.
    await waitFor(async () => (await folder.readSidecar()).refreshToken === next && tokens.lastRotation()?.savedToSidecar === true);
    expect(log.at('warn')).toHaveLength(1);
  });
});
