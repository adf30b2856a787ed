import { execFile } from 'node:child_process';

export type FfmpegCapabilities = { available: true; path: string; encoders: ReadonlySet<string> } | { available: false; path: string; problem: string };

const PROBE_TIMEOUT_MS = 10_000;
/** A missing ffmpeg is looked for again after this long, so installing one needs no restart. */
const RETRY_MISSING_MS = 30_000;

/** Encoder names from `ffmpeg -encoders` (lines like " A....D libopus   libopus Opus"). */
export function parseEncoders(listing: string): Set<string> {
  const names = new Set<string>();
  for (const line of listing.split('\n')) {
    const match = /^\s*[VAS][F.][S.][X.][B.][D.]\s+(\S+)/.exec(line);
    if (match && match[1] !== '=') {
      names.add(match[1]!);
    }
  }
  return names;
}

const cache = new Map<string, { at: number; result: Promise<FfmpegCapabilities> }>();

/** What the ffmpeg at `path` can do; probed once per path (a missing one again after 30 s). */
export function probeFfmpeg(path: string, now = Date.now()): Promise<FfmpegCapabilities> {
  const cached = cache.get(path);
  if (cached) {
    return cached.result.then((result) => {
      if (!result.available && now - cached.at > RETRY_MISSING_MS) {
        cache.delete(path);
        return probeFfmpeg(path, now);
      }
      return result;
    });
  }
  const result = new Promise<FfmpegCapabilities>((resolve) => {
    execFile(path, ['-hide_banner', '-encoders'], { timeout: PROBE_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        resolve({
          available: false,
          path,
          problem: code === 'ENOENT' ? `ffmpeg was not found at "${path}"` : `ffmpeg at "${path}" did not run (${error.message.split('\n')[0]})`,
        });
        return;
      }
      resolve({ available: true, path, encoders: parseEncoders(stdout) });
    });
  });
  cache.set(path, { at: now, result });
  return result;
}
