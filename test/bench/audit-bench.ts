/**
 * Audit ledger benchmark: what recording a decision costs on the event path, what appending it to
 * disk costs in the background, and how fast the ledger reads back, summarises and replays.
 * `benchAudit()` is called by the bench runner; run this file directly to print the numbers.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { AuditLedger } from '../../src/privacy/audit/audit-ledger.js';
import { formatAuditLine, toAuditRecord } from '../../src/privacy/audit/audit-record.js';
import { readLedger } from '../../src/privacy/audit/ledger-reader.js';
import { summarizeLedger } from '../../src/privacy/audit/ledger-summary.js';
import { compilePolicy } from '../../src/privacy/compile-policy.js';
import { decide } from '../../src/privacy/decide.js';
import { dryRun } from '../../src/privacy/dry-run/dry-run.js';
import { validatePolicy } from '../../src/privacy/policy-validate.js';
import type { DecisionRecord } from '../../src/privacy/privacy-gate.js';
import type { Device, Signal } from '../../src/privacy/types.js';

const RECORDS = 100_000;
const START = Date.parse('2025-05-10T00:00:00.000Z');

const recordedPolicy = {
  timeZone: 'Europe/Berlin',
  rules: [
    { name: 'Indoor at home', devices: { kinds: ['indoor-camera'] }, when: { modes: ['home'] }, action: 'block' },
    {
      name: 'Garden window',
      devices: { names: ['Garden'] },
      signals: ['snapshot', 'event-snapshot'],
      action: 'event-only',
      snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.3, h: 0.3 }] }] },
    },
  ],
};
const draftPolicy = { ...recordedPolicy, rules: [{ name: 'Driveway private', devices: { names: ['Driveway'] }, action: 'block' }, ...recordedPolicy.rules] };

const DEVICES: Device[] = [
  { id: '1', name: 'Front Door', kind: 'doorbell', locationId: 'L' },
  { id: '2', name: 'Hall', kind: 'indoor-camera', locationId: 'L' },
  { id: '3', name: 'Garden', kind: 'outdoor-camera', locationId: 'L' },
  { id: '4', name: 'Driveway', kind: 'floodlight-camera', locationId: 'L' },
];
const SIGNALS: Signal[] = [{ type: 'motion' }, { type: 'detection', detectionType: 'person' }, { type: 'event-snapshot' }, { type: 'doorbell' }];

/** Decisions as the gate reports them, 2 s apart, cycling devices, signals and modes. */
function decisions(count: number): DecisionRecord[] {
  const policy = compilePolicy(validatePolicy(recordedPolicy).policy!);
  return Array.from({ length: count }, (_, i) => {
    const device = DEVICES[i % DEVICES.length]!;
    const signal = SIGNALS[(i >> 2) % SIGNALS.length]!;
    const time = new Date(START + i * 2000);
    const context = { mode: i % 3 === 0 ? ('home' as const) : ('away' as const), globalPrivacy: false, devicePrivacy: false, now: time };
    return { time, device, signal, context, decision: decide(signal, device, context, policy) };
  });
}

export async function benchAudit(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'trygr-audit-bench-'));
  try {
    const input = decisions(RECORDS);
    const settings = { enabled: true, retentionDays: 365, maxMegabytes: 1024 };

    // Decisions arrive in bursts of 200 with the event loop free in between, as on a bridge. The
    // event path pays only record() (convert + buffer); appends run between bursts, in batches.
    // The buffer bound is lifted: this drives far more decisions per second than a home makes.
    const ledger = new AuditLedger({ dir: join(dir, 'ledger'), settings, now: () => START, flushIntervalMs: 250, maxBuffered: Number.MAX_SAFE_INTEGER });
    const BURST = 200;
    let recordMs = 0;
    const started = performance.now();
    for (let i = 0; i < RECORDS; i += BURST) {
      const burst = input.slice(i, i + BURST);
      const burstStart = performance.now();
      for (const record of burst) ledger.record(record);
      recordMs += performance.now() - burstStart;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await ledger.close();
    const appendMs = performance.now() - started;
    const recordNs = (recordMs * 1e6) / RECORDS;
    const stats = ledger.stats();

    const lineBytes = Buffer.byteLength(formatAuditLine(toAuditRecord(input[1]!)!));
    let mark = performance.now();
    const read = await readLedger(join(dir, 'ledger'));
    const readMs = performance.now() - mark;

    mark = performance.now();
    summarizeLedger(read.records, { timeZone: 'Europe/Berlin' });
    const summaryMs = performance.now() - mark;

    mark = performance.now();
    const report = dryRun(read.records, draftPolicy);
    const dryRunMs = performance.now() - mark;

    const ledgerFiles = read.files.map((name) => statSync(join(dir, 'ledger', name)).size);
    return {
      'record(): event-path cost per decision (ns)': recordNs,
      'record + batched append to disk, wall time per decision (µs)': (appendMs * 1000) / RECORDS,
      'decisions on disk per second (bursts of 200)': Math.round((RECORDS / appendMs) * 1000),
      'lines written (of 100000)': stats.linesWritten,
      'dropped (buffer full, daily cap, write error)': stats.droppedBufferFull + stats.droppedOverDailyCap + stats.droppedOnWriteError,
      'bytes per ledger line (motion, rule, context)': lineBytes,
      'ledger bytes for 100k decisions (MB)': ledgerFiles.reduce((a, b) => a + b, 0) / 1024 / 1024,
      'readLedger (records/s)': Math.round((read.records.length / readMs) * 1000),
      'summarizeLedger, Europe/Berlin days (records/s)': Math.round((read.records.length / summaryMs) * 1000),
      'dryRun replay (records/s)': Math.round((read.records.length / dryRunMs) * 1000),
      'dryRun changed decisions': report.valid ? report.changed : 'invalid draft',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, value] of Object.entries(await benchAudit())) {
    console.log(`${name.padEnd(58)} ${typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 0) : value}`);
  }
}
