import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statusFilePath } from '../config/plugin-status.js';
import { keepPluginFolderPrivate } from './private-folder.js';
import { StatusPublisher } from './status-publisher.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the plugin folder is private to the Homebridge user', () => {
  let root: string;
  let umask: number;
  const warnings: string[] = [];
  const log = { warn: (message: string) => warnings.push(message) };

  beforeEach(() => {
    umask = process.umask(0o022);
    root = mkdtempSync(join(tmpdir(), 'trygr-private-'));
    warnings.length = 0;
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  test('status.json is written 0600 in a 0700 folder under a permissive umask', async () => {
    const status = new StatusPublisher(statusFilePath(root), log);
    status.update({ state: 'connected' });
    await status.flush();
    expect(modeOf(join(root, 'trygr'))).toBe(0o700);
    expect(modeOf(statusFilePath(root))).toBe(0o600);
    expect(warnings).toEqual([]);
  });

  test('a folder and files left open by an earlier version are tightened at startup', async () => {
    const dir = join(root, 'trygr');
    mkdirSync(join(dir, 'audit'), { recursive: true });
    chmodSync(dir, 0o755);
    for (const name of ['status.json', 'privacy-switches.json', 'system-id']) {
      writeFileSync(join(dir, name), '{}', { mode: 0o644 });
    }
    writeFileSync(join(dir, 'token.json'), '{}', { mode: 0o600 });
    await keepPluginFolderPrivate(dir, log);
    expect(modeOf(dir)).toBe(0o700);
    for (const name of ['status.json', 'privacy-switches.json', 'system-id', 'token.json']) {
      expect([name, modeOf(join(dir, name))]).toEqual([name, 0o600]);
    }
    expect(warnings).toEqual([]);
  });

  test('a folder that does not exist yet is no problem (it is created private)', async () => {
    await keepPluginFolderPrivate(join(root, 'trygr'), log);
    expect(warnings).toEqual([]);
  });
});
