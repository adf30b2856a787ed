import type { Logging } from 'homebridge';
import { watchPushConnection } from '../ring/push-connection-watch.js';
import { PushHealthTracker } from '../ring/push-health.js';
import { PushIntake } from '../ring/push-intake.js';
import type { StatusPublisher } from './status-publisher.js';

/** The state can change with time alone (reconnecting becomes down); re-derived this often. */
const REFRESH_MS = 30_000;

/**
 * Push health for the status file: counts from the intake, connection events from the receiver,
 * published on every change (the publisher batches writes) and every REFRESH_MS.
 */
export function startPushHealth(
  log: Logging,
  status: StatusPublisher,
  now: () => number = Date.now,
): { intake: PushIntake; tracker: PushHealthTracker; onConnected(listener: () => void): void; stop(): void } {
  const connectedListeners = new Set<() => void>();
  const publish = (): void => status.update({ pushHealth: tracker.status(now()) });
  const tracker = new PushHealthTracker(now(), publish);
  const stopWatch = watchPushConnection(log, (event) => {
    if (event === 'heartbeat') tracker.heartbeat(now());
    else tracker.connection(event === 'connected', now());
    if (event === 'connected') connectedListeners.forEach((listener) => listener());
  });
  if (!stopWatch) tracker.unobservable();
  const timer = setInterval(publish, REFRESH_MS);
  timer.unref();
  publish();
  return {
    intake: new PushIntake(tracker, now),
    tracker,
    onConnected: (listener) => connectedListeners.add(listener),
    stop() {
      clearInterval(timer);
      stopWatch?.();
    },
  };
}
