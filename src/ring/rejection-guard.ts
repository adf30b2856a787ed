import type { PluginLog } from './ring-log.js';

let installed = false;

/**
 * ring-client-api starts some requests without awaiting them; when Ring fails such a request the
 * rejection is unhandled and Homebridge would shut down. Rejections that come from the library
 * are logged instead; every other one is rethrown so Node's default behaviour is kept for them.
 */
export function guardRingRejections(log: PluginLog): void {
  if (installed) {
    return;
  }
  installed = true;
  process.on('unhandledRejection', (reason: unknown) => {
    const stack = reason instanceof Error ? reason.stack ?? '' : '';
    if (stack.includes('ring-client-api') || stack.includes('@eneris/push-receiver')) {
      const status = (reason as { response?: { status?: number } }).response?.status;
      log.debug(`Ring request failed in the background${status ? ` (HTTP ${status})` : ''}; it will be retried.`);
      return;
    }
    process.nextTick(() => {
      throw reason;
    });
  });
}
