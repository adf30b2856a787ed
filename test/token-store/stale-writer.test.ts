import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReplaySubject } from 'rxjs';
import { readRefreshToken, TokenStore } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, waitFor, wrappedToken, type HomebridgeFolder } from './fixtures.js';

const CHILD = join(process.cwd(), '.build/test/token-store/stale-writer-child.js');
const ROTATIONS = 300;
const ROTATIONS_PER_FORM_LOAD = 10;

function nextMessage(child: ChildProcess, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`stale writer exited (${code}) while waiting for ${type}`));
    const listener = (message: Record<string, unknown>) => {
      if (message.type !== type) return;
      child.off('message', listener);
      child.off('exit', exited);
      resolve(message);
    };
    child.on('message', listener);
    child.once('exit', exited);
  });
}

/** config.json once it parses (the UI's child writes it in two halves). */
async function readWhole(folder: HomebridgeFolder): Promise<string> {
  for (;;) {
    const text = await folder.readConfig();
    try {
      JSON.parse(text);
      return text;
    } catch {
      await sleep(1);
    }
  }
}

describe('stale writer: the Homebridge UI saving an old form while tokens rotate', () => {
  let folder: HomebridgeFolder;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await folder.remove();
  });

  it('never loses a rotation; config.json always resolves to the newest token', async () => {
    expect(existsSync(CHILD)).toBe(true); // built by `npm run build:test`
    const first = wrappedToken();
    folder = await homebridgeFolder(configWithToken(first));
    const log = recordingLogger();
    const store = new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log, watch: { debounceMs: 20, pollMs: 100 } });
    await store.resolveStartupToken(first);
    const subject = new ReplaySubject<{ newRefreshToken: string }>(1);
    store.watch(subject);
    const signIns: string[] = [];
    store.onConfigTokenChanged((token) => signIns.push(token));

    child = fork(CHILD, [folder.configPath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await nextMessage(child, 'ready');
    const tokens: string[] = [];
    /** config.json as the store had written it shortly before the end: a form a tab could still hold. */
    let lateForm = '';
    for (let n = 0; n < ROTATIONS; n += 1) {
      if (n % ROTATIONS_PER_FORM_LOAD === 0) {
        // The user opens the settings page: the form holds the token config.json has now.
        const loaded = nextMessage(child, 'snapshotted');
        child.send({ type: 'snapshot' });
        await loaded;
      }
      if (n === ROTATIONS - ROTATIONS_PER_FORM_LOAD) lateForm = await readWhole(folder);
      const token = wrappedToken();
      tokens.push(token);
      subject.next({ newRefreshToken: token });
      await sleep(Math.random() * 4);
    }
    await store.flush();
    const done = nextMessage(child, 'done');
    child.send({ type: 'stop' });
    const { saves } = (await done) as { saves: number };
    const newest = tokens.at(-1)!;

    // Right after the UI's last save, before any repair: whatever config.json holds resolves to the newest.
    const configNow = await folder.readConfig();
    expect(() => JSON.parse(configNow)).not.toThrow();
    expect((await folder.readSidecar()).refreshToken).toBe(newest);
    const fresh = new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log: recordingLogger() });
    const { token: resolved } = await fresh.resolveStartupToken(readRefreshToken(configNow));
    expect(resolved).toBe(newest);

    // The running store's watcher also repairs the UI's last save, keeping the UI's own change.
    await waitFor(async () => readRefreshToken(await folder.readConfig()) === newest);
    // How many of the random saves above were stale depends on the machine's speed; this one is,
    // whatever the timing: a form loaded before the last rotations, saved after them.
    expect(readRefreshToken(lateForm)).not.toBe(newest);
    const form = JSON.parse(lateForm) as { platforms: Array<Record<string, unknown>> };
    form.platforms[1]!.uiSaveCount = saves;
    await writeFile(folder.configPath, JSON.stringify(form, null, 4));
    await waitFor(async () => readRefreshToken(await folder.readConfig()) === newest);
    await store.flush();
    store.close();
    expect(JSON.parse(await folder.readConfig()).platforms[1].uiSaveCount).toBe(saves);
    expect(signIns).toEqual([]);

    const stats = store.stats();
    process.stdout.write(
      `stale writer: rotations=${ROTATIONS} uiSaves(stale)=${saves} sidecarWrites=${stats.sidecarWrites} ` +
        `configWrites=${stats.configWrites} staleRepairs=${stats.staleConfigRepairs} concurrentSaves=${stats.concurrentConfigSaves} lost=0\n`,
    );
    expect(saves).toBeGreaterThan(50);
    expect(stats.staleConfigRepairs).toBeGreaterThan(0);
    expectNoSecrets(log.text(), [first, ...tokens]);
  }, 60000);
});
