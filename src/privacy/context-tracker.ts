import { Subject, type Observable, type Subscription } from 'rxjs';
import type { ContextSource } from './privacy-gate.js';
import type { DecisionContext, Device, LocationMode } from './types.js';

/** Before this the clock cannot be right (a Raspberry Pi that booted without network starts in 1970). */
const EARLIEST_TRUSTED_TIME = Date.UTC(2024, 0, 1);
/** How often the clock is looked at; a schedule boundary is noticed within this. */
const CLOCK_CHECK_MS = 1_000;
/** A wall-clock step larger than this between two checks is a jump (NTP sync, DST is not one). */
const CLOCK_JUMP_MS = 5_000;

/** What changed the situation decisions are made in. */
export type ContextChange =
  | { readonly cause: 'mode'; readonly locationId: string }
  | { readonly cause: 'privacy-switch'; readonly deviceId?: string }
  /** A new minute began (schedules are minute-exact) or the clock jumped. */
  | { readonly cause: 'clock' };

/**
 * Gathers what decisions depend on (location modes, privacy switches, the clock) from the live
 * streams the platform hands it, so each decision reads plain values without waiting, and says
 * when any of it changes, so what is running (a live stream, a blocked alarm state) is judged again.
 */
export class ContextTracker implements ContextSource {
  private readonly modes = new Map<string, LocationMode>();
  private readonly devicePrivacy = new Map<string, boolean>();
  private globalPrivacy = false;
  private readonly subscriptions: Subscription[] = [];
  private readonly changed = new Subject<ContextChange>();
  private timer: NodeJS.Timeout | undefined;
  private lastCheck: number;

  readonly changes$: Observable<ContextChange> = this.changed.asObservable();

  constructor(private readonly clock: () => number = Date.now) {
    this.lastCheck = clock();
  }

  /** Starts looking at the clock every second (unref'd: it never keeps Homebridge alive). */
  startClock(): void {
    this.timer ??= setInterval(() => this.checkClock(), CLOCK_CHECK_MS).unref();
  }

  /**
   * Emits a `clock` change when a new minute began or the clock jumped since the last check.
   * The timer calls this; tests call it after moving their clock.
   */
  checkClock(): void {
    const now = this.clock();
    const previous = this.lastCheck;
    this.lastCheck = now;
    const jumped = Math.abs(now - previous) > CLOCK_JUMP_MS || now < previous;
    if (jumped || Math.floor(now / 60_000) !== Math.floor(previous / 60_000)) {
      this.changed.next({ cause: 'clock' });
    }
  }

  followMode(locationId: string, mode$: Observable<LocationMode>): Subscription {
    const subscription = mode$.subscribe((mode) => this.setMode(locationId, mode));
    this.subscriptions.push(subscription);
    return subscription;
  }

  setMode(locationId: string, mode: LocationMode): void {
    if (this.modes.get(locationId) === mode) return;
    this.modes.set(locationId, mode);
    this.changed.next({ cause: 'mode', locationId });
  }

  modeOf(locationId: string): LocationMode {
    return this.modes.get(locationId) ?? 'unknown';
  }

  setGlobalPrivacy(on: boolean): void {
    if (this.globalPrivacy === on) return;
    this.globalPrivacy = on;
    this.changed.next({ cause: 'privacy-switch' });
  }

  setDevicePrivacy(deviceId: string, on: boolean): void {
    if ((this.devicePrivacy.get(deviceId) ?? false) === on) return;
    this.devicePrivacy.set(deviceId, on);
    this.changed.next({ cause: 'privacy-switch', deviceId });
  }

  context(device: Device): DecisionContext {
    const now = this.clock();
    return {
      mode: this.modeOf(device.locationId),
      globalPrivacy: this.globalPrivacy,
      devicePrivacy: this.devicePrivacy.get(device.id) ?? false,
      now: now >= EARLIEST_TRUSTED_TIME ? new Date(now) : undefined,
    };
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.unsubscribe();
    }
    this.changed.complete();
  }
}
