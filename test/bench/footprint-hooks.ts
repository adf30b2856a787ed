/**
 * Module hooks for the footprint benchmark's module census (footprint-probe.ts registers them in the
 * census run only): every URL an `import` resolves to is posted to the main thread. Node runs hooks
 * on a thread of their own, which costs memory, so runs that measure RSS do without them.
 */
import type { InitializeHook, ResolveHook } from 'node:module';
import type { MessagePort } from 'node:worker_threads';

let port: MessagePort | undefined;

export const initialize: InitializeHook<{ port: MessagePort }> = (data) => {
  port = data.port;
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const result = await nextResolve(specifier, context);
  port?.postMessage(result.url);
  return result;
};
