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

/**
 * Compiles the files `include` matches (globs from the repository root), and what they import,
 * into .build/. The tsconfig is a temporary one extending tsconfig.test.json: that one's own
 * `include` is the whole tree, and a single test must not wait for, or fail on, all of it.
 */
export async function buildIntoBuildDir(include: readonly string[], exclude?: readonly string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trygr-build-'));
  const config = join(dir, 'tsconfig.json');
  const fromRoot = (globs: readonly string[]): string[] => globs.map((glob) => join(repoRoot, glob));
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.test.json'),
      compilerOptions: { rootDir: repoRoot, outDir: buildDir, sourceMap: false },
      include: fromRoot(include),
      ...(exclude && { exclude: fromRoot(exclude) }),
    }),
  );
  try {
    await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: repoRoot, timeout: 180_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let built: Promise<void> | undefined;

export function buildEmulatorAndRedirect(): Promise<void> {
  built ??= buildIntoBuildDir(['test/emulator/**/*.ts', 'test/redirect/**/*.ts'], ['**/*.test.ts', '**/*.netns-test.ts']);
  return built;
}
