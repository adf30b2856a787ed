import type { Logging } from 'homebridge';
import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { PushHealthState } from '../config/plugin-status.js';
import { watchPushConnection } from '../ring/push-connection-watch.js';
import { DOWN_AFTER_DISCONNECTED_MS, PushHealthTracker } from '../ring/push-health.js';
import { PushIntake } from '../ring/push-intake.js';
import { envMs } from './push-watchdog.js';
import type { StatusPublisher } from './status-publisher.js';

/** The state can change with time alone (reconnecting becomes down); re-derived this often. */
const REFRESH_MS = 30_000;

export interface PushHealthSettings {
  /** How often the state is re-derived without an event. */
  refreshMs: number;
  /** How long a disconnection lasts before the channel is down. */
  downAfterMs: number;
}

/**
 * The defaults, or shorter times from the environment. Like the knobs in push-watchdog.ts, these
 * exist for the end-to-end tests (a channel is down only after a minute disconnected); they are
 * not options.
 */
export function pushHealthSettings(env: NodeJS.ProcessEnv = process.env): PushHealthSettings {
  return {
    refreshMs: envMs(env, 'TRYGR_PUSH_HEALTH_REFRESH_MS') ?? REFRESH_MS,
    downAfterMs: envMs(env, 'TRYGR_PUSH_DOWN_AFTER_MS') ?? DOWN_AFTER_DISCONNECTED_MS,
  };
}

/**
 * Push health for the status file: counts from the intake, connection events from the receiver,
 * published on every change (the publisher batches writes) and every `refreshMs`. The state alone
 * is also an observable (`state$`, distinct values only): the cameras' Status Fault follows it.
 */
export function startPushHealth(
  log: Logging,
  status: StatusPublisher,
  now: () => number = Date.now,
  settings: PushHealthSettings = pushHealthSettings(),
): {
  intake: PushIntake;
  tracker: PushHealthTracker;
  state$: Observable<PushHealthState>;
  onConnected(listener: () => void): void;
  stop(): void;
} {
  const connectedListeners = new Set<() => void>();
  // Degraded ("connecting") until the first publish below says otherwise.
  const state = new BehaviorSubject<PushHealthState>('degraded');
  const publish = (): void => {
    const health = tracker.status(now());
    status.update({ pushHealth: health });
    state.next(health.state);
  };
  const tracker = new PushHealthTracker(now(), publish, settings.downAfterMs);
  // A disconnection becomes "down" with time alone: re-derived right then, not at the next refresh.
  let downCheck: NodeJS.Timeout | undefined;
  const stopWatch = watchPushConnection(log, (event) => {
    if (event === 'heartbeat') tracker.heartbeat(now());
    else tracker.connection(event === 'connected', now());
    if (event === 'disconnected') {
      clearTimeout(downCheck);
      downCheck = setTimeout(publish, settings.downAfterMs + 50);
      downCheck.unref();
    }
    if (event === 'connected') connectedListeners.forEach((listener) => listener());
  });
  if (!stopWatch) tracker.unobservable();
  const timer = setInterval(publish, settings.refreshMs);
  timer.unref();
  publish();
  return {
    intake: new PushIntake(tracker, now),
    tracker,
    state$: state.pipe(distinctUntilChanged()),
    onConnected: (listener) => connectedListeners.add(listener),
    stop() {
      clearInterval(timer);
      clearTimeout(downCheck);
      stopWatch?.();
      state.complete();
    },
  };
}
