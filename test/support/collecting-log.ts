/**
 * A Homebridge `Logging` for unit tests of accessories: warnings and errors are kept, in order,
 * for the test to read; everything else is dropped.
 */
import type { Logging } from 'homebridge';

export function collectingLog(): { log: Logging; warnings: string[] } {
  const warnings: string[] = [];
  const log = Object.assign(() => undefined, {
    prefix: 'test',
    info: () => undefined,
    success: () => undefined,
    warn: (message: string) => warnings.push(message),
    error: (message: string) => warnings.push(message),
    debug: () => undefined,
    log: () => undefined,
  }) as unknown as Logging;
  return { log, warnings };
}
