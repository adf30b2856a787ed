/**
 * The source of the module that ring-client-api's own files get in place of a deferred
 * package: one stand-in per imported name, each loading the real package the first time it is used.
 * It is served as a data: URL, so the package and names travel in the URL and need no file of ours
 * per combination.
 */
import { IDENTIFIER } from './import-names.js';

export function facadeSource(pkg: string, names: readonly string[], standInUrl: string): string {
  if (names.length === 0) throw new Error('a stand-in module needs at least one name');
  for (const name of names) {
    if (!IDENTIFIER.test(name)) throw new Error(`not an export name: ${JSON.stringify(name)}`);
  }
  const lines = [`import { lazyExport } from ${JSON.stringify(standInUrl)};`];
  for (const name of names) lines.push(`export const ${name} = lazyExport(${JSON.stringify(pkg)}, ${JSON.stringify(name)});`);
  return lines.join('\n') + '\n';
}

export function facadeUrl(pkg: string, names: readonly string[], standInUrl: string): string {
  return moduleUrl(facadeSource(pkg, names, standInUrl));
}

/** A module served from its source text, so that a hook's answer needs no file of its own. */
export function moduleUrl(source: string): string {
  return `data:text/javascript,${encodeURIComponent(source)}`;
}
