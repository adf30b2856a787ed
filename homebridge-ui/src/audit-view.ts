/**
 * The audit tab and the dry run: the ledger the running plugin keeps in its bridge's audit folder
 * (PluginFiles.auditDir: <storage>/trygr/audit on the main bridge),
 * read and counted by the privacy layer's own readers, shaped for a chart of forwarded against
 * blocked per day and per device. HomeKit commands are counted apart and listed with the decisions.
 */
import { dayFormatter } from '../../src/privacy/audit/ledger-summary.js';
import {
  readLedger,
  summarizeLedger,
  latestEntries,
  type ActionCounts,
  type CommandCounts,
  type LatestEntry,
  type LedgerSummary,
} from '../../src/privacy/audit/index.js';
import { devicesIn, dryRun, type DryRunReport } from '../../src/privacy/dry-run/dry-run.js';
import { canonicalTimeZone, systemTimeZone } from '../../src/privacy/schedule.js';
import type { Device } from '../../src/privacy/types.js';

const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 14;
const LATEST = 25;

export interface DeviceChartRow {
  id: string;
  name: string;
  kind: string;
  totals: ActionCounts;
  /** One entry per day of `AuditView.days`, zero-filled. */
  perDay: ActionCounts[];
}

export interface AuditView {
  timeZone: string;
  /** `YYYY-MM-DD` days with decisions, oldest first. */
  days: string[];
  /** Decisions only. */
  totals: ActionCounts;
  commands: CommandCounts;
  perDay: ActionCounts[];
  devices: DeviceChartRow[];
  /** Decisions and commands, newest first. */
  latest: LatestEntry[];
  corruptLines: number;
}

const zero = (): ActionCounts => ({ forwarded: 0, eventOnly: 0, blocked: 0, total: 0, failedClosed: 0 });

function add(into: ActionCounts, counts: ActionCounts): void {
  into.forwarded += counts.forwarded;
  into.eventOnly += counts.eventOnly;
  into.blocked += counts.blocked;
  into.total += counts.total;
  into.failedClosed += counts.failedClosed;
}

/** Every calendar day (in `timeZone`) from `fromMs` to `toMs`, oldest first: the chart shows quiet days too. */
export function daysBetween(fromMs: number, toMs: number, timeZone: string): string[] {
  const dayOf = dayFormatter(timeZone);
  const days: string[] = [];
  // Six-hour steps cannot skip a day, whatever the zone's offset changes.
  for (let ms = fromMs; ms <= toMs + SIX_HOURS; ms += SIX_HOURS) {
    const day = dayOf(Math.min(ms, toMs));
    if (days[days.length - 1] !== day) days.push(day);
  }
  return days;
}

const SIX_HOURS = 6 * 3_600_000;

/** The summary's cells (day × device × signal) folded into day × device, over `days` (default: the days with decisions). Pure. */
export function chartOf(summary: LedgerSummary, days: string[] = summary.days.map((d) => d.day)): Pick<AuditView, 'days' | 'perDay' | 'devices'> {
  const index = new Map(days.map((day, i) => [day, i]));
  const totals = new Map(summary.days.map((d) => [d.day, d.counts]));
  const rows = new Map<string, DeviceChartRow>(summary.devices.map((d) => [d.id, { id: d.id, name: d.name, kind: d.kind, totals: d.counts, perDay: days.map(zero) }]));
  for (const cell of summary.cells) {
    const row = rows.get(cell.deviceId);
    const i = index.get(cell.day);
    if (row && i !== undefined) add(row.perDay[i]!, cell.counts);
  }
  return { days, perDay: days.map((day) => totals.get(day) ?? zero()), devices: [...rows.values()] };
}

function zoneOf(privacy: unknown): string {
  const configured = typeof privacy === 'object' && privacy !== null ? (privacy as { timeZone?: unknown }).timeZone : undefined;
  return (typeof configured === 'string' && canonicalTimeZone(configured)) || canonicalTimeZone(systemTimeZone()) || 'UTC';
}

function periodDays(days: unknown): number {
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 365 ? days : DEFAULT_DAYS;
}

export async function auditView(auditDir: string, privacy: unknown, days: unknown, now = Date.now()): Promise<AuditView> {
  const from = new Date(now - periodDays(days) * DAY_MS);
  const ledger = await readLedger(auditDir, { from });
  const timeZone = zoneOf(privacy);
  const all = [...ledger.records, ...ledger.commands];
  const summary = summarizeLedger(all, { from, timeZone });
  return {
    timeZone,
    totals: summary.totals,
    commands: summary.commands,
    ...chartOf(summary, daysBetween(from.getTime(), now, timeZone)),
    latest: latestEntries(all, LATEST),
    corruptLines: ledger.corruptLines,
  };
}

export async function dryRunView(
  auditDir: string,
  draft: unknown,
  /** The saved `privacy` value the draft is compared with. */
  saved: unknown,
  days: unknown,
  knownDevices: readonly Device[],
  now = Date.now(),
): Promise<DryRunReport & { days: number }> {
  const period = periodDays(days);
  const ledger = await readLedger(auditDir, { from: new Date(now - period * DAY_MS) });
  // Devices the plugin sees now, and those only the ledger remembers, for the life-safety check by id and name.
  const known = new Map(devicesIn(ledger.records).map((device) => [device.id, device]));
  for (const device of knownDevices) known.set(device.id, device);
  const report = dryRun([...ledger.records, ...ledger.commands], draft, { knownDevices: [...known.values()], against: { saved } });
  return { ...report, days: period };
}
