import type { Characteristic, PlatformAccessory, Service } from 'homebridge';
import { Subject, filter, map, type Observable } from 'rxjs';
import type { HouseholdMode } from '../../ring/location-mode.js';
import type { Device } from '../../privacy/types.js';
import type { CharacteristicType } from '../alarm/alarm-accessory.js';
import { GatedState } from '../alarm/gated-state.js';
import { stateParts } from '../alarm/state-signal.js';
import { BaseAccessory, type AccessoryDeps } from '../base-accessory.js';
import { RING_COMMAND_TIMEOUT_MS, withTimeout } from '../with-timeout.js';
import { LOCATION_MODE_STATES, locationModeView, needsModeCommand, ringModeForTarget, type RingLocationMode } from './location-mode-mapping.js';

/** A location's Ring mode: read by polling (no Ring Alarm reports it live), set by a command. */
export interface LocationModeSource {
  readonly mode$: Observable<HouseholdMode>;
  set(mode: RingLocationMode): Promise<HouseholdMode>;
}

/**
 * A location's Ring mode as a HomeKit Security System (Home = Stay, Away = Away, Disarmed = Off),
 * for homes with cameras and no Ring Alarm. Each mode Ring reports passes the privacy gate as the
 * security system's state (it says who is home); a mode set from HomeKit is a command, never
 * blocked, and shows only once Ring has confirmed it.
 */
export class LocationModeAccessory extends BaseAccessory {
  private readonly pushed = new Subject<string[]>();
  private readonly gated: GatedState;
  private readonly target: Characteristic;
  private reported: HouseholdMode = 'unknown';

  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    private readonly source: LocationModeSource,
    serial: string,
  ) {
    super(deps, accessory, device);
    const { Service, Characteristic } = this.hap;
    this.information('Location Mode', serial);
    this.gated = new GatedState(deps.gate, device, {}, (before, after) => stateParts(device.kind, before, after));
    const system = this.service(Service.SecuritySystem, undefined, 'location-mode');
    system.setPrimaryService(true);
    this.field(system, Characteristic.SecuritySystemCurrentState, 'current').setProps({ validValues: [...LOCATION_MODE_STATES] });
    this.target = this.field(system, Characteristic.SecuritySystemTargetState, 'target', (value) => this.setTarget(value)).setProps({
      validValues: [...LOCATION_MODE_STATES],
    });
    this.pruneServices();

    this.subscriptions.push(
      source.mode$.subscribe((mode) => {
        this.reported = mode;
        this.offer();
      }),
    );
    // A mode held back by a rule shows as soon as the rule lifts.
    this.subscriptions.push(this.deps.gate.changes$.subscribe(() => this.push(this.gated.reoffer())));
  }

  private field(service: Service, type: CharacteristicType, key: string, onSet?: (value: unknown) => Promise<void>): Characteristic {
    return this.bind<number>(service, type, {
      value$: this.pushed.pipe(
        filter((keys) => keys.includes(key)),
        map(() => this.shown(key)),
      ),
      onGet: () => this.shown(key),
      onSet,
    });
  }

  private offer(): void {
    const view = locationModeView(this.reported);
    if (view) this.push(this.gated.offer(view));
  }

  private push(keys: string[]): void {
    if (keys.length > 0) this.pushed.next(keys);
  }

  /** No Response until a mode was reported and allowed, and while Ring's mode is unknown. */
  private shown(key: string): number {
    const value = this.gated.allowed[key];
    if (this.reported === 'unknown' || typeof value !== 'number') throw this.noResponse();
    return value;
  }

  private async setTarget(value: unknown): Promise<void> {
    const mode = ringModeForTarget(value);
    if (!mode) throw new Error(`HomeKit asked for a state (${String(value)}) that is not a Ring mode`);
    if (!needsModeCommand(this.reported, mode)) return;
    try {
      await withTimeout(this.source.set(mode), RING_COMMAND_TIMEOUT_MS, `Ring did not confirm the mode within ${RING_COMMAND_TIMEOUT_MS / 1000} s`);
    } catch (error) {
      // The target goes back to the mode Ring reports; the binding logs why and answers HomeKit with an error.
      if (this.gated.allowed.target !== undefined) this.target.updateValue(this.gated.allowed.target);
      throw error;
    }
  }

  override dispose(): void {
    super.dispose();
    this.pushed.complete();
  }
}
