/** Where the harness finds the repository, the built plugin, Homebridge and the child preloads. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_NAME } from '../../src/settings.js';

export interface RepoPaths {
  root: string;
  pluginEntry: string;
  homebridgeCli: string;
  childPreload: string;
  childPreloadSource: string;
  redirectRegister: string;
  fixturePlugin: string;
  /** The folder Homebridge and the Homebridge UI come from: the repository, or CI's lane (TRYGR_LANE_DIR). */
  hostDir: string;
  /** homebridge-config-ui-x's standalone server (dist/bin/standalone.js) from the same place. */
  configUiStandalone: string;
}

/**
 * CI runs the suite a second time against Homebridge 2 and the newest Homebridge UI, installed apart
 * in `.ci/lanes/hb2` (`.ci/lane-setup`); TRYGR_LANE_DIR points there. Unset: the repository's own.
 */
export function hostDir(root = findRepoRoot()): string {
  const lane = process.env.TRYGR_LANE_DIR;
  return lane ? path.resolve(root, lane) : root;
}

/**
 * A package of the host (homebridge, homebridge-config-ui-x): its folder and its package.json.
 * Looked up by walking node_modules folders, not `require.resolve('<name>/package.json')`:
 * Homebridge 2's `exports` does not export its package.json.
 */
export function hostPackage(name: string, root = findRepoRoot()): { dir: string; manifest: { version: string; bin?: string | Record<string, string> } } {
  const from = hostDir(root);
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifestPath = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifestPath)) {
      return { dir: path.dirname(manifestPath), manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string; bin?: string | Record<string, string> } };
    }
    if (path.dirname(dir) === dir) throw new Error(`harness: ${name} is not installed in or above ${from}`);
  }
}

/** Homebridge 1 ships `bin/homebridge`, Homebridge 2 `bin/homebridge.js`; package.json's `bin` says which. */
function homebridgeBin(root: string): string {
  const { dir, manifest } = hostPackage('homebridge', root);
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.homebridge;
  if (!bin) throw new Error(`harness: ${dir}/package.json names no homebridge binary`);
  return path.join(dir, bin);
}

/** Walks up from this file: the harness runs both as TypeScript (Jest) and as JS under `.build/`. */
export function findRepoRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PLUGIN_NAME) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`harness: no ${PLUGIN_NAME} package.json above ${start}`);
  }
}

export function repoPaths(root = findRepoRoot()): RepoPaths {
  return {
    root,
    pluginEntry: path.join(root, 'dist', 'index.js'),
    homebridgeCli: homebridgeBin(root),
    childPreload: path.join(root, '.build', 'test', 'harness', 'child-preload.js'),
    childPreloadSource: path.join(root, 'test', 'harness', 'child-preload.ts'),
    redirectRegister: path.join(root, '.build', 'test', 'redirect', 'register.js'),
    fixturePlugin: path.join(root, '.build', 'test', 'harness', 'fixture-plugin.js'),
    hostDir: hostDir(root),
    configUiStandalone: path.join(hostPackage('homebridge-config-ui-x', root).dir, 'dist', 'bin', 'standalone.js'),
  };
}

/** Fails early and says which build step is missing, instead of a Homebridge that never loads. */
export function assertBuilt(paths: RepoPaths, need: { redirect: boolean; fixture: boolean }): void {
  if (!existsSync(paths.pluginEntry)) {
    throw new Error(`harness: ${paths.pluginEntry} is missing; run \`npm run build\` first`);
  }
  if (!existsSync(paths.childPreload)) {
    throw new Error(`harness: ${paths.childPreload} is missing; run \`npm run build:test\` first`);
  }
  const childSources = ['child-preload.ts', 'loopback-guard.ts', 'parent-watchdog.ts', ...(need.fixture ? ['fixture-plugin.ts'] : [])];
  const preloadSources = childSources.map((f) => path.join(path.dirname(paths.childPreloadSource), f));
  const builtAt = statSync(paths.childPreload).mtimeMs;
  const stale = preloadSources.filter((f) => existsSync(f) && statSync(f).mtimeMs > builtAt);
  if (stale.length > 0) {
    throw new Error(`harness: ${stale.join(', ')} changed after the last build; run \`npm run build:test\``);
  }
  if (need.fixture && !existsSync(paths.fixturePlugin)) {
    throw new Error(`harness: ${paths.fixturePlugin} is missing; run \`npm run build:test\``);
  }
  if (need.redirect && !existsSync(paths.redirectRegister)) {
    throw new Error(`harness: ringCloudUrl given but ${paths.redirectRegister} is missing; run \`npm run build:test\``);
  }
}
