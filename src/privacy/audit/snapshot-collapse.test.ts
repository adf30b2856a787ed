import { describe, expect, it } from '@jest/globals';
import type { AuditRecord } from './audit-record.js';
import { SnapshotCollapser } from './snapshot-collapse.js';

const base = Date.parse('2025-06-01T10:00:00.000Z');

function snap(deviceId: string, offsetMs: number, action: AuditRecord['action'] = 'forward', type: AuditRecord['signal']['type'] = 'snapshot'): AuditRecord {
  return {
    v: 1,
    time: new Date(base + offsetMs).toISOString(),
    device: { id: deviceId, name: `Camera ${deviceId}`, kind: 'indoor-camera', locationId: 'L' },
    signal: { type },
    context: { mode: 'home', globalPrivacy: false, devicePrivacy: false, clockTrusted: true },
    rule: { basis: 'default' },
    action,
    snapshot: { kind: action === 'forward' ? 'original' : 'placeholder' },
    failedClosed: false,
  };
}

/** Feeds records in order and collects everything emitted, then closes what is left. */
function run(records: AuditRecord[]): AuditRecord[] {
  const collapser = new SnapshotCollapser();
  const out = records.flatMap((record) => collapser.add(record, Date.parse(record.time)));
  return [...out, ...collapser.closeAll()];
}

describe('SnapshotCollapser', () => {
  it('folds a tile polled every 10 s into one record per minute, timed at the first poll', () => {
    const polls = Array.from({ length: 12 }, (_, i) => snap('1', i * 10_000));
    const out = run(polls);
    expect(out.map((r) => [r.time, r.count])).toEqual([
      ['2025-06-01T10:00:00.000Z', 6],
      ['2025-06-01T10:01:00.000Z', 6],
    ]);
  });

  it('keeps devices apart, and starts a new record when the decision changes within the minute', () => {
    const out = run([snap('1', 0), snap('2', 1000), snap('1', 2000), snap('1', 3000, 'block'), snap('1', 4000, 'block'), snap('1', 5000)]);
    expect(out.map((r) => [r.device.id, r.action, r.count ?? 1])).toEqual([
      ['1', 'forward', 2],
      ['1', 'block', 2],
      ['1', 'forward', 1],
      ['2', 'forward', 1],
    ]);
  });

  it('passes every other signal straight through, even repeated ones', () => {
    const collapser = new SnapshotCollapser();
    for (const type of ['motion', 'event-snapshot', 'stream-start', 'motion'] as const) {
      expect(collapser.add(snap('1', 0, 'forward', type), base)).toHaveLength(1);
    }
    expect(collapser.openWindows).toBe(0);
  });

  it('closes a window only once its minute has ended', () => {
    const collapser = new SnapshotCollapser();
    collapser.add(snap('1', 5_000), base + 5_000);
    collapser.add(snap('1', 15_000), base + 15_000);
    expect(collapser.closeEnded(base + 59_999)).toEqual([]);
    expect(collapser.closeEnded(base + 60_000)).toEqual([{ ...snap('1', 5_000), count: 2 }]);
    expect(collapser.openWindows).toBe(0);
    expect(collapser.folded).toBe(1);
  });
});
