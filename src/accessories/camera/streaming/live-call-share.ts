import type { LiveCall } from '../../../ring/live-call.js';

/** One viewer's hold on the camera's live call. */
export interface LiveCallLease {
  /** The shared call; rejects when it could not be opened. */
  readonly call: Promise<LiveCall>;
  /** Idempotent; the last viewer's release ends Ring's call. */
  release(): void;
}

interface Entry {
  call: Promise<LiveCall>;
  viewers: number;
  ended: boolean;
}

/**
 * Every HomeKit viewer of a camera shares one Ring live call: a second viewer starts at once
 * instead of waiting for a new call, and a battery camera serves one WebRTC session, not one per
 * phone. The call is opened by the first lease and ended when the last lease is released.
 */
export class LiveCallShare {
  private entry?: Entry;

  constructor(private readonly open: () => Promise<LiveCall>) {}

  acquire(): LiveCallLease {
    const entry = this.entry && !this.entry.ended ? this.entry : this.start();
    entry.viewers++;
    let released = false;
    return {
      call: entry.call,
      release: () => {
        if (released) {
          return;
        }
        released = true;
        entry.viewers--;
        if (entry.viewers === 0) {
          this.end(entry, 'no viewer left');
        }
      },
    };
  }

  get viewers(): number {
    return this.entry && !this.entry.ended ? this.entry.viewers : 0;
  }

  /** Ends the call now, whoever holds it (privacy, shutdown). */
  stop(reason: string): void {
    if (this.entry) {
      this.end(this.entry, reason);
    }
  }

  private start(): Entry {
    const entry: Entry = { call: this.open(), viewers: 0, ended: false };
    this.entry = entry;
    entry.call.then(
      (call) => {
        if (entry.ended) {
          // end() already queued the stop for a call released before it opened.
          return;
        }
        call.ended$.subscribe(() => this.forget(entry));
      },
      () => this.forget(entry),
    );
    return entry;
  }

  private end(entry: Entry, reason: string): void {
    if (entry.ended) {
      return;
    }
    this.forget(entry);
    entry.call.then(
      (call) => call.stop(reason),
      () => undefined,
    );
  }

  private forget(entry: Entry): void {
    entry.ended = true;
    if (this.entry === entry) {
      this.entry = undefined;
    }
  }
}
