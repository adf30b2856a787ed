/**
 * rxjs from one file. Under Node, `import ... from 'rxjs'` resolves to rxjs's CommonJS build, which
 * ring-client-api and the plugin then load at every start as 226 files: in a bare Node 24 about
 * 55 ms and 12 MB more RSS than the same library from the single file rxjs ships beside it
 * (dist/bundles/rxjs.umd.js, built from the same sources, with the operators under `operators`).
 *
 * ring-client-api and the plugin must end up with the same copy: the stream-error guard sets rxjs's
 * `config`, and only through that one copy does it reach ring-client-api's subscribers. So only
 * their imports are answered, both with the same modules, and only when the hook is in place before
 * either has imported rxjs (src/index.ts).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { moduleUrl } from './facade-source.js';
import { IDENTIFIER } from './import-names.js';
import type { ResolveHook } from './resolve-hook.js';

export const RXJS_SPECIFIERS: readonly string[] = ['rxjs', 'rxjs/operators'];

/** Where rxjs's single file is, from what a specifier resolved to in the same copy of the package. */
export function bundleUrlBeside(resolvedUrl: string): string | undefined {
  const root = /^(file:\/\/.*\/node_modules\/rxjs\/)dist\/[^/]+\/(?:operators\/)?index\.js$/.exec(resolvedUrl)?.[1];
  return root === undefined ? undefined : `${root}dist/bundles/rxjs.umd.js`;
}

/**
 * The module a specifier is answered with: every export of the bundle (or of its `operators`) by
 * name. Listed rather than left to Node's guess at a CommonJS file's names, which for a UMD wrapper
 * is a heuristic: a name it missed would stop the plugin from loading. The bundle is required, not
 * imported: the hook has required it already, and importing a CommonJS file reads it again.
 */
export function bundleFacadeSource(bundleUrl: string, part: 'root' | 'operators', names: readonly string[]): string {
  const exported = names.filter((name) => IDENTIFIER.test(name) && name !== 'default');
  if (exported.length === 0) throw new Error(`rxjs's single file exports nothing under ${part}`);
  const path = JSON.stringify(fileURLToPath(bundleUrl));
  const from = part === 'root' ? 'rxjs' : 'rxjs.operators';
  return [
    `import { createRequire } from 'node:module';`,
    `const rxjs = createRequire(${path})(${path});`,
    `export const { ${exported.join(', ')} } = ${from};`,
    `export default ${from};`,
    '',
  ].join('\n');
}

type Exports = Record<string, unknown> & { operators?: Record<string, unknown> };

const loadFile = (url: string): Exports => createRequire(import.meta.url)(fileURLToPath(url)) as Exports;

/** What the imports were answered with: the single file, or rxjs as it always loads (the bundle could not be). */
export type RxjsSource = 'single file' | 'as before';

export type RxjsHook = ResolveHook & {
  /** Undefined until an import was answered; 'as before' once any import had to be. */
  source(): RxjsSource | undefined;
};

/**
 * The resolve hook. `folders` are URL prefixes of the importers it answers (ring-client-api's and
 * the plugin's own files); every other import is handed on. Where the bundle cannot be loaded (an
 * rxjs without it, a damaged install) the import is handed on too, and rxjs loads as it always did.
 */
export function singleFileRxjs(folders: readonly string[], load: (url: string) => Exports = loadFile): RxjsHook {
  // Per specifier and resolved file: the answering module's URL, or null where the bundle failed.
  const answers = new Map<string, string | null>();
  const hook: ResolveHook = (specifier, context, next) => {
    const parent = context.parentURL;
    if (!RXJS_SPECIFIERS.includes(specifier) || parent === undefined || !folders.some((folder) => parent.startsWith(folder))) {
      return next(specifier, context);
    }
    const resolved = next(specifier, context);
    const key = `${specifier}\n${resolved.url}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = facadeFor(specifier, resolved.url, load);
      answers.set(key, answer);
    }
    return answer === null ? resolved : { url: answer, shortCircuit: true };
  };
  const source = (): RxjsSource | undefined => {
    if (answers.size === 0) return undefined;
    return [...answers.values()].includes(null) ? 'as before' : 'single file';
  };
  return Object.assign(hook, { source });
}

function facadeFor(specifier: string, resolvedUrl: string, load: (url: string) => Exports): string | null {
  const bundle = bundleUrlBeside(resolvedUrl);
  if (bundle === undefined) return null;
  try {
    const exports = load(bundle);
    const part = specifier === 'rxjs' ? 'root' : 'operators';
    const names = Object.keys((part === 'root' ? exports : exports.operators) ?? {});
    return moduleUrl(bundleFacadeSource(bundle, part, names));
  } catch {
    return null;
  }
}
