import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ringEntry } from '../ring-dependency.js';
import { facadeUrl } from './facade-source.js';
import { weriftImportNames } from './werift-import-names.js';

/** What became of the deferral, for one debug line. */
export type WeriftDeferral = 'deferred' | 'already' | 'unsupported' | 'no-ring-client-api';

type ResolveContext = { parentURL?: string };
type ResolveResult = { url: string; shortCircuit?: boolean };
type NextResolve = (specifier: string, context?: ResolveContext) => ResolveResult;
type ResolveHook = (specifier: string, context: ResolveContext, next: NextResolve) => ResolveResult;
type RegisterHooks = (hooks: { resolve: ResolveHook }) => unknown;

let outcome: WeriftDeferral | undefined;

export function weriftDeferralLine(deferral: WeriftDeferral): string {
  switch (deferral) {
    case 'deferred':
    case 'already':
      return 'The live-view stack (werift) loads on the first live view.';
    case 'unsupported':
      return `The live-view stack (werift) loads with ring-client-api: Node ${process.versions.node} has no module.registerHooks (Node 22.15 and later do).`;
    case 'no-ring-client-api':
      return 'ring-client-api could not be resolved; the connection will say why.';
  }
}

/**
 * werift is ring-client-api's WebRTC stack. Its index imports it statically for the live view, which
 * costs about 10 MB and 80-190 ms at every start even in homes that never open one. Where Node runs
 * module hooks on the main thread (module.registerHooks: Node 22.15 and 23.5 onwards) this answers
 * the library's `import ... from 'werift'` with stand-ins that load werift on first use. On older
 * Node the hooks would run on a thread of their own, and every import in the process (other
 * plugins' too) would cross to it; measured on Node 20 that costs what it saves, so werift loads as
 * before there.
 *
 * Must run before ring-client-api's index is imported: the platform imports it dynamically.
 */
export function deferWerift(moduleApi: { registerHooks?: unknown } = nodeModule as { registerHooks?: unknown }): WeriftDeferral {
  if (outcome !== undefined) return outcome === 'deferred' ? 'already' : outcome;
  if (typeof moduleApi.registerHooks !== 'function') return (outcome = 'unsupported');
  const registerHooks = moduleApi.registerHooks.bind(moduleApi) as RegisterHooks;
  let libFolder: string;
  try {
    libFolder = pathToFileURL(dirname(ringEntry())).href + '/';
  } catch {
    return (outcome = 'no-ring-client-api');
  }
  registerHooks({ resolve: weriftResolver(libFolder) });
  return (outcome = 'deferred');
}

const standInUrl = new URL('./stand-in.js', import.meta.url).href;

/**
 * The resolve hook: every import in the process passes through it, so anything that is not werift
 * imported by a file of ring-client-api is handed on untouched at the cost of two comparisons.
 */
export function weriftResolver(libFolder: string, readSource: (url: string) => string = (url) => readFileSync(fileURLToPath(url), 'utf8')): ResolveHook {
  return (specifier, context, next) => {
    const parent = context.parentURL;
    if (specifier !== 'werift' || parent === undefined || !parent.startsWith(libFolder)) return next(specifier, context);
    let names: string[] | undefined;
    try {
      names = weriftImportNames(readSource(parent));
    } catch {
      names = undefined;
    }
    if (names === undefined) return next(specifier, context);
    return { url: facadeUrl(names, standInUrl), shortCircuit: true };
  };
}
