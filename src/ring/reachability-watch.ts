import type { PluginLog } from './ring-log.js';
import { Reachability, reachabilityLine } from './reachability.js';

/** The one method of ring-client-api's RingRestClient every REST call of the library goes through. */
export interface RequestingClient {
  request(...args: never[]): Promise<unknown>;
}

const TICK_MS = 5_000;

/**
 * Watches one RingApi's REST client: every request it makes is timed (the instance's `request` is
 * wrapped; nothing global changes), and the log says once that Ring stopped answering, reminds
 * rarely, and says when it answers again, instead of staying silent while ring-client-api retries.
 */
export function watchReachability(client: RequestingClient, log: PluginLog, now: () => number = Date.now): { stop(): void; waiting(): number } {
  const reachability = new Reachability(now());
  const report = (change: ReturnType<Reachability['tick']>): void => {
    if (!change) return;
    const { level, message } = reachabilityLine(change);
    log[level](message);
  };
  const original = client.request;
  const wrapped = function (this: unknown, ...args: never[]): Promise<unknown> {
    const id = reachability.started(now());
    return original.apply(this, args).then(
      (value) => {
        report(reachability.settled(id, now(), true));
        return value;
      },
      (error: unknown) => {
        // An HTTP error status is an answer: Ring is there, it just said no.
        report(reachability.settled(id, now(), (error as { response?: unknown } | null)?.response !== undefined));
        throw error;
      },
    );
  };
  client.request = wrapped as RequestingClient['request'];
  const timer = setInterval(() => report(reachability.tick(now())), TICK_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (client.request === wrapped) client.request = original;
    },
    waiting: () => reachability.waiting,
  };
}
