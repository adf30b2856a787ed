/**
 * Live view benchmark, against the Ring cloud emulator through a real Homebridge and a paired
 * controller (the setup of test/e2e/live-view-support.ts), inside a network namespace of its own:
 *
 * - start latency: from the Home app's first request (the SetupEndpoints write) to the first
 *   decrypted video packet, and to the first key frame, at the controller; p50 and p99 over 20
 *   cold starts (each opens a new Ring call);
 * - CPU of the plugin's Homebridge process per active stream (video passed through), and of the
 *   audio ffmpeg it runs, beside one ffmpeg transcoding the same H.264 for comparison.
 *
 * `benchStreaming()` re-runs this file inside test/netns/run-in-netns.sh when called from outside
 * it (the bench runner), and reads the figures back as JSON.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { demoHome } from '../emulator/index.js';
import { testPattern } from '../emulator/live-media-source.js';
import { descendantsOf } from '../harness/index.js';
import { findRepoRoot } from '../harness/repo-paths.js';
import { foreignInterfaces } from '../netns/isolated-network.js';
import { startLiveViewHome, waitUntil, type LiveViewHome } from '../e2e/live-view-support.js';
import type { LiveViewer } from '../e2e/live-view-viewer.js';

const STARTS = 20;
const CPU_WINDOW_MS = 10_000;
const MEDIA = { width: 1920, height: 1080, fps: 15, videoKbps: 2000, pattern: 'noisy' } as const;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const MARKER = 'STREAMING-BENCH-RESULT ';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Percent of one core used by Homebridge itself and by its ffmpeg children over the window. */
async function cpuOver(pid: number, windowMs: number): Promise<{ plugin: number; ffmpeg: number }> {
  const children = () => descendantsOf(pid).filter((child) => commOf(child) === 'ffmpeg');
  const before = { plugin: cpuSeconds(pid), ffmpeg: new Map(children().map((child) => [child, cpuSeconds(child)])) };
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const elapsed = (Date.now() - started) / 1000;
  let ffmpeg = 0;
  for (const child of children()) ffmpeg += cpuSeconds(child) - (before.ffmpeg.get(child) ?? 0);
  return { plugin: ((cpuSeconds(pid) - before.plugin) / elapsed) * 100, ffmpeg: (ffmpeg / elapsed) * 100 };
}

/** What one ffmpeg transcoding the same kind of video (1080p H.264 decode + libx264 encode at `preset`) costs. */
async function transcodeCpu(windowMs: number, preset: 'ultrafast' | 'veryfast'): Promise<number> {
  const pattern = testPattern(MEDIA);
  // The same video the emulated camera sends, as H.264; only the transcode reading it in real time is measured.
  const encoder = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      pattern.source,
      ...pattern.filter,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-b:v',
      `${MEDIA.videoKbps}k`,
      '-f',
      'h264',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const transcoder = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'h264',
      '-i',
      'pipe:0',
      '-c:v',
      'libx264',
      '-preset',
      preset,
      '-tune',
      'zerolatency',
      '-b:v',
      `${MEDIA.videoKbps}k`,
      '-f',
      'null',
      '-',
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  encoder.stdout.pipe(transcoder.stdin);
  transcoder.stdin.on('error', () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = cpuSeconds(transcoder.pid!);
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const percent = ((cpuSeconds(transcoder.pid!) - before) / ((Date.now() - started) / 1000)) * 100;
  encoder.kill('SIGKILL');
  transcoder.kill('SIGKILL');
  return percent;
}

async function openStream(home: LiveViewHome, camera: string, stream = 0): Promise<LiveViewer> {
  const viewer = await home.viewer(camera, stream);
  await viewer.setup();
  await viewer.start({ width: MEDIA.width, height: MEDIA.height, fps: MEDIA.fps });
  await waitUntil(() => viewer.stats.nalTypes.has(5), 20_000, `video from ${camera}`);
  return viewer;
}

async function closeStream(home: LiveViewHome, viewer: LiveViewer, cameraId: number): Promise<void> {
  await viewer.stop();
  await viewer.close();
  await waitUntil(() => home.cloud.liveCalls().every((call) => call.cameraId !== cameraId || call.endedAt !== undefined), 10_000, 'the call to end');
}

async function measureInside(): Promise<Record<string, number | string>> {
  const home = await startLiveViewHome({ cloudOptions: { liveView: { media: MEDIA } } });
  try {
    const pid = home.hb.pid!;
    const toPacket: number[] = [];
    const toKeyFrame: number[] = [];
    const fromStartWrite: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const viewer = await home.viewer('Front Door');
      const requestedAt = performance.now();
      let firstPacket: number | undefined;
      let firstKeyFrame: number | undefined;
      viewer.onVideo = () => (firstPacket ??= performance.now());
      await viewer.setup();
      const startWrite = performance.now();
      await viewer.start({ width: MEDIA.width, height: MEDIA.height, fps: MEDIA.fps });
      await waitUntil(
        () => {
          if (viewer.stats.nalTypes.has(5)) firstKeyFrame ??= performance.now();
          return firstKeyFrame;
        },
        20_000,
        'a key frame',
      );
      toPacket.push(firstPacket! - requestedAt);
      toKeyFrame.push(firstKeyFrame! - requestedAt);
      fromStartWrite.push(firstPacket! - startWrite);
      await closeStream(home, viewer, demoHome.cameras.frontDoor);
    }

    const idle = await cpuOver(pid, CPU_WINDOW_MS);
    const one = await openStream(home, 'Front Door');
    const oneStream = await cpuOver(pid, CPU_WINDOW_MS);
    const packetsBefore = one.stats.videoPackets;
    const two = await openStream(home, 'Driveway');
    const twoStreams = await cpuOver(pid, CPU_WINDOW_MS);
    const packetRate = (one.stats.videoPackets - packetsBefore) / ((2 * CPU_WINDOW_MS) / 1000);
    await closeStream(home, one, demoHome.cameras.frontDoor);
    await closeStream(home, two, demoHome.cameras.driveway);
    const transcode = await transcodeCpu(CPU_WINDOW_MS, 'ultrafast');
    const transcodeVeryfast = await transcodeCpu(CPU_WINDOW_MS, 'veryfast');
    const perStream = (twoStreams.plugin - idle.plugin) / 2;

    return {
      'starts measured': STARTS,
      'start → first video packet p50 (ms)': percentile(toPacket, 50),
      'start → first video packet p99 (ms)': percentile(toPacket, 99),
      'start → first key frame p50 (ms)': percentile(toKeyFrame, 50),
      'start → first key frame p99 (ms)': percentile(toKeyFrame, 99),
      'START write → first video packet p50 (ms)': percentile(fromStartWrite, 50),
      'video stream': `${MEDIA.width}x${MEDIA.height}@${MEDIA.fps} H.264 ${MEDIA.videoKbps} kbit/s (noisy pattern), ${packetRate.toFixed(0)} RTP packets/s`,
      'Homebridge CPU idle (% of one core)': idle.plugin,
      'Homebridge CPU, 1 stream (% of one core)': oneStream.plugin,
      'Homebridge CPU, 2 streams (% of one core)': twoStreams.plugin,
      'Homebridge CPU per stream, video passed through (%)': perStream,
      'audio ffmpeg CPU per stream (%)': twoStreams.ffmpeg / 2,
      'one ffmpeg transcode of that video, x264 ultrafast (%)': transcode,
      'one ffmpeg transcode of that video, x264 veryfast (%)': transcodeVeryfast,
      'per-stream plugin CPU / ultrafast transcode CPU': perStream / transcode,
    };
  } finally {
    await home.close();
  }
}

export async function benchStreaming(): Promise<Record<string, number | string>> {
  if (foreignInterfaces().length === 0 && process.env.TRYGR_NETNS === '1') {
    return measureInside();
  }
  const root = findRepoRoot();
  const self = fileURLToPath(import.meta.url);
  const child = spawn('sh', [join(root, 'test', 'netns', 'run-in-netns.sh'), process.execPath, self], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = output.split('\n').find((entry) => entry.startsWith(MARKER));
  if (code !== 0 || !line) {
    throw new Error(`streaming bench failed inside the network namespace (exit ${String(code)}):\n${output.slice(-4000)}`);
  }
  return JSON.parse(line.slice(MARKER.length)) as Record<string, number | string>;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchStreaming().then(
    (results) => console.log(`${MARKER}${JSON.stringify(results)}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
