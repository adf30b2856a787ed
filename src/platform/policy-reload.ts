import { readFile } from 'node:fs/promises';
import type { Logging } from 'homebridge';
import { FileChangeWatcher, readPlatformBlock } from '../token-store/index.js';
import type { CompiledPolicy } from '../privacy/compile-policy.js';
import { loadPolicy } from './load-policy.js';

/**
 * Applies a privacy policy saved in the settings panel without a Homebridge restart: config.json
 * is watched, and a changed `privacy` block is validated and handed to the gate. An invalid one
 * fails closed, exactly as at startup.
 */
export class PolicyReloader {
  private readonly watcher: FileChangeWatcher;
  private last: string;

  constructor(configPath: string, bridgeUsername: string | undefined, initial: unknown, log: Logging, apply: (policy: CompiledPolicy | undefined) => void) {
    this.last = JSON.stringify(initial ?? null);
    this.watcher = new FileChangeWatcher(configPath, () => {
      void readFile(configPath, 'utf8')
        .then((text) => {
          const privacy = readPlatformBlock(text, { bridgeUsername }).privacy;
          const serialized = JSON.stringify(privacy ?? null);
          if (serialized === this.last) {
            return;
          }
          this.last = serialized;
          log.info('The privacy policy was changed in config.json; applying it now.');
          apply(loadPolicy(privacy, log));
        })
        .catch(() => undefined); // a half-written or broken file: the next change is read again
    });
  }

  close(): void {
    this.watcher.close();
  }
}
