/**
 * Issue 11, item 2: a sign-out or a sign-in made in the settings panel must never be undone by a
 * rotation of the connection that was running before it. The sidecar records which sign-in it
 * belongs to (its generation); a write from an older generation is refused, even when the running
 * plugin has not noticed the panel's change yet, and even when the change lands between the
 * plugin's re-read of the sidecar and its rename.
 */
import { writeFile } from 'node:fs/promises';
import { ReplaySubject } from 'rxjs';
import { nodeTokenFiles, readRefreshToken, TokenStore, type TokenFiles } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, waitFor, wrappedToken, type HomebridgeFolder, type RecordingLogger } from './fixtures.js';

type Update = { newRefreshToken: string };

describe('sign-in generations: the old connection never undoes a sign-out or a sign-in', () => {
  let folder: HomebridgeFolder;
  let log: RecordingLogger;
  const issued: string[] = [];
  const token = () => {
    const value = wrappedToken();
    issued.push(value);
    return value;
  };
  const open = (files: TokenFiles = nodeTokenFiles) =>
    new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log, files, watch: { debounceMs: 30, pollMs: 100 } });

  /** What the settings panel does on sign-out (homebridge-ui/src/token-save.ts). */
  async function panelSignOut(files: TokenFiles = nodeTokenFiles): Promise<void> {
    const panel = open(files);
    await panel.resolveStartupToken(readRefreshToken(await folder.readConfig()));
    await panel.signOut();
    panel.close();
  }

  /** What the settings panel does on sign-in (homebridge-ui/src/token-save.ts). */
  async function panelSignIn(signedIn: string, files: TokenFiles = nodeTokenFiles): Promise<void> {
    const panel = open(files);
    await panel.resolveStartupToken(readRefreshToken(await folder.readConfig()));
    await panel.signIn(signedIn);
    panel.close();
  }

  /** The running plugin: started from config.json, persisting its connection's rotations. */
  async function runningPlugin(first: string, files?: TokenFiles) {
    const plugin = open(files);
    await plugin.resolveStartupToken(first);
    const rotations = new ReplaySubject<Update>(1);
    plugin.watch(rotations);
    const current = token();
    rotations.next({ newRefreshToken: current });
    await plugin.flush();
    return { plugin, rotations, current };
  }

  beforeEach(() => {
    log = recordingLogger();
  });

  afterEach(async () => {
    expectNoSecrets(log.text(), [...issued, 'homebridge-ring-token-aaaaaaaaaaaa', 'child-bridge-token-bbbbbbbbbbbb']);
    await folder.remove();
  });

  it('a rotation made before the plugin notices a panel sign-out writes nothing, and the sign-out is reported', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    const { plugin, rotations } = await runningPlugin(first);
    let signedOut = 0;
    plugin.onSignedOutElsewhere(() => (signedOut += 1));

    await panelSignOut();
    // The old connection rotates before any watcher told the plugin about the sign-out.
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();

    expect((await folder.readSidecar()).refreshToken).toBeUndefined();
    expect(await folder.readConfig()).toBe(configWithToken(undefined));
    expect(signedOut).toBe(1);
    expect(plugin.lastRotation()).toBeUndefined();
    // Later rotations of that connection are not written either.
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();
    expect((await folder.readSidecar()).refreshToken).toBeUndefined();
    expect(await folder.readConfig()).toBe(configWithToken(undefined));
    plugin.close();
  });

  it('a panel sign-out landing between the plugin re-reading the sidecar and renaming over it still wins', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    let signOutDuringWrite = false;
    let raced = 0;
    const files: TokenFiles = {
      ...nodeTokenFiles,
      async writeAtomic(path, text, options) {
        if (signOutDuringWrite && path === folder.sidecarPath) {
          // The panel signs out after the plugin decided what to write, before its rename.
          signOutDuringWrite = false;
          raced += 1;
          await panelSignOut();
        }
        return nodeTokenFiles.writeAtomic(path, text, options);
      },
    };
    const { plugin, rotations } = await runningPlugin(first, files);
    let signedOut = 0;
    plugin.onSignedOutElsewhere(() => (signedOut += 1));

    signOutDuringWrite = true;
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();

    expect(raced).toBe(1);
    expect((await folder.readSidecar()).refreshToken).toBeUndefined();
    expect(await folder.readConfig()).toBe(configWithToken(undefined));
    expect(signedOut).toBe(1);
    plugin.close();
  });

  it('a panel sign-out landing while the plugin writes config.json: its token is not put back there', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    let signOutDuringWrite = false;
    let raced = 0;
    const files: TokenFiles = {
      ...nodeTokenFiles,
      async writeAtomic(path, text, options) {
        if (signOutDuringWrite && path === folder.configPath) {
          // The sidecar already holds the rotation; the panel signs out before config.json gets it.
          signOutDuringWrite = false;
          raced += 1;
          await panelSignOut();
        }
        return nodeTokenFiles.writeAtomic(path, text, options);
      },
    };
    const { plugin, rotations } = await runningPlugin(first, files);
    let signedOut = 0;
    plugin.onSignedOutElsewhere(() => (signedOut += 1));

    signOutDuringWrite = true;
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();

    expect(raced).toBe(1);
    expect(await folder.readConfig()).toBe(configWithToken(undefined));
    expect((await folder.readSidecar()).refreshToken).toBeUndefined();
    expect(signedOut).toBe(1);
    plugin.close();
  });

  it('a sign-in saved only to the sidecar (config.json read-only) wins over the old connection, which is told to switch', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    const original = await folder.readConfig();
    const readOnlyConfig: TokenFiles = {
      ...nodeTokenFiles,
      async writeAtomic(path, text, options) {
        if (path === folder.configPath) throw Object.assign(new Error(`EROFS: read-only file system, rename '${path}'`), { code: 'EROFS' });
        return nodeTokenFiles.writeAtomic(path, text, options);
      },
    };
    const { plugin, rotations } = await runningPlugin(first, readOnlyConfig);
    const signIns: string[] = [];
    const watching = plugin.onConfigTokenChanged((signedIn) => signIns.push(signedIn));

    const fresh = token();
    await panelSignIn(fresh, readOnlyConfig);
    expect((await folder.readSidecar()).refreshToken).toBe(fresh);
    expect(await folder.readConfig()).toBe(original);
    // The old connection rotates right after (before the watcher's debounce has run).
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();

    expect((await folder.readSidecar()).refreshToken).toBe(fresh);
    await waitFor(() => signIns.length === 1);
    expect(signIns).toEqual([fresh]);
    // The plugin switches to the new sign-in as platform.ts does; the old connection keeps rotating.
    expect(await plugin.resolveStartupToken(fresh)).toMatchObject({ token: fresh });
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();
    expect((await folder.readSidecar()).refreshToken).toBe(fresh);
    expect(await folder.readConfig()).toBe(original);
    expect(signIns).toEqual([fresh]);
    watching.close();
    plugin.close();
  });

  it('a rotation of the connection from before a config.json sign-in is never written, even while still subscribed', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    const { plugin, rotations } = await runningPlugin(first);
    const signIns: string[] = [];
    const watching = plugin.onConfigTokenChanged((signedIn) => signIns.push(signedIn));

    const fresh = token();
    await writeFile(folder.configPath, configWithToken(fresh));
    await waitFor(() => signIns.length === 1);
    expect(await plugin.resolveStartupToken(fresh)).toEqual({ token: fresh, source: 'config', repairedConfig: false });
    // The new connection subscribes; the old one, not yet unsubscribed, emits late rotations.
    const next = new ReplaySubject<Update>(1);
    plugin.watch(next);
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();
    expect((await folder.readSidecar()).refreshToken).toBe(fresh);
    expect(await folder.readConfig()).toBe(configWithToken(fresh));

    const successor = token();
    next.next({ newRefreshToken: successor });
    rotations.next({ newRefreshToken: token() });
    await plugin.flush();
    expect((await folder.readSidecar()).refreshToken).toBe(successor);
    expect(await folder.readConfig()).toBe(configWithToken(successor));
    watching.close();
    plugin.close();
  });
});
