/**
 * homebridge-config-ui-x standalone (the Homebridge UI without `hb-service`), from the host the
 * harness runs against: the repository's (UI 5.10 with Homebridge 1) or CI's lane (TRYGR_LANE_DIR:
 * the newest UI with Homebridge 2). Homebridge itself is started by `startHomebridge` with
 * `extraPlugins: [configUiPackage().dir]` and a `config` platform block naming the UI's port; this
 * starts the UI's own server process next to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostPackage, repoPaths } from './repo-paths.js';

export interface ConfigUiPackage {
  /** The package folder (for `extraPlugins`). */
  dir: string;
  version: string;
  /** Major and minor, for the few places where the UI's versions differ. */
  major: number;
  minor: number;
  /** dist/bin/standalone.js */
  standalone: string;
}

export function configUiPackage(): ConfigUiPackage {
  const { dir, manifest } = hostPackage('homebridge-config-ui-x');
  const [major = 0, minor = 0] = manifest.version.split('.').map(Number);
  return { dir, version: manifest.version, major, minor, standalone: repoPaths().configUiStandalone };
}

/**
 * An auth.json with one admin. With `auth: "none"` in the UI's config block the UI logs every
 * visitor in as the first admin of this file; the password is never used.
 */
export function writeUiAuth(storage: string): void {
  writeFileSync(
    join(storage, 'auth.json'),
    JSON.stringify([{ id: 1, username: 'admin', name: 'Administrator', hashedPassword: '00', salt: '00', admin: true }], null, 4),
  );
}

export interface ConfigUiOptions {
  /** Homebridge's storage folder (config.json, auth.json). */
  storage: string;
  /** The plugin folder Homebridge runs with (`<storage>/harness-plugins` when there are extra plugins). */
  pluginDir: string;
  /** The Ring cloud emulator: the panel's server, forked by the UI, inherits the redirect and this URL. */
  ringCloudUrl?: string;
  /**
   * The UI's port. The UI itself takes it from the `config` platform block of config.json (write the
   * same number there); given here, the returned process carries its address as `url`.
   */
  port?: number;
  /** Every chunk the UI (and the panel server it forks) prints. */
  onOutput?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The Node binary (default: this process's). */
  nodePath?: string;
}

/** The UI's server process, with the UI's version and (when `port` was given) its address. */
export type ConfigUi = ChildProcess & {
  version: string;
  /** http://127.0.0.1:<port> when `port` was given. */
  url?: string;
};

/**
 * Starts the standalone UI server (`standalone.js -U <storage> -P <pluginDir> -T`). It is loaded with
 * the test redirect when that is built, and the panel server it forks inherits it (execArgv) with
 * TRYGR_RING_CLOUD_URL, so nothing it starts can reach a real Ring host. Its terminal is off; its
 * update checks are left to the network namespace the caller runs in.
 */
export function startConfigUi(opts: ConfigUiOptions): ConfigUi {
  const paths = repoPaths();
  const pkg = configUiPackage();
  const redirect = existsSync(paths.redirectRegister) ? ['--import', paths.redirectRegister] : [];
  if (opts.ringCloudUrl && redirect.length === 0) throw new Error(`harness: ringCloudUrl given but ${paths.redirectRegister} is missing; run \`npm run build:test\``);
  const child = spawn(opts.nodePath ?? process.execPath, [...redirect, pkg.standalone, '-U', opts.storage, '-P', opts.pluginDir, '-T'], {
    cwd: opts.storage,
    env: {
      ...process.env,
      ...(opts.ringCloudUrl ? { TRYGR_RING_CLOUD_URL: opts.ringCloudUrl } : {}),
      UIX_STRICT_PLUGIN_RESOLUTION: '1',
      HOMEBRIDGE_CONFIG_UI_TERMINAL: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (opts.onOutput) {
    const forward = (chunk: Buffer) => opts.onOutput!(chunk.toString());
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  return Object.assign(child, { version: pkg.version, ...(opts.port ? { url: `http://127.0.0.1:${opts.port}` } : {}) });
}

/** Waits until the UI answers on its port (or fails when it exited). */
export async function waitForConfigUi(ui: ConfigUi, url: string, timeoutMs = 60_000, output?: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (ui.exitCode !== null) throw new Error(`config-ui-x exited (${ui.exitCode})${output ? `:\n${output().slice(-3000)}` : ''}`);
    const ok = (await fetch(`${url}/api/auth/settings`).catch(() => undefined))?.ok;
    if (ok) return;
    if (Date.now() > end) throw new Error(`config-ui-x did not answer on ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopConfigUi(ui: ConfigUi | undefined, graceMs = 5_000): Promise<void> {
  const child = ui;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
