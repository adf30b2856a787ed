/**
 * The Home app polls a camera's snapshot tile every ~10 s while it is open, which would fill the
 * ledger with identical lines. On-demand `snapshot` decisions of one device within one UTC minute
 * that agree in everything but their time become one record with a `count`, timed at the first.
 * Any other signal, or a snapshot decided differently, is recorded on its own.
 *
 * A collapsed record is held until its minute is over (or the ledger is flushed), so it reaches
 * the file up to a minute later than the lines around it: ledger files are not strictly ordered.
 */
import { withCount, type AuditRecord } from './audit-record.js';

const MINUTE_MS = 60_000;

interface OpenWindow {
  readonly first: AuditRecord;
  readonly minute: number;
  readonly signature: string;
  count: number;
}

export class SnapshotCollapser {
  private readonly open = new Map<string, OpenWindow>();
  /** Records folded into another one (for statistics). */
  folded = 0;

  /**
   * Takes one record and returns what is ready to be written now: the record itself when it is
   * not collapsible, a previous window that this record closes, or nothing.
   */
  add(record: AuditRecord, epochMs: number): AuditRecord[] {
    if (record.signal.type !== 'snapshot') return [record];
    const minute = Math.floor(epochMs / MINUTE_MS);
    const signature = signatureOf(record);
    const key = record.device.id;
    const window = this.open.get(key);
    if (window && window.minute === minute && window.signature === signature) {
      window.count += 1;
      this.folded += 1;
      return [];
    }
    this.open.set(key, { first: record, minute, signature, count: 1 });
    return window ? [closed(window)] : [];
  }

  /** Windows whose minute has ended by `nowMs`. */
  closeEnded(nowMs: number): AuditRecord[] {
    const currentMinute = Math.floor(nowMs / MINUTE_MS);
    const ready: AuditRecord[] = [];
    for (const [key, window] of this.open) {
      if (window.minute < currentMinute) {
        this.open.delete(key);
        ready.push(closed(window));
      }
    }
    return ready;
  }

  closeAll(): AuditRecord[] {
    const ready = [...this.open.values()].map(closed);
    this.open.clear();
    return ready;
  }

  get openWindows(): number {
    return this.open.size;
  }
}

function closed(window: OpenWindow): AuditRecord {
  return withCount(window.first, window.count);
}

/** Everything but the time; records are built with a fixed key order, so this is stable. */
function signatureOf(record: AuditRecord): string {
  const { time: _time, count: _count, ...rest } = record;
  return JSON.stringify(rest);
}
