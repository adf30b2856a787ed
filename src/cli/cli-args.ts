/** The command line of `trygr-policy`, parsed into plain data (no I/O). */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: trygr-policy dry-run <config.json> [--storage <path>] [--bridge <username>] [--days N] [--json]

  dry-run    Replays the decisions in the privacy audit ledger against the "privacy" block of the
             Trygr platform in <config.json>, and reports what would change.

  --storage  The Homebridge storage folder holding trygr/audit (default: the folder of config.json).
  --bridge   The child bridge (its _bridge.username) whose Trygr block and ledger to use
             (default: the block on the main bridge, else the first).
  --days     Only the last N days of the ledger (default: all of it).
  --json     Print the report as JSON.

Exit codes: 0 report printed, 1 the draft policy is invalid, 2 usage or file problem.`;

export interface DryRunCommand {
  readonly command: 'dry-run';
  readonly configPath: string;
  readonly storagePath?: string;
  readonly bridgeUsername?: string;
  readonly days?: number;
  readonly json: boolean;
}

export type ParsedCommand = DryRunCommand | { readonly command: 'help' } | { readonly command: 'error'; readonly message: string };

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        storage: { type: 'string' },
        bridge: { type: 'string' },
        days: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { command: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [command, configPath, ...extra] = positionals;
  if (command !== 'dry-run') return { command: 'error', message: `Unknown command "${command}".` };
  if (configPath === undefined) return { command: 'error', message: 'dry-run needs the path of config.json.' };
  if (extra.length > 0) return { command: 'error', message: `Unexpected argument "${extra[0]}".` };
  let days: number | undefined;
  if (values.days !== undefined) {
    days = Number(values.days);
    if (!/^\d+$/.test(values.days) || !Number.isSafeInteger(days) || days < 1) {
      return { command: 'error', message: `--days must be a whole number of days from 1, not "${values.days}".` };
    }
  }
  return {
    command: 'dry-run',
    configPath,
    ...(values.storage !== undefined && { storagePath: values.storage }),
    ...(values.bridge !== undefined && { bridgeUsername: values.bridge }),
    ...(days !== undefined && { days }),
    json: values.json === true,
  };
}
