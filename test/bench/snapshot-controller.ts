/**
 * The cached-snapshot benchmark's controller, in a process of its own (accessories-bench.ts starts
 * it): a home hub is a device apart, and in the bench's process the emulator, the harness and the
 * other controllers made this controller's garbage collections land inside the measured requests,
 * putting its own pauses into the plugin's tail. Input on stdin, one JSON object: the camera's HAP
 * endpoint, the pairing and the sizes; output on stdout, one JSON object: the times per size and how
 * many of the measured requests this process itself collected garbage during (told, not removed).
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import hapController, { type PairingData } from 'hap-controller';
import { LOOPBACK } from '../harness/hap-client.js';

export interface SnapshotControllerInput {
  username: string;
  port: number;
  pairingData: PairingData;
  sizes: ReadonlyArray<readonly [number, number]>;
  warmup: number;
  /** Measured requests per size in each round. */
  count: number;
  rounds: number;
}

export interface SnapshotControllerOutput {
  /** Milliseconds per measured request, by "<width>x<height>", one list per round. */
  times: Record<string, number[][]>;
  /** Measured requests during which this process collected garbage. */
  withOwnCollection: number;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const input = JSON.parse(await readStdin()) as SnapshotControllerInput;
  const collections: Array<[number, number]> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collections.push([entry.startTime, entry.startTime + entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const client = new hapController.HttpClient(input.username, LOOPBACK, input.port, input.pairingData, { usePersistentConnections: true });
  const spans: Array<[number, number]> = [];
  const times: Record<string, number[][]> = {};
  try {
    for (let round = 0; round < input.rounds; round++) {
      for (const [width, height] of input.sizes) {
        const list: number[] = [];
        for (let i = 0; i < (round === 0 ? input.warmup : 0) + input.count; i++) {
          const started = performance.now();
          const jpeg = await client.getImage(width, height);
          const ended = performance.now();
          if (jpeg.length === 0) throw new Error('empty snapshot');
          if (round > 0 || i >= input.warmup) {
            list.push(ended - started);
            spans.push([started, ended]);
          }
        }
        (times[`${width}x${height}`] ??= []).push(list);
      }
    }
  } finally {
    await client.close();
    observer.disconnect();
  }
  const withOwnCollection = spans.filter(([start, end]) => collections.some(([from, to]) => from < end && to > start)).length;
  process.stdout.write(JSON.stringify({ times, withOwnCollection } satisfies SnapshotControllerOutput));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
