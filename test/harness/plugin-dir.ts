/**
 * Homebridge's `-P` takes one path. To load the product plugin together with test plugins (the
 * fixture), the harness gives it a folder of symlinks named after each plugin's package name.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURE_PLUGIN_NAME } from './fixture-plugin.js';

function packageName(pluginDir: string): string {
  const manifest = path.join(pluginDir, 'package.json');
  if (!existsSync(manifest)) throw new Error(`harness: plugin folder ${pluginDir} has no package.json`);
  const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
  if (!name) throw new Error(`harness: ${manifest} has no name`);
  return name;
}

/** (Re)creates `<parent>/harness-plugins` with one symlink per plugin folder; returns it for `-P`. */
export function linkPluginDir(parent: string, pluginDirs: string[]): string {
  const dir = path.join(parent, 'harness-plugins');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const pluginDir of pluginDirs) {
    const name = packageName(pluginDir);
    const link = path.join(dir, name);
    mkdirSync(path.dirname(link), { recursive: true }); // scoped names: @scope/homebridge-x
    symlinkSync(pluginDir, link, 'dir');
  }
  return dir;
}

/**
 * Materialises the fixture plugin as a package under `parent`: a package.json plus an ESM shim that
 * re-exports the compiled `.build/test/harness/fixture-plugin.js` (package `main` cannot be absolute).
 */
export function writeFixturePackage(parent: string, compiledFixture: string): string {
  if (!existsSync(compiledFixture)) throw new Error(`harness: ${compiledFixture} is missing; run \`npm run build:test\``);
  const dir = path.join(parent, 'fixture-package');
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: FIXTURE_PLUGIN_NAME,
    version: '0.0.0',
    type: 'module',
    main: 'index.js',
    keywords: ['homebridge-plugin'],
    engines: { homebridge: '>=1.8.0', node: '>=20' },
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, 'index.js'), `export { default } from '${pathToFileURL(compiledFixture).href}';\n`);
  return dir;
}
