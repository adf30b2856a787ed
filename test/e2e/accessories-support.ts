/**
 * Shared setup for the accessory end-to-end tests: the Ring cloud emulator with the demo home, a
 * real Homebridge running the built plugin against it, and paired HomeKit controllers for the
 * bridge and each camera (cameras are external accessories, each with its own HAP server).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { startRingCloud, demoHome, type RingCloud, type RingCloudOptions, type RecordedRequest } from '../emulator/index.js';
import {
  findChar,
  HapStatusError,
  startHomebridge,
  stopAll,
  type AccessoryDb,
  type CharRef,
  type HapClient,
  type HapEvent,
  type HomebridgeProcess,
} from '../harness/index.js';
import { expectNoSecrets } from '../support/log-scan.js';

export { demoHome };

/** The demo home's cameras by name, and what the plugin is expected to publish for it. */
export const CAMERA_NAMES = ['Front Door', 'Driveway', 'Living Room', 'Back Yard'] as const;
export type CameraName = (typeof CAMERA_NAMES)[number];

/** Bridged accessories of the demo home. */
export const BRIDGED_NAMES = [
  'Hallway Chime',
  'Building Entrance',
  'Alarm Mode',
  'Front Door Contact',
  'Back Door Contact',
  'Hallway Motion',
  'Basement Flood',
  'Smoke CO Listener',
  'Keypad',
  'Alarm Base Station',
  'Front Door Lock',
  'Kitchen Outlet',
  'Garden Path Light',
] as const;

/** The fastest status polling the config allows, so poll-driven tests do not wait 20 s. */
export const FAST_POLL = { cameraStatusPollingSeconds: 10 } as const;

export interface DemoHomeRun {
  cloud: RingCloud;
  hb: HomebridgeProcess;
  /** Paired with the bridge (chime and Ring Alarm accessories). */
  bridge: HapClient;
  /** A paired controller for a camera's own HAP server (paired on first use, then reused). */
  camera(name: CameraName | string): Promise<HapClient>;
  /** The platform block Homebridge was started with (without the token). */
  config: Record<string, unknown>;
}

export interface StartOptions {
  /** Extra platform options. */
  config?: Record<string, unknown>;
  cloud?: RingCloud;
  cloudOptions?: RingCloudOptions;
  /** Camera names that must be published before the run counts as ready (default: all four). */
  cameras?: readonly string[];
  /** Files in the storage folder before Homebridge starts (see StartHomebridgeOptions.storageFiles). */
  storageFiles?: Record<string, string>;
  /** Extra environment for Homebridge (e.g. the push watchdog's short test intervals). */
  env?: Record<string, string>;
}

/** Starts the emulator (unless given) and Homebridge, waits until every accessory is published, pairs the bridge. */
export async function startDemoHome(options: StartOptions = {}): Promise<DemoHomeRun> {
  const cloud = options.cloud ?? (await startRingCloud({ quiet: true, ...options.cloudOptions }));
  const config = { ...options.config };
  const hb = await startHomebridge({
    platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), ...config }],
    ringCloudUrl: cloud.url,
    storageFiles: options.storageFiles,
    env: options.env,
  });
  await waitForPublished(hb, options.cameras ?? CAMERA_NAMES);
  const bridge = await hb.pair();
  const cameras = new Map<string, Promise<HapClient>>();
  return {
    cloud,
    hb,
    bridge,
    config,
    camera(name) {
      let client = cameras.get(name);
      if (!client) {
        client = hb.waitForExternalAccessory(name, 30_000).then((endpoint) => hb.pair(endpoint));
        cameras.set(name, client);
      }
      return client;
    },
  };
}

/** The plugin logs the location summary after the bridged accessories are registered. */
export async function waitForPublished(hb: HomebridgeProcess, cameras: readonly string[], since?: number): Promise<void> {
  await hb.waitForLog(/\[Trygr\] Location 1 of 1: /, 40_000, since);
  for (const name of cameras) {
    await hb.waitForExternalAccessory(name, 30_000);
  }
}

/** Every token the emulator issued and the account's credentials must be absent from the logs. */
export function expectLogsFreeOfSecrets(hb: HomebridgeProcess, cloud: RingCloud): void {
  const { email, password, twoFactorCode } = cloud.account;
  const logs = hb.logs();
  expectNoSecrets(logs, [...cloud.tokensIssued(), email, password]);
  // A 6-digit code is shorter than the scanner's shortest fragment; look for it whole.
  expectNoSecrets(logs, [twoFactorCode], { minFragment: twoFactorCode.length });
}

/**
 * The end of a test file: extra checks and the secret scan of the logs, then, whatever they found,
 * every controller unpaired, Homebridge stopped and the emulator closed.
 */
export async function finishRun(run: DemoHomeRun | undefined, checks?: (run: DemoHomeRun) => void): Promise<void> {
  let failed: { error: unknown } | undefined;
  try {
    if (run) {
      checks?.(run);
      expectLogsFreeOfSecrets(run.hb, run.cloud);
    }
  } catch (error) {
    failed = { error };
  }
  const problems = await stopAll();
  await run?.cloud.close();
  // A failed check is the news; cleanup problems are reported when there is none.
  if (failed) throw failed.error;
  if (problems.length > 0) {
    throw new Error(`cleanup problems: ${problems.join('; ')}`);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined/false; fails with `what` after the bound. */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
      );
    }
    await sleep(100);
  }
}

/** Resolves with the first event for `char` with `value` (booleans arrive as 1/0) at or after `mark`. */
export function eventFor(client: HapClient, char: CharRef, value: unknown, mark: number, timeoutMs = 15_000): Promise<HapEvent> {
  return client.waitForEvent((event) => event.aid === char.aid && event.iid === char.iid && event.value === value, timeoutMs, mark);
}

export function eventsFor(client: HapClient, char: CharRef, since = 0): HapEvent[] {
  return client
    .events()
    .slice(since)
    .filter((event) => event.aid === char.aid && event.iid === char.iid);
}

/** Requests the emulator received since `mark` (an index into `requests()`), optionally by method and path. */
export function requestsSince(cloud: RingCloud, mark: number, method?: string, path?: string | RegExp): RecordedRequest[] {
  return cloud
    .requests()
    .slice(mark)
    .filter(
      (request) =>
        (method === undefined || request.method === method) && (path === undefined || (typeof path === 'string' ? request.path === path : path.test(request.path))),
    );
}

/** A characteristic of a camera's (aid 1) service, by service type and optional service name. */
export function cameraChar(db: AccessoryDb, service: string, characteristic: string, serviceName?: string) {
  return findChar(db, 1, service, characteristic, serviceName);
}

/** The camera or chime record in the emulator's live scenario. */
export function cameraRecord(cloud: RingCloud, id: number) {
  const camera = cloud.scenario.locations.flatMap((location) => location.cameras).find((candidate) => candidate.id === id);
  if (!camera) throw new Error(`no camera ${id} in the scenario`);
  return camera;
}

export function chimeRecord(cloud: RingCloud, id: number) {
  const chime = cloud.scenario.locations.flatMap((location) => location.chimes).find((candidate) => candidate.id === id);
  if (!chime) throw new Error(`no chime ${id} in the scenario`);
  return chime;
}

export function alarmDoc(cloud: RingCloud, zid: string) {
  const doc = cloud.scenario.locations.flatMap((location) => location.alarmDevices).find((candidate) => candidate.general.v2.zid === zid);
  if (!doc) throw new Error(`no alarm device ${zid} in the scenario`);
  return doc;
}

/** How many times the emulator answered a `ring_devices` poll (the camera and chime status source). */
export function devicePolls(cloud: RingCloud): number {
  return cloud.requests().filter((request) => request.path === '/clients_api/ring_devices' && request.status === 200).length;
}

/** Rewrites the Trygr block's privacy policy in config.json (undefined removes it) and waits for the plugin to take it in. */
export async function savePrivacy(hb: HomebridgeProcess, privacy: unknown): Promise<void> {
  const config = JSON.parse(readFileSync(hb.configPath, 'utf8')) as { platforms: Array<Record<string, unknown>> };
  const block = config.platforms.find((platform) => platform.platform === 'Trygr')!;
  if (privacy === undefined) delete block.privacy;
  else block.privacy = privacy;
  const logMark = hb.logMark();
  writeFileSync(hb.configPath, JSON.stringify(config, null, 2));
  await hb.waitForLog(/privacy policy was changed in config\.json/, 15_000, logMark);
}

/** A write's HAP status: undefined when it succeeded (any other error is thrown). */
export async function hapWriteStatus(client: HapClient, ref: CharRef, value: unknown): Promise<number | undefined> {
  return client.write(ref.aid, ref.iid, value).then(
    () => undefined,
    (caught: unknown) => {
      if (caught instanceof HapStatusError) return caught.status;
      throw caught;
    },
  );
}
