/**
 * What the browser tests share: a scenario is compiled on its own into .build/ (with what the
 * children it starts load), then run as a child in a new network namespace whose only interface
 * is its own loopback (`unshare -n`), so config-ui-x's update checks and Chromium's own traffic
 * cannot leave the machine. Needs root for the namespace.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDir, repoRoot } from '../redirect/build-support.js';

export const CHROMIUM = process.env.TRYGR_CHROMIUM ?? '/usr/bin/chromium';

/** Fails early, with what to do, when the browser or the plugin's build is missing. */
export function checkBrowserPrerequisites(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  if (!existsSync(join(repoRoot, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build');
}

/** Compiles `scenario` (a path from the repository root) and what its children load (harness, redirect) into .build/, and nothing else. */
export async function buildScenario(scenario: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trygr-browser-build-'));
  const config = join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.test.json'),
      compilerOptions: { rootDir: repoRoot, outDir: buildDir, sourceMap: false },
      include: [],
      files: [scenario, 'test/harness/child-preload.ts', 'test/harness/fixture-plugin.ts', 'test/redirect/register.ts'].map((f) => join(repoRoot, f)),
    }),
  );
  try {
    await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: repoRoot, timeout: 180_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the compiled `scenario` with `args` in a loopback-only namespace; killed after `timeoutMs`. */
export function runScenario(scenario: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const script = join(buildDir, scenario.replace(/\.ts$/, '.js'));
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, script, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
