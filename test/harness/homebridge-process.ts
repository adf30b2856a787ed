/**
 * A real Homebridge child process (the repository's 1.11, or Homebridge 2 in CI's lane) running the
 * built plugin, on loopback only, with its own storage folder, a fixed PIN and a free port; plus the
 * controller side to pair with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PairingData } from 'hap-controller';
import { freePort } from './free-port.js';
import { HapClient, type HapEndpoint } from './hap-client.js';
import {
  HARNESS_PIN,
  buildHomebridgeConfig,
  defaultChildPlatform,
  publishedName,
  randomSuffix,
  randomUsername,
  type BridgeIdentity,
  type ChildBridgeIdentity,
} from './homebridge-config.js';
import { EXTERNAL_SETUP_LINE, bridgeReadyPattern, escapeRegExp, parseExternalAccessories } from './homebridge-log.js';
import { LogBuffer } from './log-buffer.js';
import { linkPluginDir, writeFixturePackage } from './plugin-dir.js';
import { PARENT_PID_ENV } from './parent-watchdog.js';
import { descendantsOf, isAlive, killQuietly } from './process-tree.js';
import { trackProcess, trackTempDir } from './registry.js';
import { assertBuilt, hostPackage, repoPaths, type RepoPaths } from './repo-paths.js';
import { withTimeout } from './with-timeout.js';

export interface StartHomebridgeOptions {
  /** Platform blocks for config.json, e.g. [{ platform: 'Trygr', refreshToken: '...' }]. */
  platforms: object[];
  /** Sets TRYGR_RING_CLOUD_URL and loads `.build/test/redirect/register.js` into the child. */
  ringCloudUrl?: string;
  /** Reuse a folder: its config.json's bridge identity (name, username, port) is kept. Default: new temp dir. */
  storagePath?: string;
  /** Files written into the storage folder before the first start, by path relative to it (folders are made). */
  storageFiles?: Record<string, string>;
  env?: Record<string, string>;
  /** Run the first platform block (or `childBridgePlatform`) in a child bridge (`_bridge`). */
  childBridge?: boolean;
  childBridgePlatform?: string;
  bridgeName?: string;
  /** Homebridge -D (default true): debug lines help when a test fails and carry external usernames. */
  debug?: boolean;
  /** Default 45 s: a cold start is ~2-4 s on the 2-core box, more under load. */
  startTimeoutMs?: number;
  /** Default true. Off only to observe what Homebridge binds on its own (see loopback-guard.ts). */
  loopbackGuard?: boolean;
  /** Also load the HarnessFixture plugin (fixture-plugin.ts): configure it with a platform block. */
  withFixturePlugin?: boolean;
  /** Further plugin folders (each with a package.json) to load beside the product. */
  extraPlugins?: string[];
  /** false: Homebridge loads only `extraPlugins`, not this plugin (a peer measured side by side). */
  product?: boolean;
  /** true: log lines carry Homebridge's timestamps, as under hb-service (default: -T, none). */
  timestamps?: boolean;
  /** The node that runs Homebridge (default: the one running the tests, process.execPath). */
  nodeBinary?: string;
}

const STOP_GRACE_MS = 10_000;
const KILL_GRACE_MS = 5_000;
const DEFAULT_WAIT_MS = 20_000;
const PIPE_DRAIN_MS = 1_000;

interface Run {
  child: ChildProcess;
  pid: number;
  logStart: number;
  exited: Promise<number | null>;
  exitSignal?: NodeJS.Signals | null;
  stopping?: Promise<void>;
}

interface StoredIdentity {
  name?: string;
  username?: string;
  port?: number;
}

/** The parts of an earlier run's config.json that make it the same bridge to a paired controller. */
interface StoredConfig {
  bridge?: StoredIdentity;
  platforms?: Array<{ platform?: string; _bridge?: StoredIdentity }>;
}

function readExistingConfig(configPath: string): StoredConfig | undefined {
  if (!existsSync(configPath)) return undefined;
  return JSON.parse(readFileSync(configPath, 'utf8')) as StoredConfig;
}

export class HomebridgeProcess {
  readonly pin = HARNESS_PIN;
  readonly configPath: string;
  /** The version of the Homebridge that runs (package.json of the host's homebridge). */
  readonly homebridgeVersion = hostPackage('homebridge').manifest.version;
  private readonly log = new LogBuffer();
  private stderrText = '';
  private run: Run | undefined;
  private starts = 0;

  private constructor(
    readonly storagePath: string,
    readonly bridge: BridgeIdentity,
    readonly childBridgeIdentity: ChildBridgeIdentity | undefined,
    private readonly opts: StartHomebridgeOptions,
    private readonly paths: RepoPaths,
  ) {
    this.configPath = path.join(storagePath, 'config.json');
  }

  static async start(opts: StartHomebridgeOptions): Promise<HomebridgeProcess> {
    const paths = repoPaths();
    assertBuilt(paths, { redirect: opts.ringCloudUrl !== undefined, fixture: opts.withFixturePlugin === true });

    let storagePath = opts.storagePath;
    if (storagePath) {
      mkdirSync(storagePath, { recursive: true });
    } else {
      storagePath = mkdtempSync(path.join(os.tmpdir(), 'trygr-hb-'));
      trackTempDir(storagePath);
    }
    const existing = readExistingConfig(path.join(storagePath, 'config.json'));
    const bridge: BridgeIdentity = {
      name: existing?.bridge?.name ?? opts.bridgeName ?? `Trygr Test ${randomSuffix()}`,
      username: existing?.bridge?.username ?? randomUsername(),
      port: existing?.bridge?.port ?? (await freePort()),
    };
    let child: ChildBridgeIdentity | undefined;
    if (opts.childBridge) {
      const platform = opts.childBridgePlatform ?? defaultChildPlatform(opts.platforms);
      const old = existing?.platforms?.find((p) => p.platform === platform)?._bridge;
      child = {
        platform,
        name: old?.name ?? `${platform} Child ${randomSuffix()}`,
        username: old?.username ?? randomUsername(),
        port: old?.port ?? (await freePort()),
      };
    }

    for (const [relative, text] of Object.entries(opts.storageFiles ?? {})) {
      const target = path.resolve(storagePath, relative);
      if (!target.startsWith(storagePath + path.sep)) throw new Error(`storageFiles: ${relative} is outside the storage folder`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    const hb = new HomebridgeProcess(storagePath, bridge, child, opts, paths);
    writeFileSync(hb.configPath, JSON.stringify(buildHomebridgeConfig({ bridge, platforms: opts.platforms, childBridge: child }), null, 2));
    trackProcess(hb);
    await hb.launch();
    return hb;
  }

  get port(): number {
    return this.bridge.port;
  }

  get username(): string {
    return this.bridge.username;
  }

  get name(): string {
    return this.bridge.name;
  }

  /** The bridge's AccessoryInformation Name as a controller sees it: `name` plus 4 hex digits. */
  get publishedName(): string {
    return publishedName(this.bridge.name, this.bridge.username);
  }

  /** The pid of the current run (changes on restart). */
  get pid(): number | undefined {
    return this.run?.pid;
  }

  get running(): boolean {
    return this.run !== undefined && this.run.stopping === undefined && isAlive(this.run.pid);
  }

  /** Exit code of the current run (null when killed by a signal). */
  get exited(): Promise<number | null> {
    if (!this.run) return Promise.resolve(null);
    return this.run.exited;
  }

  /**
   * The exit code of a clean stop(). Homebridge 1 always exits through its 5 s
   * `process.exit(128 + 15)` timer (143). Homebridge 2 unrefs that timer, so it exits 0 once teardown
   * leaves nothing holding the event loop, and 143 only when something (a plugin's timer or socket)
   * still does after 5 s: on Homebridge 2 this code also checks that the plugin lets go.
   */
  get cleanExitCode(): number {
    return Number(this.homebridgeVersion.split('.')[0]) >= 2 ? 0 : 143;
  }

  /** The signal that ended the last run, if a signal did (e.g. SIGKILL after the grace period). */
  get exitSignal(): NodeJS.Signals | null | undefined {
    return this.run?.exitSignal;
  }

  /** The main bridge as a HAP endpoint. */
  get bridgeEndpoint(): HapEndpoint {
    return { name: this.bridge.name, port: this.bridge.port, pin: this.pin, username: this.bridge.username };
  }

  /** The child bridge (when started with `childBridge: true`). Its PIN is the main bridge's. */
  get childBridge(): HapEndpoint | undefined {
    const c = this.childBridgeIdentity;
    return c && { name: c.name, port: c.port, pin: this.pin, username: c.username };
  }

  /** Everything the child printed, over all runs (restarts are marked), stdout and stderr interleaved. */
  logs(): string {
    return this.log.all();
  }

  /**
   * What the child wrote to stderr, over all runs: Homebridge's warn and error lines (its logger
   * prints those with console.error) and Node's own warnings. `logs()` has them too, interleaved.
   */
  stderr(): string {
    return this.stderrText;
  }

  /** An offset into `logs()`; pass it to `waitForLog` to only see lines printed after this point. */
  logMark(): number {
    return this.log.length;
  }

  /**
   * The first complete log line matching `re`, searching from the start of the current run (or from
   * `since`), including lines already printed. Fails on timeout or exit, quoting the last log lines.
   */
  waitForLog(re: RegExp, timeoutMs = DEFAULT_WAIT_MS, since?: number): Promise<string> {
    return this.log.waitFor(re, since ?? this.run?.logStart ?? 0, timeoutMs);
  }

  /** External accessories (cameras) published in the current run, with port and setup code. */
  externalAccessories(): HapEndpoint[] {
    return parseExternalAccessories(this.log.all().slice(this.run?.logStart ?? 0));
  }

  /**
   * Waits until the external accessory named `name` (as the plugin named it, or as published with
   * hap-nodejs' 4-hex-digit suffix) is listening; its endpoint `name` is the published one.
   */
  async waitForExternalAccessory(name: string, timeoutMs = DEFAULT_WAIT_MS): Promise<HapEndpoint> {
    const from = this.run?.logStart ?? 0;
    const line = await this.log.waitFor(new RegExp(`Please add \\[${escapeRegExp(name)}(?: [0-9A-F]{4})?\\] manually in Home app`), from, timeoutMs);
    const published = EXTERNAL_SETUP_LINE.exec(line)?.[1];
    const found = this.externalAccessories().find((e) => e.name === published);
    if (!found) throw new Error(`external accessory "${name}" announced its setup code but no port line was found\n${this.log.tail()}`);
    return found;
  }

  /** Pair-setup with the bridge (default), the child bridge or an external accessory. */
  pair(endpoint: HapEndpoint = this.bridgeEndpoint): Promise<HapClient> {
    return HapClient.pair(endpoint);
  }

  /** A controller from earlier pairing data, e.g. for an external accessory whose port changed. */
  connect(endpoint: HapEndpoint, pairingData: PairingData): HapClient {
    return HapClient.connect(endpoint, pairingData);
  }

  /** SIGTERM, wait; SIGKILL after a bound; then any leftover child bridge. Idempotent. */
  stop(): Promise<void> {
    const run = this.run;
    if (!run) return Promise.resolve();
    run.stopping ??= this.stopRun(run);
    return run.stopping;
  }

  /** Stop and start again on the same storage path, port, username and PIN. */
  async restart(): Promise<void> {
    await this.stop();
    this.log.reopen(`----- harness: restart #${this.starts} -----`);
    await this.launch();
  }

  private async stopRun(run: Run): Promise<void> {
    const descendants = descendantsOf(run.pid);
    const exitedInTime = (ms: number) =>
      withTimeout(
        run.exited.then(() => true),
        ms,
        () => '',
      ).catch(() => false);
    if (isAlive(run.pid)) {
      run.child.kill('SIGTERM');
      if (!(await exitedInTime(STOP_GRACE_MS))) {
        run.child.kill('SIGKILL');
        if (!(await exitedInTime(KILL_GRACE_MS))) {
          throw new Error(`Homebridge pid ${run.pid} survived SIGKILL\n${this.log.tail()}`);
        }
      }
    }
    await run.exited;
    // Child bridges end themselves when their parent goes; give them the same grace, then force.
    const deadline = Date.now() + STOP_GRACE_MS;
    while (descendants.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const pid of descendants.filter(isAlive)) killQuietly(pid, 'SIGKILL');
  }

  private childEnv(): NodeJS.ProcessEnv {
    const imports: string[] = [];
    if (this.opts.loopbackGuard !== false) imports.push(this.paths.childPreload);
    if (this.opts.ringCloudUrl !== undefined || existsSync(this.paths.redirectRegister)) imports.push(this.paths.redirectRegister);
    const importFlags = imports.map((file) => `--import=${pathToFileURL(file).href}`);
    const inherited = process.env.NODE_OPTIONS ? [process.env.NODE_OPTIONS] : [];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.opts.env,
      NODE_OPTIONS: [...inherited, ...importFlags, this.opts.env?.NODE_OPTIONS ?? ''].filter(Boolean).join(' '),
      [PARENT_PID_ENV]: String(process.pid),
      FORCE_COLOR: '0',
    };
    if (this.opts.ringCloudUrl !== undefined) env.TRYGR_RING_CLOUD_URL = this.opts.ringCloudUrl;
    return env;
  }

  /** The repo root itself, or a folder of symlinks when test plugins load beside the product. */
  private pluginPath(): string {
    const extras = [...(this.opts.extraPlugins ?? [])];
    if (this.opts.withFixturePlugin) extras.push(writeFixturePackage(this.storagePath, this.paths.fixturePlugin));
    const products = this.opts.product === false ? [] : [this.paths.root];
    return extras.length === 0 && products.length === 1 ? this.paths.root : linkPluginDir(this.storagePath, [...products, ...extras]);
  }

  private async launch(): Promise<void> {
    this.starts += 1;
    const logStart = this.log.length;
    const args = [this.paths.homebridgeCli, '-U', this.storagePath, '-P', this.pluginPath(), '--strict-plugin-resolution', '-Q'];
    if (this.opts.timestamps !== true) args.push('-T');
    if (this.opts.debug !== false) args.push('-D');
    const node = this.opts.nodeBinary ?? process.execPath;
    const child = spawn(node, args, { cwd: this.storagePath, env: this.childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.log.append(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrText += chunk;
      this.log.append(chunk);
    });

    const run: Run = {
      child,
      pid: child.pid ?? -1,
      logStart,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          run.exitSignal = signal;
          // 'close' follows once the pipes drain, so the last lines are in the buffer; bounded,
          // because a grandchild that inherited the pipes (a spawned tool) would hold it open.
          let settled = false;
          const settle = (): void => {
            if (settled) return;
            settled = true;
            clearTimeout(fallback);
            this.log.close(`Homebridge exited (code ${code}, signal ${signal})`);
            resolve(code);
          };
          const fallback = setTimeout(settle, PIPE_DRAIN_MS);
          child.once('close', settle);
        });
        child.once('error', (error) => {
          this.log.append(`[harness] spawn error: ${error.message}\n`);
        });
      }),
    };
    this.run = run;
    if (run.pid < 0) throw new Error(`could not spawn Homebridge (${node} ${args.join(' ')})`);

    const timeoutMs = this.opts.startTimeoutMs ?? 45_000;
    try {
      await this.waitForLog(bridgeReadyPattern(this.bridge.name, this.bridge.port), timeoutMs, logStart);
      const child = this.childBridgeIdentity;
      if (child) await this.waitForLog(bridgeReadyPattern(child.name, child.port), timeoutMs, logStart);
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw new Error(`Homebridge did not come up: ${(error as Error).message}`, { cause: error });
    }
  }
}

export function startHomebridge(opts: StartHomebridgeOptions): Promise<HomebridgeProcess> {
  return HomebridgeProcess.start(opts);
}
