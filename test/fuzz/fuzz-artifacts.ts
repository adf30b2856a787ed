/** Where a fuzz run leaves the logs of what it fuzzed, for reading a finding after the run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPaths } from '../harness/repo-paths.js';
import { runSeed } from './seeded-random.js';

const artifactsDir = () => join(repoPaths().root, 'test-artifacts', 'fuzz');

/** The seed of this test run, shared by the fuzz files (see runSeed). */
export function fuzzRunSeed(): { seed: number; replayed: boolean } {
  return runSeed(join(artifactsDir(), 'run-seed'));
}

/** Writes `test-artifacts/fuzz/<name>.log` (overwritten each run; the seed is in its first line). */
export function saveLog(name: string, seed: number, text: string): string {
  const dir = artifactsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.log`);
  writeFileSync(file, `fuzz seed ${seed} (TRYGR_FUZZ_SEED=${seed})\n${text}`);
  return file;
}
