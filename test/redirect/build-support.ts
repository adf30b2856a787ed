/**
 * Tests that start child processes (the CLI, `node --import register.js`) need the compiled JS
 * under `.build/`. `npm test` builds everything first; when a single test file runs on its own,
 * this compiles just the emulator and redirect folders (once per process) so the test does not
 * depend on the rest of the tree compiling.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const buildDir = join(repoRoot, '.build');

let built: Promise<void> | undefined;

export function buildEmulatorAndRedirect(): Promise<void> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trygr-emulator-build-'));
    const config = join(dir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(repoRoot, 'tsconfig.test.json'),
        compilerOptions: { rootDir: repoRoot, outDir: buildDir, sourceMap: false },
        include: [join(repoRoot, 'test/emulator/**/*.ts'), join(repoRoot, 'test/redirect/**/*.ts')],
        exclude: [join(repoRoot, '**/*.test.ts'), join(repoRoot, '**/*.netns-test.ts')],
      }),
    );
    try {
      await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: repoRoot, timeout: 120_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return built;
}
