import type { Location, RingApi, RingCamera, RingChime } from 'ring-client-api';
import type { Observable, Subscription } from 'rxjs';
import type { TrygrConfig } from '../config/parse-config.js';
import type { PluginLog, RingLogSink } from './ring-log.js';
import { watchReachability } from './reachability-watch.js';
import { describeError } from './describe-error.js';

export { describeError };

/** Everything Ring reported for the account, as ring-client-api objects. */
export interface RingHome {
  api: RingApi;
  locations: Location[];
  cameras: RingCamera[];
  chimes: RingChime[];
}

export type ConnectOutcome = { kind: 'connected'; home: RingHome } | { kind: 'rejected' } | { kind: 'cancelled' };

export interface RingConnectionOptions {
  log: PluginLog;
  sink: RingLogSink;
  config: TrygrConfig;
  systemId: string;
  /** The newest token known to the token store, read before every attempt. */
  newestToken: () => string | undefined;
  /** Persists every rotation; called before the first request so no rotation is missed. */
  watchTokens: (updates: Observable<{ newRefreshToken: string }>) => Subscription;
  /** The name Ring's Control Center shows for this client. */
  clientName?: string;
}

/** Ring said no to the token this many times in a row before we ask the user to sign in again. */
export const MAX_AUTH_ATTEMPTS = 2;
const RETRY_DELAYS_S = [5, 15, 30, 60, 120, 300];

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

type RingApiClass = typeof import('ring-client-api').RingApi;

/**
 * Owns the one RingApi of the plugin. It connects with the newest token, tells a rejected token
 * apart from a Ring outage, and gives up on a rejected token after a bounded number of attempts
 * instead of retrying forever.
 */
export class RingConnection {
  private api?: RingApi;
  private tokenSubscription?: Subscription;
  private reachability?: ReturnType<typeof watchReachability>;
  private readonly abort = new AbortController();

  constructor(private readonly options: RingConnectionOptions) {}

  async connect(): Promise<ConnectOutcome> {
    const { log, sink } = this.options;
    let authFailures = 0;
    // Imported here rather than at the top, so that deferFirstUseImports() (deferred-imports/) is in
    // place before any module of the library loads; a broken install rejects once, with its own
    // message, instead of looking like an unreachable Ring.
    const [{ RingApi }, library] = await Promise.all([import('ring-client-api'), import('ring-client-api/util')]);
    sink.listenTo(library);
    for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
      const token = this.options.newestToken();
      if (!token) {
        return { kind: 'rejected' };
      }
      sink.takeAuthFailure();
      try {
        const home = await this.open(RingApi, token);
        return { kind: 'connected', home };
      } catch (error) {
        this.close();
        if (this.abort.signal.aborted) {
          break;
        }
        const rejected = sink.takeAuthFailure();
        if (rejected) {
          authFailures++;
          if (authFailures >= MAX_AUTH_ATTEMPTS) {
            return { kind: 'rejected' };
          }
        }
        const delay = rejected ? 2 : RETRY_DELAYS_S[Math.min(attempt, RETRY_DELAYS_S.length - 1)];
        log.warn(`Could not reach Ring (${rejected ? 'the sign-in was refused' : describeError(error)}). Trying again in ${delay} s.`);
        await sleep(delay * 1000, this.abort.signal);
      }
    }
    return { kind: 'cancelled' };
  }

  private async open(RingApi: RingApiClass, refreshToken: string): Promise<RingHome> {
    const { config, systemId } = this.options;
    const api = new RingApi({
      refreshToken,
      systemId,
      controlCenterDisplayName: this.options.clientName ?? 'Trygr for Homebridge',
      cameraStatusPollingSeconds: config.cameraStatusPollingSeconds,
      // Location modes are polled by LocationModePoller, which survives a failed poll.
      locationModePollingSeconds: undefined,
      locationIds: config.locationIds.length > 0 ? config.locationIds : undefined,
      avoidSnapshotBatteryDrain: true,
      ffmpegPath: config.ffmpegPath,
    });
    this.api = api;
    // Before the first request: a Ring that never answers would otherwise keep getLocations waiting in silence.
    this.reachability = watchReachability(api.restClient, this.options.log);
    this.tokenSubscription = this.options.watchTokens(api.onRefreshTokenUpdated);
    const locations = await api.getLocations();
    return {
      api,
      locations,
      cameras: locations.flatMap((location) => location.cameras),
      chimes: locations.flatMap((location) => location.chimes),
    };
  }

  private close(): void {
    this.tokenSubscription?.unsubscribe();
    this.tokenSubscription = undefined;
    this.reachability?.stop();
    this.reachability = undefined;
    try {
      this.api?.disconnect();
    } catch {
      // ring-client-api throws from disconnect when a hub never connected; nothing is left to close.
    }
    this.api = undefined;
  }

  /** Stops retrying and closes every Ring connection; safe to call more than once. */
  shutdown(): void {
    this.abort.abort();
    this.close();
  }
}
