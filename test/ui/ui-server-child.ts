/**
 * Starts the settings panel's server the way the Homebridge UI (config-ui-x 5.10,
 * plugins-settings-ui.service.js) does: `fork(<plugin>/homebridge-ui/server.js)` with IPC, piped
 * output and HOMEBRIDGE_STORAGE_PATH / HOMEBRIDGE_CONFIG_PATH / HOMEBRIDGE_UI_VERSION, then relays
 * the page's `{action: 'request', path, body, requestId}` messages and waits for `response`.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hostPackage } from '../harness/repo-paths.js';
import { buildDir, buildEmulatorAndRedirect, repoRoot } from '../redirect/build-support.js';

export const uiServerPath = join(repoRoot, 'homebridge-ui', 'server.js');

let built: Promise<void> | undefined;

/** Compiles homebridge-ui (its server and the plugin modules it carries), and the redirect if `npm run build:test` has not, once per test file. */
export function buildUiServer(): Promise<void> {
  built ??= (async () => {
    if (!existsSync(join(buildDir, 'test/redirect/register.js'))) await buildEmulatorAndRedirect();
    await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'homebridge-ui/tsconfig.json')], {
      cwd: repoRoot,
      timeout: 120_000,
    });
  })();
  return built;
}

export interface UiResponse<T = unknown> {
  success: boolean;
  data: T;
}

export interface UiServerChild {
  readonly child: ChildProcess;
  /** Everything the server printed, as the Homebridge UI would put it in its log. */
  output(): string;
  request<T = unknown>(path: string, body?: unknown, timeoutMs?: number): Promise<UiResponse<T>>;
  /** Events the server pushed to the page (`pushEvent`), oldest first. */
  events(): Array<{ event: string; data: unknown }>;
  /** What the Homebridge UI does when the settings close: drop the IPC channel; the server ends itself. */
  close(): Promise<void>;
}

export interface UiServerOptions {
  storagePath: string;
  configPath: string;
  /** Ring cloud emulator; without it every non-loopback connection is refused at once. */
  ringCloudUrl?: string;
  /** Run as this user (root ignores file modes, so a read-only config.json needs another user). */
  user?: { uid: number; gid: number };
}

export async function startUiServer(options: UiServerOptions): Promise<UiServerChild> {
  const register = join(buildDir, 'test/redirect/register.js');
  if (!existsSync(register)) throw new Error(`${register} is missing: run npm run build:test`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOMEBRIDGE_STORAGE_PATH: options.storagePath,
    HOMEBRIDGE_CONFIG_PATH: options.configPath,
    // The UI the suite runs against: the repository's 5.10, or the newest in CI's Homebridge 2 lane.
    HOMEBRIDGE_UI_VERSION: hostPackage('homebridge-config-ui-x').manifest.version,
    ...(options.ringCloudUrl ? { TRYGR_RING_CLOUD_URL: options.ringCloudUrl } : { TRYGR_RING_CLOUD_URL: '' }),
  };
  const child = fork(uiServerPath, [], { silent: true, env, execArgv: ['--import', register], ...options.user });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const pending = new Map<string, (response: UiResponse) => void>();
  const events: Array<{ event: string; data: unknown }> = [];
  let nextId = 0;

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`UI server not ready within 20 s; output:\n${text}`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`UI server exited (${code}) before it was ready; output:\n${text}`));
    });
    child.on('message', (message: { action?: string; payload?: { requestId?: string; success?: boolean; data?: unknown; event?: string } }) => {
      if (message.action === 'stream' && typeof message.payload?.event === 'string') {
        events.push({ event: message.payload.event, data: message.payload.data });
      } else if (message.action === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (message.action === 'response' && message.payload?.requestId) {
        pending.get(message.payload.requestId)?.({ success: message.payload.success === true, data: message.payload.data });
        pending.delete(message.payload.requestId);
      }
    });
  });

  return {
    child,
    output: () => text,
    events: () => events,
    request: <T>(path: string, body?: unknown, timeoutMs = 30_000) =>
      new Promise<UiResponse<T>>((resolve, reject) => {
        const requestId = `r${++nextId}`;
        const timer = setTimeout(() => {
          pending.delete(requestId);
          reject(new Error(`no answer to ${path} within ${timeoutMs} ms; output:\n${text}`));
        }, timeoutMs);
        pending.set(requestId, (response) => {
          clearTimeout(timer);
          resolve(response as UiResponse<T>);
        });
        child.send({ action: 'request', path, body, requestId });
      }),
    close: () => closeUiServer(child),
  };
}

/** What the Homebridge UI does when the settings close: drop the IPC channel, and the server ends itself (killed after 5 s if not). */
export function closeUiServer(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
  });
}
