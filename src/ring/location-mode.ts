import type { Location, RingDevice } from 'ring-client-api';
import { BehaviorSubject, combineLatest, distinctUntilChanged, map, type Observable } from 'rxjs';

/** The household's mode as the privacy policy sees it. */
export type HouseholdMode = 'home' | 'away' | 'disarmed' | 'unknown';

/** Ring Alarm panel modes: all = Away, some = Home, none = Disarmed. */
export function modeFromAlarm(alarmMode: unknown): HouseholdMode {
  switch (alarmMode) {
    case 'all':
      return 'away';
    case 'some':
      return 'home';
    case 'none':
      return 'disarmed';
    default:
      return 'unknown';
  }
}

/** Ring location modes (cameras without an alarm); 'disabled' and 'unset' say nothing about presence. */
export function modeFromLocation(mode: unknown): HouseholdMode {
  return mode === 'home' || mode === 'away' || mode === 'disarmed' ? mode : 'unknown';
}

/** Live from the panel while the alarm WebSocket is up; unknown while it is down. */
export function alarmMode$(location: Location, panel: RingDevice): Observable<HouseholdMode> {
  return combineLatest([location.onConnected, panel.onData]).pipe(
    map(([connected, data]) => (connected ? modeFromAlarm((data as { mode?: unknown }).mode) : 'unknown')),
    distinctUntilChanged(),
  );
}

/**
 * Polls the location mode where there is no alarm to report it live. ring-client-api's own poll
 * leaves a failed request as an unhandled rejection, which would stop Homebridge, so the plugin
 * polls itself and turns a failure into 'unknown' (the privacy gate then fails closed).
 */
export class LocationModePoller {
  readonly mode$ = new BehaviorSubject<HouseholdMode>('unknown');
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly location: Location,
    private readonly intervalSeconds: number,
  ) {}

  start(): void {
    void this.poll();
  }

  private async poll(): Promise<void> {
    try {
      const response = await this.location.getLocationMode();
      this.mode$.next(modeFromLocation(response.mode));
    } catch {
      this.mode$.next('unknown');
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.poll(), this.intervalSeconds * 1000);
    }
  }

  /**
   * Asks Ring for a new mode. The mode Ring answers with becomes the current one at once (the
   * same answer a poll would give); a failure leaves the mode as it was and rejects.
   */
  async set(mode: 'home' | 'away' | 'disarmed'): Promise<HouseholdMode> {
    const response = await this.location.setLocationMode(mode);
    const confirmed = modeFromLocation(response.mode);
    if (confirmed !== 'unknown') this.mode$.next(confirmed);
    return confirmed;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/** How long the start-up check of a location's modes may take before it counts as a yes. */
export const MODE_CHECK_WAIT_MS = 10_000;

type ModeLocation = Pick<Location, 'supportsLocationModeSwitching' | 'hasAlarmBaseStation' | 'cameras'>;

/**
 * Whether a location's mode can be switched from here: ring-client-api's own check (cameras and
 * no Ring Alarm; modes not disabled or unset; not read-only, as they are for shared users). A check
 * that fails or hangs counts as yes where there are cameras and no alarm, so a Ring outage at
 * start-up never takes the accessory (and the automations on it) out of the Home app.
 */
export async function modeSwitchable(location: ModeLocation, waitMs = MODE_CHECK_WAIT_MS): Promise<boolean> {
  const likely = !location.hasAlarmBaseStation && location.cameras.length > 0;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(likely), waitMs);
    timer.unref();
  });
  try {
    return await Promise.race([location.supportsLocationModeSwitching(), late]);
  } catch {
    return likely;
  } finally {
    clearTimeout(timer);
  }
}
