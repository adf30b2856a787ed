/**
 * "Data lost", checked after fuzzing: config.json still parses and still holds the Trygr block's
 * refresh token, Ring would still accept that token, and Homebridge still answers HomeKit reads.
 * Each problem comes back as one line; none means nothing was lost.
 */
import { readFileSync } from 'node:fs';

export type TokenState = 'usable' | 'grace' | 'unknown' | 'revoked' | 'expired';

/** The Trygr block's refresh token in config.json text; throws when the file does not parse. */
export function trygrToken(configText: string): string | undefined {
  const config = JSON.parse(configText) as { platforms?: Array<{ platform?: unknown; refreshToken?: unknown }> };
  const block = (Array.isArray(config.platforms) ? config.platforms : []).find((entry) => entry?.platform === 'Trygr');
  return typeof block?.refreshToken === 'string' && block.refreshToken !== '' ? block.refreshToken : undefined;
}

export interface DataLossChecks {
  configPath: string;
  tokenState(token: string): TokenState | Promise<TokenState>;
  /** A request that must still be answered: a HAP read (a value or a HAP status both count), or the panel's /status. */
  answers?: { what: string; ask: () => Promise<unknown> };
  /** How long the token may take to be the newest one again (a rotation being written). */
  settleMs?: number;
}

export async function dataLost(checks: DataLossChecks): Promise<string[]> {
  const problems: string[] = [];
  const deadline = Date.now() + (checks.settleMs ?? 15_000);
  // The token may be mid-rotation: Ring already swapped it, the plugin is writing the new one.
  let last = '';
  for (;;) {
    let token: string | undefined;
    try {
      token = trygrToken(readFileSync(checks.configPath, 'utf8'));
    } catch (error) {
      last = `config.json does not parse (${(error as Error).message})`;
    }
    if (token === undefined && !last.startsWith('config.json does not parse')) last = 'config.json has no refresh token in its Trygr block';
    if (token !== undefined) {
      const state = await checks.tokenState(token);
      if (state === 'usable') {
        last = '';
        break;
      }
      last = `the refresh token in config.json is ${state} at Ring`;
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (last) problems.push(last);
  if (checks.answers) {
    try {
      await checks.answers.ask();
    } catch (error) {
      // A HAP status (No Response) is an answer; a timeout or a dead connection is not.
      if (typeof (error as { status?: unknown }).status !== 'number') {
        problems.push(`${checks.answers.what} no longer answers (${String((error as Error).message).split('\n')[0]})`);
      }
    }
  }
  return problems;
}
