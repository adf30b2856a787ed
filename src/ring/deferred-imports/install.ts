import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PLUGIN_CODE_URL } from '../../settings.js';
import { ringEntry, ringRequire } from '../ring-dependency.js';
import { facadeUrl } from './facade-source.js';
import { namedImports } from './import-names.js';
import type { RegisterHooks, ResolveHook } from './resolve-hook.js';
import { singleFileRxjs, type RxjsHook, type RxjsSource } from './single-file-rxjs.js';

/**
 * Packages ring-client-api's index pulls in statically that a start-up never uses, with what they
 * are for. werift (WebRTC, with @peculiar/x509 and @noble/curves) and @homebridge/camera-utils
 * (ffmpeg and RTP helpers, with execa) serve live view only, yet cost about 17 MB and 120-250 ms at
 * every start. systeminformation (23 modules) serves a hardware id that the library asks it for only
 * when no systemId is given, and the plugin always gives one.
 */
export const DEFERRED_USES: Readonly<Record<string, string>> = {
  werift: 'live view',
  '@homebridge/camera-utils': 'live view',
  systeminformation: 'a hardware id, which the plugin gives itself',
};

export const DEFERRED_PACKAGES: readonly string[] = Object.keys(DEFERRED_USES);

/** What became of the deferral, for one debug line. */
export type Deferral = 'deferred' | 'already' | 'unsupported' | 'no-ring-client-api';

let outcome: Deferral | undefined;
let rxjsHook: RxjsHook | undefined;

const NAMES = DEFERRED_PACKAGES.join(', ');

/** What the plugin's and ring-client-api's rxjs imports were answered with, once the hooks are in. */
export function rxjsSource(): RxjsSource | undefined {
  return rxjsHook?.source();
}

const RXJS_TEXT: Record<RxjsSource, string> = {
  'single file': ' rxjs loads from its single-file build.',
  'as before': " rxjs's single-file build could not be loaded; rxjs loads as usual.",
};

export function deferralLine(deferral: Deferral, rxjs?: RxjsSource): string {
  switch (deferral) {
    case 'deferred':
    case 'already':
      return `Loaded on first use instead of at start-up: ${DEFERRED_PACKAGES.map((pkg) => `${pkg} (${DEFERRED_USES[pkg]})`).join(', ')}.${rxjs ? RXJS_TEXT[rxjs] : ''}`;
    case 'unsupported':
      return `${NAMES} load with ring-client-api: Node ${process.versions.node} has no module.registerHooks (Node 22.15 and later do).`;
    case 'no-ring-client-api':
      return 'ring-client-api could not be resolved; the connection will say why.';
  }
}

/**
 * Where Node runs module hooks on the main thread (module.registerHooks: Node 22.15 and 23.5
 * onwards) this answers the library's `import { ... } from` those packages with stand-ins that load
 * them on first use. On older Node the hooks would run on a thread of their own, and every import
 * in the process (other plugins' too) would cross to it; measured on Node 20 that costs what it
 * saves, so the packages load as before there.
 *
 * It also answers the rxjs imports of ring-client-api, of the plugin and of camera-utils (loaded by
 * the library for live view) with rxjs's single-file build (single-file-rxjs.ts).
 *
 * Must run before the platform's modules load (src/index.ts): the two must share one rxjs, so none
 * of ours may have imported it yet; the connection imports ring-client-api later, dynamically.
 */
export function deferFirstUseImports(moduleApi: { registerHooks?: unknown } = nodeModule as { registerHooks?: unknown }): Deferral {
  if (outcome !== undefined) return outcome === 'deferred' ? 'already' : outcome;
  if (typeof moduleApi.registerHooks !== 'function') return (outcome = 'unsupported');
  const registerHooks = moduleApi.registerHooks.bind(moduleApi) as RegisterHooks;
  let libFolder: string;
  try {
    libFolder = pathToFileURL(dirname(ringEntry())).href + '/';
  } catch {
    return (outcome = 'no-ring-client-api');
  }
  registerHooks({ resolve: deferringResolver(libFolder) });
  rxjsHook = singleFileRxjs([libFolder, PLUGIN_CODE_URL, ...RXJS_IMPORTERS.flatMap(entryFolder)]);
  registerHooks({ resolve: rxjsHook });
  return (outcome = 'deferred');
}

const standInUrl = new URL('./stand-in.js', import.meta.url).href;

/**
 * Packages ring-client-api loads that import rxjs themselves: @homebridge/camera-utils, at the first
 * live view. Their rxjs must be the library's too, or that view would load the 226 files after all,
 * and errors in the library's subscribers to them would miss the stream-error guard.
 */
const RXJS_IMPORTERS: readonly string[] = ['@homebridge/camera-utils'];

/** The folder of a package's entry file as ring-client-api resolves it; none when it cannot. */
function entryFolder(pkg: string): string[] {
  try {
    return [pathToFileURL(dirname(ringRequire().resolve(pkg))).href + '/'];
  } catch {
    return [];
  }
}

/**
 * The resolve hook: every import in the process passes through it, so anything that is not a
 * deferred package imported by a file of ring-client-api is handed on untouched at the cost of a
 * list lookup.
 */
export function deferringResolver(libFolder: string, readSource: (url: string) => string = (url) => readFileSync(fileURLToPath(url), 'utf8')): ResolveHook {
  return (specifier, context, next) => {
    const parent = context.parentURL;
    if (!DEFERRED_PACKAGES.includes(specifier) || parent === undefined || !parent.startsWith(libFolder)) return next(specifier, context);
    let names: string[] | undefined;
    try {
      names = namedImports(readSource(parent), specifier);
    } catch {
      names = undefined;
    }
    if (names === undefined) return next(specifier, context);
    return { url: facadeUrl(specifier, names, standInUrl), shortCircuit: true };
  };
}
