/**
 * The panel's "Move from homebridge-ring": what it would do (`/move/preview`) and doing it
 * (`/move/run`). The mapping is src/config/homebridge-ring-move.ts; here is the I/O around it.
 *
 * config.json is written as the token store writes it: re-read, edited, replaced atomically only if
 * nobody saved it in between (the Homebridge UI saves whole files). homebridge-ring's refresh token
 * goes from its block to the token store's sign-in save (token-save.ts), as a panel sign-in does,
 * and nowhere else: the page learns only whether there is one, and no log line names it.
 */
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { applyEdits, modify, parseTree, printParseErrorCode, type ModificationOptions, type ParseError } from 'jsonc-parser';
import {
  blockToken,
  HOMEBRIDGE_RING_PLUGIN,
  movedConfig,
  planMove,
  ringBlocks,
  type CarriedOption,
  type LeftOption,
  type MovePlan,
} from '../../src/config/homebridge-ring-move.js';
import { ourBlock, type JsonObject } from '../../src/config/our-block.js';
import { ConcurrentChangeError, writeFileAtomically } from '../../src/token-store/atomic-write.js';
import { isReadOnlyError } from '../../src/token-store/token-files.js';
import { statusReport } from './plugin-status.js';
import { saveSignIn, type UiLog } from './token-save.js';
import type { UiPaths } from './ui-paths.js';

/** A move the panel refuses, with a message for the page; nothing was changed. */
export class MoveRefusal extends Error {
  override readonly name = 'MoveRefusal';
  constructor(
    message: string,
    readonly code: 'broken-config' | 'no-config' | 'no-ring-block' | 'not-confirmed' | 'no-token' | 'signed-in' | 'read-only' | 'busy',
  ) {
    super(message);
  }
}

interface Common {
  readonly ringName?: string;
  readonly ringCount: number;
  /** 1-based: "the second of three". */
  readonly ringPosition: number;
  readonly carried: readonly CarriedOption[];
  readonly notCarried: readonly LeftOption[];
}

export type MovePreview =
  | { readonly found: false; readonly problem?: string }
  | (Common & {
      readonly found: true;
      /** Whether homebridge-ring's block has a refresh token; never the token. */
      readonly ringHasToken: boolean;
      readonly alreadyDisabled: boolean;
      /** Some option would still change Trygr's block. */
      readonly settingsPending: boolean;
      /** Trygr has a sign-in of its own (config.json or its token file): the token is then not offered. */
      readonly trygrSignedIn: boolean;
    });

export interface MoveOutcome extends Common {
  readonly disabledPlugin: typeof HOMEBRIDGE_RING_PLUGIN;
  readonly alreadyDisabled: boolean;
  readonly token: { readonly moved: true; readonly savedToConfig: boolean; readonly savedToSidecar: boolean } | { readonly moved: false; readonly problem?: string };
  /** What was set in Trygr's block, for the page's copy of it (never a refresh token). */
  readonly options: Readonly<Record<string, unknown>>;
}

const CONCURRENT_RETRIES = 5;
const BOM = '\uFEFF';

/** config.json's text and value; a refusal that quotes none of it (it holds other plugins' secrets). */
async function readConfig(configPath: string): Promise<{ text: string; config: JsonObject } | undefined> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new MoveRefusal(`config.json (${configPath}) cannot be read (${code ?? 'error'}). Nothing was changed.`, 'no-config');
  }
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first || root?.type !== 'object') {
    const detail = first ? `${printParseErrorCode(first.error)} at character ${first.offset}` : 'not a JSON object';
    throw new MoveRefusal(
      `config.json is not valid JSON (${detail}), so nothing was moved and nothing was changed. Fix it in the Homebridge UI's JSON Config editor first.`,
      'broken-config',
    );
  }
  return { text, config: JSON.parse(body) as JsonObject };
}

function common(plan: MovePlan): Common {
  return {
    ...(plan.ringName !== undefined && { ringName: plan.ringName }),
    ringCount: plan.ringCount,
    ringPosition: plan.ringIndex + 1,
    carried: plan.carried,
    notCarried: plan.notCarried,
  };
}

export async function movePreview(paths: UiPaths): Promise<MovePreview> {
  let read;
  try {
    read = await readConfig(paths.configPath);
  } catch (error) {
    if (error instanceof MoveRefusal) return { found: false, problem: error.message };
    throw error;
  }
  const plan = read && planMove(read.config);
  if (!plan) return { found: false };
  return {
    found: true,
    ...common(plan),
    ringHasToken: plan.ringHasToken,
    alreadyDisabled: plan.alreadyDisabled,
    settingsPending: plan.settingsPending,
    trygrSignedIn: plan.trygrHasToken || (await statusReport(paths)).signedIn,
  };
}

/**
 * config.json's text with the move applied by small edits, so the rest of the file keeps its
 * layout. jsonc-parser follows the first of duplicate keys where Homebridge (JSON.parse) takes the
 * last: when the edited text does not read back as `next`, the whole file is written from `next`.
 */
export function editedConfigText(text: string, config: JsonObject, next: JsonObject): string {
  const bom = text.startsWith(BOM) ? BOM : '';
  let body = bom ? text.slice(1) : text;
  // Edits are formatted as the file is indented (the Homebridge UI writes 4 spaces).
  const indent = /^([ \t]+)\S/m.exec(body)?.[1] ?? '    ';
  const format: ModificationOptions = {
    formattingOptions: { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 4 : indent.length, eol: body.includes('\r\n') ? '\r\n' : '\n' },
  };
  const edit = (path: (string | number)[], value: unknown, options: ModificationOptions = format) => {
    body = applyEdits(body, modify(body, path, value, options));
  };
  const platforms = Array.isArray(config.platforms) ? config.platforms : undefined;
  const trygr = ourBlock(config);
  const nextTrygr = ourBlock(next)!;
  if (platforms && trygr) {
    const index = platforms.indexOf(trygr);
    for (const key of Object.keys(nextTrygr)) if (!isDeepStrictEqual(trygr[key], nextTrygr[key])) edit(['platforms', index, key], nextTrygr[key]);
  } else if (platforms) {
    edit(['platforms', -1], nextTrygr, { ...format, isArrayInsertion: true });
  } else {
    edit(['platforms'], next.platforms);
  }
  if (!Array.isArray(config.disabledPlugins)) edit(['disabledPlugins'], next.disabledPlugins);
  else if (!config.disabledPlugins.includes(HOMEBRIDGE_RING_PLUGIN)) edit(['disabledPlugins', -1], HOMEBRIDGE_RING_PLUGIN, { ...format, isArrayInsertion: true });
  try {
    if (isDeepStrictEqual(JSON.parse(body), JSON.parse(JSON.stringify(next)))) return bom + body;
  } catch {
    // Falls through to the whole file.
  }
  return bom + JSON.stringify(next, null, 4) + '\n';
}

/**
 * Moves homebridge-ring's block into Trygr's and disables homebridge-ring; with `withToken`, and only
 * once `ringStopped` confirms homebridge-ring no longer runs, its sign-in too. config.json is written
 * first: when that fails nothing has changed, and the token is never moved without the options.
 */
export async function runMove(paths: UiPaths, body: Record<string, unknown>, log: UiLog): Promise<MoveOutcome> {
  const withToken = body.withToken === true;
  if (withToken && body.ringStopped !== true) {
    throw new MoveRefusal(
      'First confirm that homebridge-ring is stopped: a Ring refresh token works for one client only, and two plugins on one token sign each other out.',
      'not-confirmed',
    );
  }
  for (let attempt = 1; ; attempt += 1) {
    const read = await readConfig(paths.configPath);
    if (!read) throw new MoveRefusal(`There is no config.json at ${paths.configPath}. Nothing was changed.`, 'no-config');
    const { text, config } = read;
    const plan = planMove(config);
    if (!plan) throw new MoveRefusal('config.json has no homebridge-ring ("Ring") platform block, so there is nothing to move.', 'no-ring-block');
    const token = withToken ? blockToken(ringBlocks(config)[plan.ringIndex]) : undefined;
    if (withToken && token === undefined) throw new MoveRefusal("homebridge-ring's block has no refresh token to move. Sign in above instead.", 'no-token');
    if (withToken && (plan.trygrHasToken || (await statusReport(paths)).signedIn)) {
      throw new MoveRefusal("Trygr is signed in to Ring already, so homebridge-ring's sign-in is not moved. Sign out first to take it over.", 'signed-in');
    }
    const next = movedConfig(config, plan.options);
    try {
      await writeFileAtomically(paths.configPath, editedConfigText(text, config, next), { ifUnchanged: text });
    } catch (error) {
      if (error instanceof ConcurrentChangeError && attempt < CONCURRENT_RETRIES) continue;
      if (error instanceof ConcurrentChangeError) throw new MoveRefusal('config.json kept changing while the move was written. Nothing was changed; try again.', 'busy');
      if (!isReadOnlyError(error)) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new MoveRefusal(
        `config.json (${paths.configPath}) cannot be written (${code}), so nothing was moved and nothing was changed. Make it writable for Homebridge and try again.`,
        'read-only',
      );
    }
    log.info(`Moved homebridge-ring's settings to Trygr in config.json (${plan.carried.length} carried, ${plan.notCarried.length} not) and disabled homebridge-ring.`);
    return {
      ...common(plan),
      options: plan.options,
      disabledPlugin: HOMEBRIDGE_RING_PLUGIN,
      alreadyDisabled: plan.alreadyDisabled,
      token: await moveToken(paths, token, log),
    };
  }
}

async function moveToken(paths: UiPaths, token: string | undefined, log: UiLog): Promise<MoveOutcome['token']> {
  if (token === undefined) return { moved: false };
  try {
    const saved = await saveSignIn(paths, token, log, "Took over homebridge-ring's Ring sign-in");
    return { moved: true, savedToConfig: saved.savedToConfig, savedToSidecar: saved.savedToSidecar };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    log.warn(`Could not save homebridge-ring's Ring sign-in for Trygr${code ? ` (${code})` : ''}.`);
    return { moved: false, problem: `The sign-in could not be saved${code ? ` (${code})` : ''}; sign in above instead.` };
  }
}
