import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pluginFiles } from './plugin-files.js';
import { carryOverSwitches, createPrivateText, loadOrCreateSystemId, writePrivateJson } from './private-files.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("the plugin's private files", () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    umask = process.umask(0o022);
    root = mkdtempSync(join(tmpdir(), 'trygr-files-'));
  });
  afterEach(() => {
    process.umask(umask);
    chmodSync(root, 0o700);
    rmSync(root, { recursive: true, force: true });
  });

  test('JSON is written whole, 0600 in a 0700 folder, under a permissive umask, leaving no temp file', async () => {
    const file = join(root, 'trygr', 'ABC', 'status.json');
    await writePrivateJson(file, { state: 'connected' });
    await writePrivateJson(file, { state: 'stopped' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ state: 'stopped' });
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(join(root, 'trygr'))).toBe(0o700);
    expect(modeOf(join(root, 'trygr', 'ABC'))).toBe(0o700);
    expect(readdirSync(join(root, 'trygr', 'ABC'))).toEqual(['status.json']);
  });

  test('a symlink planted where a file goes is replaced, never written through', async () => {
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'keep me');
    mkdirSync(join(root, 'trygr'));
    const file = join(root, 'trygr', 'status.json');
    symlinkSync(outside, file);
    await writePrivateJson(file, { state: 'connected' });
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
  });

  test('create-if-absent writes the first text only', async () => {
    const file = join(root, 'trygr', 'system-id');
    expect(await createPrivateText(file, 'first\n')).toBe(true);
    expect(await createPrivateText(file, 'second\n')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first\n');
    expect(modeOf(file)).toBe(0o600);
  });

  test('plugin and panel asking for the system id at once get one id', async () => {
    const files = pluginFiles(root);
    const ids = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSystemId(files)));
    expect(new Set(ids).size).toBe(1);
    expect(readFileSync(files.systemIdFile, 'utf8')).toBe(`${ids[0]}\n`);
  });

  test('a child bridge takes the id its existing token was issued to; a fresh one gets its own', async () => {
    const shared = await loadOrCreateSystemId(pluginFiles(root));
    expect(await loadOrCreateSystemId(pluginFiles(root, '0E:AA:BB:CC:DD:01'))).toBe(shared);
    rmSync(pluginFiles(root).systemIdFile);
    const fresh = await loadOrCreateSystemId(pluginFiles(root, '0E:AA:BB:CC:DD:02'));
    expect(fresh).not.toBe(shared);
    expect(await loadOrCreateSystemId(pluginFiles(root, '0E:AA:BB:CC:DD:02'))).toBe(fresh);
  });

  test('an unusable system id file is replaced', async () => {
    const files = pluginFiles(root);
    mkdirSync(files.root, { recursive: true });
    writeFileSync(files.systemIdFile, 'short\n');
    const id = await loadOrCreateSystemId(files);
    expect(id.length).toBeGreaterThanOrEqual(16);
    expect(readFileSync(files.systemIdFile, 'utf8')).toBe(`${id}\n`);
  });

  describe("a child bridge's first start carries the shared Privacy switches over", () => {
    const child = () => pluginFiles(root, '0E:AA:BB:CC:DD:01');

    test("copied once, private; later starts keep the bridge's own", async () => {
      mkdirSync(join(root, 'trygr'), { recursive: true });
      writeFileSync(child().legacy!.switchesFile, '{"global":false,"devices":{"1":true}}', { mode: 0o644 });
      expect(await carryOverSwitches(child())).toMatchObject({ level: 'info' });
      expect(JSON.parse(readFileSync(child().switchesFile, 'utf8'))).toEqual({ global: false, devices: { '1': true } });
      expect(modeOf(child().switchesFile)).toBe(0o600);
      writeFileSync(child().switchesFile, '{"global":true,"devices":{}}');
      expect(await carryOverSwitches(child())).toBeUndefined();
      expect(JSON.parse(readFileSync(child().switchesFile, 'utf8')).global).toBe(true);
    });

    test('nothing to carry over, nothing written; the main bridge never copies', async () => {
      expect(await carryOverSwitches(child())).toBeUndefined();
      expect(await carryOverSwitches(pluginFiles(root))).toBeUndefined();
      expect(() => statSync(child().switchesFile)).toThrow();
    });

    test('a shared file that cannot be read makes every camera private (fail closed)', async () => {
      // A folder where the file should be cannot be copied, even by root (unlike a 0000 file).
      mkdirSync(child().legacy!.switchesFile, { recursive: true });
      const line = await carryOverSwitches(child());
      expect(line).toMatchObject({ level: 'warn', message: expect.stringContaining('every camera is private') });
      expect(JSON.parse(readFileSync(child().switchesFile, 'utf8'))).toEqual({ global: true, devices: {} });
    });
  });
});
