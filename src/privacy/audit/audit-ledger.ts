/**
 * The audit ledger: every privacy decision and every HomeKit command, appended as a JSON line to
 * one file per UTC day in `<storagePath>/trygr/audit/`.
 *
 * The event path only converts the decision into a small record and pushes it onto a buffer;
 * writing happens later, in batches (every `flushIntervalMs`, or as soon as `maxBatch` records
 * wait), one batch at a time. A write that fails (disk full, read-only, folder gone) logs one
 * warning and the batch is dropped: losing audit lines is better than slowing or crashing the
 * bridge. Files older than the retention are deleted, then the oldest files until the folder fits
 * `maxMegabytes`; one day may use at most a fifth of that, after which its records are counted but
 * not written (one warning per day).
 *
 * The ledger is a history of who was home: the folder is 0700 and its files 0600, and what an
 * earlier version left readable to others is tightened once, when the ledger is created.
 */
import { appendFile, chmod, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandRecord, DecisionRecord } from '../privacy-gate.js';
import { dayOfLedgerFile, formatAuditLine, ledgerFileName, toAuditRecord, utcDay, weightOf } from './audit-record.js';
import { toCommandRecord } from './command-record.js';
import type { LedgerRecord } from './ledger-record.js';
import type { AuditSettings } from './audit-settings.js';
import { dailyCapBytes, planPrune } from './ledger-retention.js';
import { SnapshotCollapser } from './snapshot-collapse.js';

/** Where the ledger lives inside Homebridge's storage folder. */
/** Where the ledger lives; the settings panel reads it from the same place. */
export { auditDirPath as auditDirectory } from '../../config/plugin-status.js';

/** The file operations the ledger uses; tests swap in failing ones. */
export interface LedgerFileSystem {
  /** `mode` applies when the call creates the file. */
  appendFile(path: string, data: string, options: { mode: number }): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ size: number }>;
  unlink(path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

const NODE_FS: LedgerFileSystem = { appendFile, mkdir, readdir, stat, unlink, chmod };

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

export interface AuditLedgerOptions {
  readonly dir: string;
  readonly settings: AuditSettings;
  readonly log?: { warn(message: string): void };
  /** The clock for retention and for closing collapsed snapshot minutes (default Date.now). */
  readonly now?: () => number;
  readonly flushIntervalMs?: number;
  readonly maxBatch?: number;
  /** Records held in memory at most while writes are slow or failing; more are dropped. */
  readonly maxBuffered?: number;
  /** Operations to use instead of node's; the others stay node's. */
  readonly fs?: Partial<LedgerFileSystem>;
}

export interface AuditLedgerStats {
  /** Decisions handed to record(). */
  recorded: number;
  /** HomeKit commands handed to recordCommand() (the dropped counts below include them). */
  commands: number;
  /** Lines written (a collapsed line stands for several decisions). */
  linesWritten: number;
  /** Decisions folded into a collapsed snapshot line (each line's `count` includes them). */
  collapsed: number;
  droppedOverDailyCap: number;
  droppedOnWriteError: number;
  droppedBufferFull: number;
  filesDeleted: number;
}

/** Before this the clock is not trusted (a Pi booted offline starts in 1970): nothing is pruned. */
const EARLIEST_TRUSTED_TIME = Date.UTC(2024, 0, 1);

export class AuditLedger {
  private readonly fs: LedgerFileSystem;
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly dailyCap: number;
  private readonly maxBatch: number;
  private readonly maxBuffered: number;
  private readonly collapser = new SnapshotCollapser();
  private pending: LedgerRecord[] = [];
  private chain: Promise<void> = Promise.resolve();
  private writeQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Known file sizes by day; filled by the first write. */
  private sizes: Map<string, number> | undefined;
  private lastDay: string | undefined;
  private failing = false;
  private readonly capWarnedDays = new Set<string>();
  private bufferWarned = false;
  private readonly counters: AuditLedgerStats = {
    recorded: 0,
    commands: 0,
    linesWritten: 0,
    collapsed: 0,
    droppedOverDailyCap: 0,
    droppedOnWriteError: 0,
    droppedBufferFull: 0,
    filesDeleted: 0,
  };

  constructor(private readonly options: AuditLedgerOptions) {
    this.fs = { ...NODE_FS, ...options.fs };
    this.now = options.now ?? Date.now;
    this.maxBytes = Math.floor(options.settings.maxMegabytes * 1024 * 1024);
    this.dailyCap = dailyCapBytes(this.maxBytes);
    this.maxBatch = options.maxBatch ?? 200;
    this.maxBuffered = options.maxBuffered ?? 10_000;
    // Even a disabled ledger may have old days on disk; writes queue behind this.
    this.chain = this.keepPrivate();
    if (options.settings.enabled) {
      this.timer = setInterval(() => this.tick(), options.flushIntervalMs ?? 250);
      this.timer.unref();
    }
  }

  get enabled(): boolean {
    return this.options.settings.enabled && !this.closed;
  }

  /** For PrivacyGate's `onDecision`. Never throws and never waits. */
  record(decision: DecisionRecord): void {
    if (!this.enabled) return;
    try {
      const record = toAuditRecord(decision);
      if (!record) return;
      this.counters.recorded += 1;
      const ready = this.collapser.add(record, decision.time.getTime());
      for (const line of ready) this.enqueue(line);
      if (this.pending.length >= this.maxBatch) void this.queueWrite();
    } catch {
      // A malformed record must not reach the event path.
    }
  }

  /** For PrivacyGate's `onCommand`: one line per HomeKit command. Never throws and never waits. */
  recordCommand(command: CommandRecord): void {
    if (!this.enabled) return;
    try {
      const record = toCommandRecord(command);
      if (!record) return;
      this.counters.commands += 1;
      this.enqueue(record);
      if (this.pending.length >= this.maxBatch) void this.queueWrite();
    } catch {
      // A malformed command must not reach HomeKit's write path.
    }
  }

  /** Writes everything recorded so far, including snapshot minutes still open. */
  flush(): Promise<void> {
    for (const line of this.collapser.closeAll()) this.enqueue(line);
    return this.queueWrite();
  }

  /** Flushes and stops; later decisions are ignored. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    this.closed = true;
  }

  stats(): Readonly<AuditLedgerStats> {
    return { ...this.counters, collapsed: this.collapser.folded };
  }

  private tick(): void {
    for (const line of this.collapser.closeEnded(this.now())) this.enqueue(line);
    if (this.pending.length > 0) void this.queueWrite();
  }

  private enqueue(record: LedgerRecord): void {
    if (this.pending.length >= this.maxBuffered) {
      this.counters.droppedBufferFull += weightOf(record);
      if (!this.bufferWarned) {
        this.bufferWarned = true;
        this.warn(`Privacy audit: the ledger cannot keep up; some decisions are not recorded.`);
      }
      return;
    }
    this.pending.push(record);
  }

  /** One batch at a time: the next write starts after the previous one settled. */
  private queueWrite(): Promise<void> {
    if (this.writeQueued) return this.chain;
    this.writeQueued = true;
    this.chain = this.chain.then(async () => {
      this.writeQueued = false;
      const batch = this.pending;
      this.pending = [];
      if (batch.length > 0) await this.writeBatch(batch);
    });
    return this.chain;
  }

  private async writeBatch(batch: readonly LedgerRecord[]): Promise<void> {
    const { dir } = this.options;
    let unwritten = batch.reduce((sum, record) => sum + weightOf(record), 0);
    try {
      const sizes = await this.knownSizes();
      for (const [day, records] of groupByDay(batch)) {
        if (day !== this.lastDay) {
          this.lastDay = day;
          await this.prune(day);
        }
        let size = sizes.get(day) ?? 0;
        let text = '';
        let lines = 0;
        let decisions = 0;
        for (const record of records) {
          const line = formatAuditLine(record);
          const bytes = Buffer.byteLength(line);
          if (size + bytes > this.dailyCap) {
            this.overDailyCap(day, weightOf(record));
            unwritten -= weightOf(record);
            continue;
          }
          size += bytes;
          text += line;
          lines += 1;
          decisions += weightOf(record);
        }
        if (text === '') continue;
        await this.fs.appendFile(join(dir, ledgerFileName(day)), text, { mode: FILE_MODE });
        sizes.set(day, size);
        unwritten -= decisions;
        this.counters.linesWritten += lines;
        if (this.total(sizes) > this.maxBytes) await this.prune(day);
      }
      this.failing = false;
      this.bufferWarned = false;
    } catch (error) {
      this.counters.droppedOnWriteError += Math.max(0, unwritten);
      // Sizes may be out of date after a partial failure; they are read again next time.
      this.sizes = undefined;
      if (!this.failing) {
        this.failing = true;
        this.warn(`Privacy audit: could not write the ledger in ${dir} (${errorCode(error)}); decisions are not recorded until writing works again.`);
      }
    }
  }

  private overDailyCap(day: string, decisions: number): void {
    this.counters.droppedOverDailyCap += decisions;
    if (!this.capWarnedDays.has(day)) {
      this.capWarnedDays.add(day);
      this.warn(`Privacy audit: the ledger for ${day} reached its daily limit (${this.dailyCap} bytes); further decisions of that day are counted but not written.`);
    }
  }

  /** Reads the folder once: which day files exist and how big they are. */
  private async knownSizes(): Promise<Map<string, number>> {
    if (this.sizes) return this.sizes;
    await this.fs.mkdir(this.options.dir, { recursive: true, mode: FOLDER_MODE });
    const sizes = new Map<string, number>();
    for (const name of await this.fs.readdir(this.options.dir)) {
      const day = dayOfLedgerFile(name);
      if (day) sizes.set(day, (await this.fs.stat(join(this.options.dir, name))).size);
    }
    this.sizes = sizes;
    return sizes;
  }

  /** Tightens a folder and day files made before they were created private. Never throws. */
  private async keepPrivate(): Promise<void> {
    const { dir } = this.options;
    let names: string[];
    try {
      names = await this.fs.readdir(dir);
    } catch {
      return; // No folder yet (it is made private), or none usable (the first write says so).
    }
    try {
      await this.fs.chmod(dir, FOLDER_MODE);
      for (const name of names) {
        if (dayOfLedgerFile(name)) await this.fs.chmod(join(dir, name), FILE_MODE);
      }
    } catch (error) {
      this.warn(`Privacy audit: could not make the ledger in ${dir} private to the Homebridge user (${errorCode(error)}).`);
    }
  }

  private total(sizes: Map<string, number>): number {
    let total = 0;
    for (const size of sizes.values()) total += size;
    return total;
  }

  private async prune(keepDay: string): Promise<void> {
    const sizes = this.sizes;
    const now = this.now();
    if (!sizes || now < EARLIEST_TRUSTED_TIME) return;
    const doomed = planPrune({
      files: [...sizes].map(([day, bytes]) => ({ day, bytes })),
      today: utcDay(now),
      retentionDays: this.options.settings.retentionDays,
      maxBytes: this.maxBytes,
      keepDay,
    });
    for (const day of doomed) {
      try {
        await this.fs.unlink(join(this.options.dir, ledgerFileName(day)));
        this.counters.filesDeleted += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      sizes.delete(day);
    }
  }

  private warn(message: string): void {
    try {
      this.options.log?.warn(message);
    } catch {
      // Logging must not break the ledger either.
    }
  }
}

function groupByDay(records: readonly LedgerRecord[]): Map<string, LedgerRecord[]> {
  const groups = new Map<string, LedgerRecord[]>();
  for (const record of records) {
    const day = record.time.slice(0, 10);
    const group = groups.get(day);
    if (group) group.push(record);
    else groups.set(day, [record]);
  }
  return groups;
}

function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
