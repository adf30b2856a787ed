/**
 * Watches one Homebridge child while it is fuzzed: tells when it is dying (Homebridge logs the
 * stack and SIGTERMs itself on an uncaught exception), records whose crash it was, and restarts it
 * so the rest of the run still tests something.
 */
import type { HomebridgeProcess } from '../harness/index.js';
import { findCrash, type FuzzTally } from './crash-report.js';

const EXIT_BOUND_MS = 20_000;

export class CrashWatch {
  private mark: number;

  constructor(
    private readonly hb: HomebridgeProcess,
    private readonly tally: FuzzTally,
  ) {
    this.mark = hb.logMark();
  }

  /** Dying or dead since the last (re)start. Cheap enough to ask after every input. */
  crashed(): boolean {
    return !this.hb.running || this.hb.logs().indexOf('Got SIGTERM, shutting down', this.mark) !== -1;
  }

  /**
   * Waits for the exit, records the crash with `context`, and starts Homebridge again once
   * `beforeRestart` has undone what the fuzzing left behind (queued faults).
   */
  async recordAndRestart(context: string, beforeRestart: () => void, ready: () => Promise<void>): Promise<void> {
    await Promise.race([this.hb.exited, new Promise((resolve) => setTimeout(resolve, EXIT_BOUND_MS))]);
    const output = this.hb.logs().slice(this.mark);
    this.tally.crashes.push(
      findCrash(output, context) ?? { origin: 'ours', component: 'unknown', message: 'Homebridge exited without printing a stack', frame: '-', context },
    );
    beforeRestart();
    await this.hb.restart();
    this.mark = this.hb.logMark();
    await ready();
  }
}
