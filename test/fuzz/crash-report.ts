/**
 * Telling whose crash it was, from the stack a dying process printed, and counting what a fuzz run
 * tried and found. A crash whose innermost non-Node frame is inside Homebridge's own code
 * (hap-nodejs, homebridge, plugin-ui-utils) is "upstream": the plugin cannot patch it, so it is
 * reported apart and does not fail the run. Everything else, ring-client-api included (the
 * plugin runs it and must contain it), is ours.
 */

export interface Crash {
  origin: 'ours' | 'upstream';
  /** Where it happened: `hap-nodejs`, `homebridge`, `ring-client-api`, `trygr`... */
  component: string;
  /** The error line, e.g. `TypeError: Invalid URL`. */
  message: string;
  /** The innermost frame that placed it. */
  frame: string;
  /** Which listener or input family was being fuzzed, and the input (shortened). */
  context: string;
}

const UPSTREAM: Array<[RegExp, string]> = [
  [/node_modules\/(@homebridge\/)?hap-nodejs\//, 'hap-nodejs'],
  [/node_modules\/@homebridge\/plugin-ui-utils\//, 'plugin-ui-utils'],
  [/node_modules\/homebridge\//, 'homebridge'],
];

const DEPENDENCY = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

function isNodeInternal(frame: string): boolean {
  return /\((node:|internal\/)|at (node:|internal\/)/.test(frame) || !/[/\\]/.test(frame);
}

/** Homebridge's line after an uncaught exception (it SIGTERMs itself), or a child bridge's exit. */
export const CRASH_END = /Got SIGTERM, shutting down|Child bridge process ended|Process Ended\. Code/;

/**
 * The crash in a process's output: the last stack before Homebridge's shutdown line or a child
 * bridge's exit (or the end), or undefined when there is none.
 */
export function findCrash(output: string, context: string): Crash | undefined {
  const lines = output.split(/\r?\n/);
  let end = lines.findIndex((line) => CRASH_END.test(line));
  if (end === -1) end = lines.length;
  let last = -1;
  for (let i = end - 1; i >= 0; i--) {
    if (/^\s*at /.test(lines[i]!)) {
      last = i;
      break;
    }
  }
  if (last === -1) return undefined;
  let first = last;
  while (first > 0 && /^\s*at /.test(lines[first - 1]!)) first--;
  const frames = lines.slice(first, last + 1).map((line) => line.trim());
  const message = lines[first - 1]?.replace(/^\[[^\]]*\]\s*/, '').trim() ?? '';
  const placed = frames.find((frame) => !isNodeInternal(frame)) ?? frames[0]!;
  const upstream = UPSTREAM.find(([pattern]) => pattern.test(placed));
  if (upstream) return { origin: 'upstream', component: upstream[1], message, frame: placed, context };
  const dependency = DEPENDENCY.exec(placed)?.[1];
  return { origin: 'ours', component: dependency ?? 'trygr', message, frame: placed, context };
}

/** What one fuzz run tried and found. */
export class FuzzTally {
  private readonly tried = new Map<string, number>();
  readonly crashes: Crash[] = [];
  readonly dataLost: string[] = [];

  count(family: string, n = 1): void {
    this.tried.set(family, (this.tried.get(family) ?? 0) + n);
  }

  get inputs(): number {
    return [...this.tried.values()].reduce((sum, n) => sum + n, 0);
  }

  get ours(): Crash[] {
    return this.crashes.filter((crash) => crash.origin === 'ours');
  }

  get upstream(): Crash[] {
    return this.crashes.filter((crash) => crash.origin === 'upstream');
  }

  /** The report: the three figures first, then what they are made of. */
  report(title: string, seed: number, seconds: number): string {
    const lines = [
      `[fuzz] ${title}: inputs tried ${this.inputs} / crashes ${this.ours.length} / data lost ${this.dataLost.length}` +
        ` (upstream crashes ${this.upstream.length}) in ${seconds.toFixed(1)} s, seed ${seed}`,
      `[fuzz]   by input: ${[...this.tried].map(([family, n]) => `${family} ${n}`).join(', ') || 'none'}`,
    ];
    for (const crash of this.ours) lines.push(`[fuzz]   CRASH (ours, ${crash.component}) ${crash.message} ${crash.frame} [${crash.context}]`);
    for (const crash of this.upstream) {
      lines.push(`[fuzz]   upstream crash (${crash.component}; not ours, does not fail this run) ${crash.message} ${crash.frame} [${crash.context}]`);
    }
    for (const loss of this.dataLost) lines.push(`[fuzz]   DATA LOST: ${loss}`);
    lines.push(`[fuzz]   replay with TRYGR_FUZZ_SEED=${seed}`);
    return lines.join('\n');
  }
}

/** An input for a report line: printable, short. */
export function describeInput(input: unknown): string {
  const text = Buffer.isBuffer(input) ? input.toString('latin1') : typeof input === 'string' ? input : (JSON.stringify(input) ?? String(input));
  const printable = text.replace(/[^\x20-\x7e]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0').slice(-2)}`);
  return printable.length > 120 ? `${printable.slice(0, 117)}...` : printable;
}
