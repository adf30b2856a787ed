/** The dry-run report as text for a terminal. Plain numbers, no colours, stable line shapes. */
import type { ActionCounts } from '../audit/ledger-summary.js';
import type { AuditSignal } from '../audit/audit-record.js';
import type { DryRunReport, DryRunResult } from './dry-run.js';
import { outcomeLabel, ruleLabel, type ReplayOutcome } from './replay.js';

export function formatDryRunReport(report: DryRunReport): string {
  if (!report.valid) {
    return [
      'The draft privacy policy is invalid, so nothing was replayed:',
      ...report.errors.map((error) => `  - ${error.path === '' ? '' : `[${error.path}] `}${error.message}`),
      '',
    ].join('\n');
  }
  if (report.records === 0) {
    return `The ledger holds no decisions in this period, so there is nothing to replay.${commandsNote(report)}\n`;
  }
  return [
    ...header(report),
    ...(report.commands > 0 ? [commandsNote(report).trim()] : []),
    '',
    ...countsTable(report),
    '',
    ...changesSection(report),
    '',
    ...rulesSection(report),
    '',
    ...devicesSection(report),
    ...examplesSection(report),
    '',
  ].join('\n');
}

function header(report: DryRunResult): string[] {
  const lines = report.records === report.decisions ? '' : ` in ${report.records} ledger line${report.records === 1 ? '' : 's'}`;
  return [`Dry run of the draft privacy policy against ${plural(report.decisions, 'recorded decision')}${lines}, ${report.firstTime} to ${report.lastTime}.`];
}

function commandsNote(report: DryRunResult): string {
  if (report.commands === 0) return '';
  return ` ${plural(report.commands, 'HomeKit command')} in the ledger ${report.commands === 1 ? 'was' : 'were'} skipped: commands are recorded, never decided.`;
}

function countsTable(report: DryRunResult): string[] {
  const row = (label: string, key: keyof ActionCounts): string =>
    `  ${label.padEnd(14)}${String(report.before[key]).padStart(10)}${String(report.after[key]).padStart(10)}`;
  return [
    `  ${''.padEnd(14)}${'recorded'.padStart(10)}${'draft'.padStart(10)}`,
    row('forwarded', 'forwarded'),
    row('event-only', 'eventOnly'),
    row('blocked', 'blocked'),
    row('failed closed', 'failedClosed'),
  ];
}

function changesSection(report: DryRunResult): string[] {
  if (report.changed === 0) return ['No change: the draft decides every recorded decision as it was decided.'];
  return [
    `Changed: ${report.changed} of ${report.decisions} decisions would reach Apple Home differently.`,
    ...report.changes.map((change) => `  ${change.before} → ${change.after}: ${change.decisions}`),
  ];
}

function rulesSection(report: DryRunResult): string[] {
  return [
    'By draft rule:',
    ...report.rules.map((row) => {
      const label = ruleLabel({
        basis: row.basis,
        ...(row.ruleIndex !== undefined && { index: row.ruleIndex }),
        ...(row.ruleName !== undefined && { name: row.ruleName }),
      });
      return row.decisions === 0 ? `  ${label}: would decide nothing` : `  ${label}: would decide ${row.decisions} (${row.changed} changed)`;
    }),
  ];
}

function devicesSection(report: DryRunResult): string[] {
  return [
    'By device:',
    ...report.devices.map((device) => {
      const label = `  ${device.name} (${device.kind}, id ${device.id})`;
      if (device.changed === 0) return `${label}: no change (${plural(device.before.total, 'decision')})`;
      const moves = (['forwarded', 'eventOnly', 'blocked'] as const)
        .filter((key) => device.before[key] !== device.after[key])
        .map((key) => `${key === 'eventOnly' ? 'event-only' : key} ${device.before[key]} → ${device.after[key]}`);
      return `${label}: ${device.changed} changed${moves.length > 0 ? `; ${moves.join(', ')}` : ' (snapshot treatment only)'}`;
    }),
  ];
}

function examplesSection(report: DryRunResult): string[] {
  if (report.changes.length === 0) return [];
  return [
    '',
    'Examples:',
    ...report.changes.flatMap((change) => [
      `  ${change.before} → ${change.after} (${change.decisions}):`,
      ...change.examples.map(
        (example) =>
          `    ${example.time}  ${example.device.name}  ${signalLabel(example.signal)}${example.count > 1 ? ` ×${example.count}` : ''}: ` +
          `${outcomeText(example.before)} → ${outcomeText(example.after)}`,
      ),
    ]),
  ];
}

function outcomeText(outcome: ReplayOutcome): string {
  return `${outcomeLabel(outcome)} by ${ruleLabel(outcome.rule)}${outcome.failedClosed ? ' (failed closed)' : ''}`;
}

function signalLabel(signal: AuditSignal): string {
  if (signal.detectionType !== undefined) return `${signal.type} (${signal.detectionType})`;
  if (signal.lifeSafety !== undefined && signal.lifeSafety !== false) return `${signal.type} (life safety)`;
  return signal.type;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
