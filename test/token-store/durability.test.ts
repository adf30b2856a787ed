/**
 * The system calls behind an atomic write, as the kernel sees them (strace): temp file in the same
 * folder, mode set before the fsync, rename over the target, then the folder fsynced. Skipped where
 * strace is not installed; needs `npm run build:test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BUILT = join(process.cwd(), '.build/src/token-store/atomic-write.js');
const hasStrace = spawnSync('strace', ['-V']).status === 0;

(hasStrace ? describe : describe.skip)('atomic write durability (strace)', () => {
  it('fsyncs the temp file before the rename and the folder after it', async () => {
    expect(existsSync(BUILT)).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'trygr-durability-'));
    try {
      const target = join(dir, 'config.json');
      await writeFile(target, '{}');
      const script = `const { writeFileAtomically } = await import(${JSON.stringify(BUILT)}); await writeFileAtomically(${JSON.stringify(target)}, '{"a":1}');`;
      const traced = spawnSync(
        'strace',
        ['-f', '-e', 'trace=openat,fsync,fchmod,rename,renameat,renameat2,close', process.execPath, '--input-type=module', '-e', script],
        {
          encoding: 'utf8',
        },
      );
      expect(traced.status).toBe(0);
      const calls = traced.stderr.split('\n');
      const fdOf = (pattern: string) => calls.map((line) => new RegExp(`openat\\(AT_FDCWD, "${pattern}".* = (\\d+)$`).exec(line)).find(Boolean)?.[1];
      const indexOf = (pattern: RegExp, from = 0) => calls.findIndex((line, index) => index >= from && pattern.test(line));

      const tempFd = fdOf(`${dir}/\\.config\\.json\\.trygr-\\d+-[0-9a-f]{8}\\.tmp`);
      expect(tempFd).toBeDefined();
      const openTemp = indexOf(/\.config\.json\.trygr-.*O_EXCL/);
      const chmod = indexOf(new RegExp(`fchmod\\(${tempFd},`), openTemp);
      const syncTemp = indexOf(new RegExp(`fsync\\(${tempFd}\\)`), openTemp);
      const rename = indexOf(/rename(at2?)?\(.*\.tmp".*config\.json"/, openTemp);
      const openFolder = indexOf(new RegExp(`openat\\(AT_FDCWD, "${dir}", .*O_DIRECTORY`), rename);
      const folderFd = /= (\d+)$/.exec(calls[openFolder] ?? '')?.[1];
      const syncFolder = indexOf(new RegExp(`fsync\\(${folderFd}\\)`), openFolder);
      expect([openTemp, chmod, syncTemp, rename, openFolder, syncFolder].every((index) => index >= 0)).toBe(true);
      expect(openTemp < chmod && chmod < syncTemp && syncTemp < rename && rename < openFolder && openFolder < syncFolder).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
