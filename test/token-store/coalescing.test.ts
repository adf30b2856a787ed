import { setTimeout as sleep } from 'node:timers/promises';
import { ReplaySubject } from 'rxjs';
import { nodeTokenFiles, readRefreshToken, TokenStore, type TokenFiles } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, wrappedToken, type HomebridgeFolder } from './fixtures.js';

/** Wraps the real files with a writer that records every write and how many ran at once. */
function instrumented(folder: HomebridgeFolder) {
  const writes: { file: 'sidecar' | 'config'; token: string | undefined }[] = [];
  let active = 0;
  let maxActive = 0;
  const files: TokenFiles = {
    ...nodeTokenFiles,
    async writeAtomic(path, text, options) {
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        await sleep(Math.random() * 2);
        await nodeTokenFiles.writeAtomic(path, text, options);
        const file = path === folder.configPath ? 'config' : 'sidecar';
        writes.push({ file, token: file === 'config' ? readRefreshToken(text) : JSON.parse(text).refreshToken });
      } finally {
        active -= 1;
      }
    },
  };
  return { files, writes, maxActive: () => maxActive };
}

describe('TokenStore write coalescing and ordering', () => {
  let folder: HomebridgeFolder;
  afterEach(() => folder.remove());

  it.each([
    ['one synchronous burst', async () => undefined],
    ['a burst spread over timers and microtasks', async (n: number) => (n % 7 === 0 ? sleep(Math.random() * 3) : n % 3 === 0 ? Promise.resolve() : undefined)],
  ])('%s of 1000 rotations: newest on disk, writes never overlap, order monotonic', async (_name, pause) => {
    const first = wrappedToken();
    folder = await homebridgeFolder(configWithToken(first));
    const log = recordingLogger();
    const probe = instrumented(folder);
    const store = new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log, files: probe.files });
    await store.resolveStartupToken(first);
    const subject = new ReplaySubject<{ newRefreshToken: string }>(1);
    store.watch(subject);

    const tokens = Array.from({ length: 1000 }, () => wrappedToken());
    const order = new Map(tokens.map((token, index) => [token, index]));
    order.set(first, -1);
    for (const [index, token] of tokens.entries()) {
      subject.next({ newRefreshToken: token });
      await pause(index);
    }
    await store.flush();

    const newest = tokens.at(-1)!;
    expect((await folder.readSidecar()).refreshToken).toBe(newest);
    expect(readRefreshToken(await folder.readConfig())).toBe(newest);
    expect(probe.maxActive()).toBe(1);
    for (const file of ['sidecar', 'config'] as const) {
      const sequence = probe.writes.filter((write) => write.file === file).map((write) => order.get(write.token!)!);
      expect(sequence.every((index, at) => at === 0 || index > sequence[at - 1]!)).toBe(true);
    }
    // The sidecar is the source of truth: config.json never gets a token before the sidecar has it.
    probe.writes.forEach((write, at) => {
      if (write.file !== 'config') return;
      expect(probe.writes.slice(0, at).some((earlier) => earlier.file === 'sidecar' && earlier.token === write.token)).toBe(true);
    });
    expect(probe.writes.length).toBeLessThan(1000);
    expectNoSecrets(log.text(), [first, ...tokens]);
  });
});
