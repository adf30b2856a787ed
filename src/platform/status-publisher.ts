import type { PluginStatus } from '../config/plugin-status.js';
import { writePrivateText } from '../config/private-files.js';

const WRITE_DELAY_MS = 300;

/** Keeps status.json current: changes are merged and written shortly after, never two at once. */
export class StatusPublisher {
  private status: PluginStatus;
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(
    private readonly file: string,
    private readonly log: { warn(message: string): void },
  ) {
    this.status = { version: 1, updatedAt: new Date().toISOString(), pid: process.pid, state: 'starting', locations: [], devices: [] };
  }

  update(change: Partial<Omit<PluginStatus, 'version' | 'pid' | 'updatedAt'>>): void {
    this.status = { ...this.status, ...change };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), WRITE_DELAY_MS);
  }

  get current(): PluginStatus {
    return this.status;
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    const text = JSON.stringify({ ...this.status, updatedAt: new Date().toISOString() }, null, 2) + '\n';
    this.writing = this.writing.then(async () => {
      try {
        await writePrivateText(this.file, text);
      } catch (error) {
        if (!this.warned) {
          this.warned = true;
          this.log.warn(`Could not write the status for the settings panel (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
        }
      }
    });
    return this.writing;
  }
}
