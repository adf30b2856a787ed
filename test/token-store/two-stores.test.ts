/**
 * The running plugin and the settings panel each have a token store on the same files. A sign-in
 * or a sign-out done by the panel must win over the plugin's in-memory state.
 */
import { writeFile } from 'node:fs/promises';
import { ReplaySubject } from 'rxjs';
import { TokenStore } from '../../src/token-store/index.js';
import { expectNoSecrets } from '../support/log-scan.js';
import { configWithToken, homebridgeFolder, recordingLogger, waitFor, wrappedToken, type HomebridgeFolder, type RecordingLogger } from './fixtures.js';

describe('plugin and settings panel sharing the token files', () => {
  let folder: HomebridgeFolder;
  let log: RecordingLogger;
  const issued: string[] = [];
  const token = () => {
    const value = wrappedToken();
    issued.push(value);
    return value;
  };
  const store = () => new TokenStore({ configPath: folder.configPath, storagePath: folder.storagePath, log, watch: { debounceMs: 30, pollMs: 100 } });

  afterEach(async () => {
    expectNoSecrets(log.text(), issued);
    await folder.remove();
  });

  it('a first sign-in saved while the plugin runs without a token is reported, not removed', async () => {
    folder = await homebridgeFolder(configWithToken(undefined));
    log = recordingLogger();
    const plugin = store();
    expect((await plugin.resolveStartupToken(undefined)).token).toBeUndefined();
    const signIns: string[] = [];
    const watching = plugin.onConfigTokenChanged((signedIn) => signIns.push(signedIn));

    const fresh = token();
    await writeFile(folder.configPath, configWithToken(fresh));
    await waitFor(() => signIns.length === 1);
    expect(signIns).toEqual([fresh]);
    await plugin.flush();
    expect(await folder.readConfig()).toBe(configWithToken(fresh));
    watching.close();
    plugin.close();
  });

  it('a sign-out in the panel stops the running plugin from writing its token back', async () => {
    const first = token();
    folder = await homebridgeFolder(configWithToken(first));
    log = recordingLogger();
    const plugin = store();
    await plugin.resolveStartupToken(first);
    const rotations = new ReplaySubject<{ newRefreshToken: string }>(1);
    plugin.watch(rotations);
    const newest = token();
    rotations.next({ newRefreshToken: newest });
    await plugin.flush();
    let signedOut = 0;
    plugin.onSignedOutElsewhere(() => (signedOut += 1));
    const watching = plugin.onConfigTokenChanged(() => undefined);

    const panel = store();
    await panel.resolveStartupToken(newest);
    await panel.signOut();
    await waitFor(() => signedOut === 1);
    rotations.next({ newRefreshToken: token() }); // a late rotation from the old session
    await plugin.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await folder.readConfig()).toBe(configWithToken(undefined));
    expect((await folder.readSidecar()).refreshToken).toBeUndefined();
    watching.close();
    plugin.close();
    panel.close();
  });
});
