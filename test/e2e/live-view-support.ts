/**
 * Setup for the live-view end-to-end suites (`*.netns-test.ts`, run inside run-in-netns.sh): a
 * STUN responder, the Ring cloud emulator, a real Homebridge running the built plugin, and
 * controllers paired with each camera's own HAP server. Homebridge runs without the harness's
 * loopback guard: that guard moves every UDP bind to 127.0.0.1, which would strand werift's ICE
 * candidates; inside the namespace there is no other network to protect.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { RtpPacket } from 'werift';
import { startRingCloud, startStunResponder, type RingCloud, type RingCloudOptions, type StunResponder } from '../emulator/index.js';
import { HapClient, startHomebridge, stopAll, type HapEndpoint, type HomebridgeProcess } from '../harness/index.js';
import { assertIsolatedNetwork } from '../netns/isolated-network.js';
import { LiveViewer, streamServices } from './live-view-viewer.js';
import { CAMERA_NAMES, waitForPublished, waitUntil } from './accessories-support.js';

export { waitUntil };

export interface LiveViewHome {
  cloud: RingCloud;
  stun: StunResponder;
  hb: HomebridgeProcess;
  /** A controller paired with the camera's HAP server (paired once, then reused). */
  camera(name: string): Promise<{ client: HapClient; endpoint: HapEndpoint }>;
  /** A viewer on the camera's n-th stream management service (hap-nodejs publishes two). */
  viewer(name: string, stream?: number): Promise<LiveViewer>;
  /** Closes the paired controllers without unpairing, for a test that stops Homebridge itself (viewers stay). */
  releaseControllers(): Promise<void>;
  close(): Promise<void>;
}

export interface LiveViewHomeOptions {
  config?: Record<string, unknown>;
  cloudOptions?: RingCloudOptions;
  /** Changes to the emulator's scenario before Homebridge starts (e.g. an end-to-end encrypted camera). */
  prepare?(cloud: RingCloud): void;
}

export async function startLiveViewHome(options: LiveViewHomeOptions = {}): Promise<LiveViewHome> {
  assertIsolatedNetwork();
  const stun = await startStunResponder();
  const cloud = await startRingCloud({ quiet: true, ...options.cloudOptions });
  options.prepare?.(cloud);
  const hb = await startHomebridge({
    platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), ...options.config }],
    ringCloudUrl: cloud.url,
    loopbackGuard: false,
    env: { TRYGR_STUN_ADDRESS: stun.address },
  });
  await waitForPublished(hb, CAMERA_NAMES);
  const cameras = new Map<string, Promise<{ client: HapClient; endpoint: HapEndpoint }>>();
  const viewers: LiveViewer[] = [];
  const camera = (name: string) => {
    let paired = cameras.get(name);
    if (!paired) {
      paired = hb.waitForExternalAccessory(name, 30_000).then(async (endpoint) => ({ client: await hb.pair(endpoint), endpoint }));
      cameras.set(name, paired);
    }
    return paired;
  };
  return {
    cloud,
    stun,
    hb,
    camera,
    async viewer(name, stream = 0) {
      const { client, endpoint } = await camera(name);
      const services = streamServices(await client.accessories());
      const viewer = new LiveViewer(endpoint, client.pairingData, services[stream]!);
      viewers.push(viewer);
      return viewer;
    },
    async releaseControllers() {
      for (const paired of cameras.values()) await (await paired).client.close();
    },
    async close() {
      await Promise.all(viewers.map((viewer) => viewer.close()));
      const problems = await stopAll();
      await cloud.close();
      await stun.close();
      if (problems.length > 0) throw new Error(`harness cleanup: ${problems.join('; ')}`);
    },
  };
}

/** ffmpeg processes in this network namespace (the plugin's and the emulated camera's), from /proc. */
export function ffmpegPidsInNamespace(): number[] {
  const own = readlinkSync('/proc/self/ns/net');
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) !== own) continue;
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (comm === 'ffmpeg' && !state.slice(state.lastIndexOf(')') + 2).startsWith('Z')) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/**
 * Talk-back as the Home app sends it: ffmpeg turns a 660 Hz tone into Opus 16 kHz mono RTP, which
 * the viewer SRTP-encrypts and sends to the camera's audio port. Resolves after `seconds`.
 */
export async function sendTalkback(viewer: LiveViewer, seconds: number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  let sent = 0;
  socket.on('message', (datagram) => {
    if (datagram[1]! >= 200 && datagram[1]! <= 204) return;
    const rtp = RtpPacket.deSerialize(datagram);
    viewer.sendTalkback(rtp.payload, rtp.header.timestamp);
    sent++;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=660:sample_rate=16000',
      '-t',
      String(seconds),
      '-c:a',
      'libopus',
      '-ac',
      '1',
      '-ar',
      '16000',
      '-b:a',
      '24k',
      '-frame_duration',
      '20',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${port}?rtcpport=${port}`,
    ],
    { stdio: 'ignore' },
  );
  await new Promise<void>((resolve) => ffmpeg.on('close', () => resolve()));
  socket.close();
  return sent;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
