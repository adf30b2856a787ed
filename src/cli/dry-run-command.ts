/**
 * `trygr-policy dry-run`: reads the draft from config.json and the ledger from the storage folder,
 * and prints what the draft would change. The replay itself is the pure dryRun().
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pluginFiles } from '../config/plugin-files.js';
import { DAY_MS } from '../privacy/audit/audit-record.js';
import { readLedger } from '../privacy/audit/ledger-reader.js';
import { dryRun } from '../privacy/dry-run/dry-run.js';
import { formatDryRunReport } from '../privacy/dry-run/format-report.js';
import { parseCommandLine, USAGE, type DryRunCommand } from './cli-args.js';
import { privacyDraftOf } from './trygr-config.js';

export interface CommandOutput {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCommandLine(argv: readonly string[], now: () => number = Date.now): Promise<CommandOutput> {
  const parsed = parseCommandLine(argv);
  if (parsed.command === 'help') return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
  if (parsed.command === 'error') return { exitCode: 2, stdout: '', stderr: `${parsed.message}\n\n${USAGE}\n` };
  return runDryRun(parsed, now());
}

async function runDryRun(command: DryRunCommand, nowMs: number): Promise<CommandOutput> {
  const configPath = resolve(command.configPath);
  let config: unknown;
  try {
    config = JSON.parse((await readFile(configPath, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return { exitCode: 2, stdout: '', stderr: `Cannot read ${configPath} as JSON (${reason}).\n` };
  }
  const draft = privacyDraftOf(config, command.bridgeUsername);
  if (!draft.found) return { exitCode: 2, stdout: '', stderr: `${draft.message}\n` };

  const dir = pluginFiles(resolve(command.storagePath ?? dirname(configPath)), draft.bridgeUsername).auditDir;
  const from = command.days === undefined ? undefined : new Date(nowMs - command.days * DAY_MS);
  let ledger;
  try {
    ledger = await readLedger(dir, from ? { from } : {});
  } catch (error) {
    return { exitCode: 2, stdout: '', stderr: `Cannot read the audit ledger in ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}).\n` };
  }
  const report = dryRun([...ledger.records, ...ledger.commands], draft.privacy);
  const exitCode = report.valid ? 0 : 1;
  const notes: string[] = [];
  if (draft.blocks > 1 && command.bridgeUsername === undefined) {
    const which = draft.bridgeUsername === undefined ? "the main bridge's" : `the first one's (child bridge ${draft.bridgeUsername})`;
    notes.push(`Note: the config has ${draft.blocks} Trygr platform blocks; ${which} privacy policy and ledger are used. Pass --bridge <username> for another.`);
  }

  if (command.json) {
    const ledgerInfo = { dir, files: ledger.files, corruptLines: ledger.corruptLines, ...(from && { from: from.toISOString() }) };
    return { exitCode, stdout: `${JSON.stringify({ ledger: ledgerInfo, report }, null, 2)}\n`, stderr: notes.map((n) => `${n}\n`).join('') };
  }
  const period = from ? `, the last ${command.days} day${command.days === 1 ? '' : 's'}` : '';
  const corrupt = ledger.corruptLines > 0 ? `, ${ledger.corruptLines} unreadable line${ledger.corruptLines === 1 ? '' : 's'} skipped` : '';
  const header = `Ledger: ${dir} (${ledger.files.length} day file${ledger.files.length === 1 ? '' : 's'}${period}${corrupt})`;
  const hint =
    report.valid && report.records === 0 && ledger.files.length === 0
      ? 'No ledger files were found; pass --storage with the Homebridge storage folder if it is elsewhere.\n'
      : '';
  return { exitCode, stdout: [...notes, header, '', formatDryRunReport(report)].join('\n') + hint, stderr: '' };
}
