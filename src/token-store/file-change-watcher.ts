import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface FileChangeWatcherOptions {
  /** Quiet time after the last event before calling back; editors and the UI write in several steps. */
  debounceMs?: number;
  /** Polling period, for file systems where fs.watch says nothing (network mounts, some containers). */
  pollMs?: number;
}

/**
 * Calls back (debounced) when a file may have changed. Watches the folder, not the file: atomic
 * writers replace the file by rename, which ends a watch on the file itself.
 */
export class FileChangeWatcher {
  private readonly watcher: FSWatcher | undefined;
  private readonly poller: NodeJS.Timeout;
  private debounce: NodeJS.Timeout | undefined;
  private lastSignature: string | undefined;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly onChange: () => void,
    private readonly options: FileChangeWatcherOptions = {},
  ) {
    const name = basename(path);
    try {
      this.watcher = watch(dirname(path), { persistent: false }, (_event, filename) => {
        if (filename === null || filename.toString() === name) this.schedule();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = undefined; // polling still runs
    }
    void this.signature().then((signature) => (this.lastSignature ??= signature));
    this.poller = setInterval(() => void this.poll(), options.pollMs ?? 2000);
    this.poller.unref();
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    clearInterval(this.poller);
    clearTimeout(this.debounce);
  }

  private async poll(): Promise<void> {
    const signature = await this.signature();
    if (this.lastSignature !== undefined && signature !== this.lastSignature) this.schedule();
    this.lastSignature = signature;
  }

  private async signature(): Promise<string> {
    try {
      const info = await stat(this.path, { bigint: true });
      return `${info.ino}:${info.size}:${info.mtimeNs}`;
    } catch {
      return 'missing';
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      if (!this.closed) this.onChange();
    }, this.options.debounceMs ?? 250);
    this.debounce.unref();
  }
}
