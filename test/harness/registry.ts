/**
 * Every Homebridge child, controller and temp folder the harness creates, so `stopAll()` in an
 * `afterAll` cleans up after a failing test too. If the runner dies without calling it, each child
 * notices its parent is gone (parent-watchdog.ts) and shuts itself down.
 */
import { rmSync } from 'node:fs';
import { setClientListener, type HapClient } from './hap-client.js';

export interface Stoppable {
  stop(): Promise<void>;
}

const processes = new Set<Stoppable>();
const clients = new Set<HapClient>();
const tempDirs = new Set<string>();

setClientListener({
  onCreated: (client) => clients.add(client),
  onFinished: (client) => clients.delete(client),
});

export function trackProcess(process: Stoppable): void {
  processes.add(process);
}

export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
}

/** What is still alive: for tests of the harness itself and for leak messages. */
export function liveCounts(): { processes: number; clients: number; tempDirs: number } {
  return { processes: processes.size, clients: clients.size, tempDirs: tempDirs.size };
}

const UNPAIR_BOUND_MS = 5_000;

/**
 * Unpairs and closes every controller (while the accessories are still up), stops every child, then
 * removes the temp storage folders the harness made. Never throws; returns what went wrong.
 */
export async function stopAll(): Promise<string[]> {
  const problems: string[] = [];
  for (const client of [...clients]) {
    try {
      if (client.isPaired) {
        await Promise.race([client.unpair(), new Promise((_, reject) => setTimeout(() => reject(new Error('unpair timed out')), UNPAIR_BOUND_MS).unref())]);
      }
    } catch (error) {
      // The accessory may already be gone; its pairing then dies with its temp storage below.
      problems.push(`unpair "${client.endpoint.name}": ${(error as Error).message}`);
    }
    await client.close().catch((error: Error) => problems.push(`close "${client.endpoint.name}": ${error.message}`));
    clients.delete(client);
  }
  for (const process of [...processes]) {
    await process.stop().catch((error: Error) => problems.push(`stop: ${error.message}`));
    processes.delete(process);
  }
  for (const dir of [...tempDirs]) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      problems.push(`rm ${dir}: ${(error as Error).message}`);
    }
    tempDirs.delete(dir);
  }
  return problems;
}
