import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cameraListText } from '../ring/known-cameras/camera-record.js';
import { FRONT_DOOR_RECORD } from '../../test/support/camera-records.js';
import { KnownCamerasFile } from './known-cameras-file.js';

const camera = FRONT_DOOR_RECORD;

function recorder() {
  const warnings: string[] = [];
  return { log: { warn: (message: string) => warnings.push(message) }, warnings };
}

describe('the camera list file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'trygr-cameras-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('none yet (a first start): no cameras, nothing said', async () => {
    const { log, warnings } = recorder();
    expect(await new KnownCamerasFile(join(dir, 'cameras.json'), log).read()).toEqual([]);
    expect(warnings).toEqual([]);
  });

  test('a damaged list gives no cameras and one warning that they wait for Ring', async () => {
    const file = join(dir, 'cameras.json');
    writeFileSync(file, '{"version":1,"cameras":[');
    const { log, warnings } = recorder();
    const list = new KnownCamerasFile(file, log);
    expect(await list.read()).toEqual([]);
    expect(warnings).toEqual([`The list of cameras from the last connection (${file}) was ignored: it is not JSON. Those cameras appear once Ring answers.`]);
  });

  test('a saved list reads back; it is private, and rewritten only when the cameras change', async () => {
    const file = join(dir, 'trygr', 'cameras.json');
    const { log, warnings } = recorder();
    const list = new KnownCamerasFile(file, log);
    await list.save([camera]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = statSync(file).mtimeMs;
    await list.save([camera]);
    expect(statSync(file).mtimeMs).toBe(written);
    // The next start reads the list and, with the same cameras, leaves it alone: one read, no write.
    const nextStart = new KnownCamerasFile(file, log);
    expect(await nextStart.read()).toEqual([camera]);
    await nextStart.save([camera]);
    expect(statSync(file).mtimeMs).toBe(written);
    await nextStart.save([{ ...camera, name: 'Main Door' }]);
    expect(readFileSync(file, 'utf8')).toBe(cameraListText([{ ...camera, name: 'Main Door' }]));
    expect(warnings).toEqual([]);
  });

  test('a damaged list is replaced by the next save', async () => {
    const file = join(dir, 'cameras.json');
    writeFileSync(file, '{"version":1,"cameras":[');
    const list = new KnownCamerasFile(file, recorder().log);
    await list.read();
    await list.save([camera]);
    expect(await new KnownCamerasFile(file, recorder().log).read()).toEqual([camera]);
  });

  test('a save that fails is said once, loses nothing already saved, and is tried again', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    const file = join(blocker, 'cameras.json');
    const { log, warnings } = recorder();
    const list = new KnownCamerasFile(file, log);
    await list.save([camera]);
    await list.save([{ ...camera, name: 'Main Door' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^The list of cameras could not be saved to .*\(E[A-Z]+\); after a restart the cameras appear once Ring answers\.$/);
    rmSync(blocker);
    await list.save([camera]);
    expect(await new KnownCamerasFile(file, log).read()).toEqual([camera]);
    expect(warnings).toHaveLength(1);
  });
});
