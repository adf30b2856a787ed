/**
 * Issue 11, item 3: a closed token store keeps no retry timer, no file watcher, and logs nothing more.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ReplaySubject } from 'rxjs';
import { nodeTokenFiles, TokenStore, type TokenFiles } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, waitFor, wrappedToken, type HomebridgeFolder } from './fixtures.js';

const RETRY_MS = 40;

describe('a closed token store', () => {
  let folder: HomebridgeFolder;
  afterEach(() => folder.remove());

  it('stops retrying a failing write: no more attempts and no more log lines after close()', async () => {
    const first = wrappedToken();
    folder = await homebridgeFolder(configWithToken(first));
    const log = recordingLogger();
    let sidecarAttempts = 0;
    const files: TokenFiles = {
      ...nodeTokenFiles,
      async writeAtomic(path, text, options) {
        if (path === folder.sidecarPath && text.includes('lineage": [\n    "')) {
          sidecarAttempts += 1;
          throw Object.assign(new Error('no space left'), { code: 'ENOSPC', syscall: 'write', path });
        }
        return nodeTokenFiles.writeAtomic(path, text, options);
      },
    };
    const store = new TokenStore({
      configPath: folder.configPath,
      storagePath: folder.storagePath,
      log,
      files,
      retryDelaysMs: [RETRY_MS],
      watch: { debounceMs: 10, pollMs: 20 },
    });
    await store.resolveStartupToken(first);
    const watching = store.onConfigTokenChanged(() => undefined);
    const subject = new ReplaySubject<{ newRefreshToken: string }>(1);
    store.watch(subject);
    const next = wrappedToken();
    subject.next({ newRefreshToken: next });
    await store.flush();
    // The store is retrying on its timer, saying so each time.
    await waitFor(() => sidecarAttempts >= 3);

    store.close();
    await store.flush();
    const attempts = sidecarAttempts;
    const lines = log.lines.length;
    // Config edits no longer wake it either (its watchers are closed).
    await nodeTokenFiles.writeAtomic(folder.configPath, configWithToken(first, ',\n\t\t\t"debug": true'));
    await sleep(RETRY_MS * 10); // a quiet period: proving that nothing happens
    expect(sidecarAttempts).toBe(attempts);
    expect(log.lines.slice(lines)).toEqual([]);
    expect(await folder.readConfig()).toBe(configWithToken(first, ',\n\t\t\t"debug": true'));
    watching.close();
    expectNoSecrets(log.text(), [first, next]);
  });

  it('close() while a write is failing: the pass in flight logs nothing and schedules nothing', async () => {
    const first = wrappedToken();
    folder = await homebridgeFolder(configWithToken(first));
    const log = recordingLogger();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sidecarAttempts = 0;
    const files: TokenFiles = {
      ...nodeTokenFiles,
      async writeAtomic(path, text, options) {
        if (path === folder.sidecarPath && text.includes('lineage": [\n    "')) {
          sidecarAttempts += 1;
          await gate;
          throw Object.assign(new Error('I/O error'), { code: 'EIO', syscall: 'write', path });
        }
        return nodeTokenFiles.writeAtomic(path, text, options);
      },
    };
    const store = new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log, files, retryDelaysMs: [RETRY_MS] });
    await store.resolveStartupToken(first);
    const subject = new ReplaySubject<{ newRefreshToken: string }>(1);
    store.watch(subject);
    subject.next({ newRefreshToken: wrappedToken() });
    await waitFor(() => sidecarAttempts === 1);
    const lines = log.lines.length;
    store.close();
    release();
    await store.flush();
    await sleep(RETRY_MS * 10); // a quiet period: proving that nothing happens
    expect(sidecarAttempts).toBe(1);
    expect(log.lines.slice(lines)).toEqual([]);
  });
});
