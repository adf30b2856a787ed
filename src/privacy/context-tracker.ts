import type { Observable, Subscription } from 'rxjs';
import type { ContextSource } from './privacy-gate.js';
import type { GateDevice } from './gate.js';
import type { DecisionContext, LocationMode } from './types.js';

/** Before this the clock cannot be right (a Raspberry Pi that booted without network starts in 1970). */
const EARLIEST_TRUSTED_TIME = Date.UTC(2024, 0, 1);

/**
 * Gathers what decisions depend on (location modes, privacy switches, the clock) from the live
 * streams the platform hands it, so each decision reads plain values without waiting.
 */
export class ContextTracker implements ContextSource {
  private readonly modes = new Map<string, LocationMode>();
  private readonly devicePrivacy = new Map<string, boolean>();
  private globalPrivacy = false;
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly clock: () => number = Date.now) {}

  followMode(locationId: string, mode$: Observable<LocationMode>): void {
    this.subscriptions.push(mode$.subscribe((mode) => this.modes.set(locationId, mode)));
  }

  modeOf(locationId: string): LocationMode {
    return this.modes.get(locationId) ?? 'unknown';
  }

  setGlobalPrivacy(on: boolean): void {
    this.globalPrivacy = on;
  }

  setDevicePrivacy(deviceId: string, on: boolean): void {
    this.devicePrivacy.set(deviceId, on);
  }

  context(device: GateDevice): DecisionContext {
    const now = this.clock();
    return {
      mode: this.modeOf(device.locationId),
      globalPrivacy: this.globalPrivacy,
      devicePrivacy: this.devicePrivacy.get(device.id) ?? false,
      now: now >= EARLIEST_TRUSTED_TIME ? new Date(now) : undefined,
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.unsubscribe();
    }
  }
}
