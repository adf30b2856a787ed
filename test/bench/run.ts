/**
 * `npm run bench`: runs every benchmark and prints its figures. Timings live here, not in tests,
 * because a noisy 2-core machine makes timed assertions flaky.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Bench = () => Promise<Record<string, number | string>>;

const BENCHES: Array<{ title: string; module: string; fn: string }> = [
  {
    title: 'Footprint: RSS and start-up of the demo home, modules loaded, RSS after an event run (median of TRYGR_FOOTPRINT_RUNS, default 3)',
    module: './footprint-bench.js',
    fn: 'benchFootprint',
  },
  { title: 'Privacy gate and redaction', module: './privacy-bench.js', fn: 'benchPrivacy' },
  { title: 'Anonymizing: faces found and treated in a 1280x720 picture (detector included)', module: './anonymize-bench.js', fn: 'benchAnonymize' },
  { title: 'Privacy audit ledger', module: './audit-bench.js', fn: 'benchAudit' },
  { title: 'Accessories: push to HomeKit, snapshots, publishing', module: './accessories-bench.js', fn: 'benchAccessories' },
  { title: 'Privacy policy cost on the event path (20 rules against none, one run)', module: './policy-overhead-bench.js', fn: 'benchPolicyOverhead' },
  {
    title: 'Push recovery: loss to the next press by push (short intervals via test knobs), and Ring requests reconciliation adds',
    module: './push-recovery-bench.js',
    fn: 'benchPushRecovery',
  },
  {
    title: 'Push recovery at the default intervals: loss to the next press by push, a restart cures it / only a fresh registration does (a few minutes)',
    module: './push-recovery-defaults-bench.js',
    fn: 'benchPushRecoveryDefaults',
  },
  { title: 'Live view: start latency and CPU per stream (network namespace)', module: './streaming-bench.js', fn: 'benchStreaming' },
  { title: 'Soak: events on every device with reconnects, rotations and policy saves (TRYGR_SOAK_EVENTS, default 200 000)', module: './soak-bench.js', fn: 'benchSoak' },
];

const only = process.argv.slice(2);

for (const bench of BENCHES) {
  if (only.length > 0 && !only.some((word) => bench.module.includes(word))) {
    continue;
  }
  if (!existsSync(fileURLToPath(new URL(bench.module, import.meta.url)))) {
    console.log(`\n## ${bench.title}: not built`);
    continue;
  }
  const module = (await import(bench.module)) as Record<string, Bench>;
  console.log(`\n## ${bench.title}`);
  const started = Date.now();
  const figures = await module[bench.fn]!();
  for (const [name, value] of Object.entries(figures)) {
    console.log(`${name.padEnd(58)} ${typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 0) : value}`);
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
