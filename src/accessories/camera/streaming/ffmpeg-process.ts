import { spawn, type ChildProcess } from 'node:child_process';

export interface FfmpegRun {
  /** Resolves when the process is gone, with its exit code (null when killed) and the end of its stderr. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  readonly pid: number | undefined;
  /** Writes to ffmpeg's stdin when it was started with `stdin: 'open'`; false once it is gone. */
  write(data: Buffer): boolean;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

const STDERR_TAIL = 2000;

/**
 * Starts ffmpeg with `args`, writing `stdin` (an SDP) and closing it, or keeping stdin open for
 * `write` (`'open'`: ffmpeg then also ends when this process dies and the pipe closes). A missing
 * binary shows up as an exit with the spawn error in `stderr` rather than an uncaught 'error' event.
 */
export function runFfmpeg(ffmpegPath: string, args: string[], stdin?: string | 'open'): FfmpegRun {
  let child: ChildProcess | undefined;
  let stderr = '';
  let gone = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    try {
      child = spawn(ffmpegPath, args, { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    } catch (error) {
      gone = true;
      resolve({ code: null, signal: null, stderr: (error as Error).message });
      return;
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('error', (error) => {
      stderr += `${stderr ? '\n' : ''}${error.message}`;
      // A spawn failure emits 'error' and then 'close'; a failed kill emits 'error' only.
    });
    child.on('close', (code, signal) => {
      gone = true;
      resolve({ code, signal, stderr });
    });
    if (stdin !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      if (stdin !== 'open') {
        child.stdin.end(stdin);
      }
    }
  });
  return {
    exited,
    get pid() {
      return gone ? undefined : child?.pid;
    },
    write(data: Buffer) {
      const input = child?.stdin;
      if (gone || !input || input.destroyed || !input.writable) {
        return false;
      }
      input.write(data);
      return true;
    },
    async stop(graceMs = 2000) {
      if (gone || !child) {
        await exited;
        return;
      }
      child.kill('SIGTERM');
      const force = setTimeout(() => child?.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(force);
    },
  };
}
