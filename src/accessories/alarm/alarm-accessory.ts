import type { Characteristic, CharacteristicValue, PlatformAccessory, Service, WithUUID } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import { Subject, filter, map, type Subscription } from 'rxjs';
import type { Device } from '../../privacy/types.js';
import { BaseAccessory, type AccessoryDeps } from '../base-accessory.js';
import { RING_COMMAND_TIMEOUT_MS, withTimeout } from '../with-timeout.js';
import { isOffline, type AlarmData, type View } from './alarm-mapping.js';
import { GatedState } from './gated-state.js';
import { stateParts } from './state-signal.js';

export type CharacteristicType = WithUUID<new () => Characteristic>;

/**
 * How far a command has got, judged from one report of the device: done, still on its way, or
 * failed with a reason. `replay` is set for the report Ring's stream replays at once (the state from
 * before the command), which can say done but should not fail a command that has not arrived yet.
 */
export type CommandProgress = (data: AlarmData, replay: boolean) => 'done' | 'waiting' | { failed: string };

interface FieldOptions {
  onSet?: (value: CharacteristicValue) => Promise<void> | void;
  /** Status values (fault, tamper, battery) stay readable while the device is offline, to say why. */
  readWhileOffline?: boolean;
}

/** Ring's deviceType to the model HomeKit shows. */
const MODELS: Record<string, string> = {
  'security-panel': 'Ring Alarm',
  'sensor.contact': 'Contact Sensor',
  'sensor.zone': 'Retrofit Zone',
  'sensor.tilt': 'Tilt Sensor',
  'sensor.glassbreak': 'Glass Break Sensor',
  'sensor.motion': 'Motion Detector',
  'motion-sensor.beams': 'Smart Lighting Motion Sensor',
  'sensor.flood-freeze': 'Flood & Freeze Sensor',
  'sensor.freeze': 'Freeze Sensor',
  'sensor.water': 'Water Sensor',
  'sensor.temperature': 'Temperature Sensor',
  'listener.smoke-co': 'Smoke & CO Listener',
  'alarm.smoke': 'Smoke Alarm',
  'alarm.co': 'CO Alarm',
  'comp.bluejay.sensor_bluejay_wsc': 'Smoke & CO Alarm',
  lock: 'Smart Lock',
  'valve.water': 'Water Valve',
  'temperature-control.thermostat': 'Thermostat',
  'switch.beams': 'Smart Light',
  'switch.multilevel.beams': 'Smart Light',
  'switch.transformer.beams': 'Smart Lighting Transformer',
  'group.light-group.beams': 'Light Group',
};

/**
 * One Ring Alarm device. Every value HomeKit sees comes from a View (pure, see alarm-mapping.ts)
 * that passed the privacy gate: characteristics are pushed the gate's allowed values and answer
 * reads with them, never with Ring's raw data. While Ring reports the device offline, reads of its
 * readings fail with "No Response".
 */
export abstract class AlarmAccessory extends BaseAccessory {
  private readonly pushed = new Subject<string[]>();
  private gated?: GatedState;
  protected data: AlarmData;

  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    protected readonly ringDevice: RingDevice,
    serial: string,
    model = MODELS[ringDevice.deviceType] ?? 'Ring Alarm device',
  ) {
    super(deps, accessory, device);
    this.data = ringDevice.data as AlarmData;
    this.information(model, serial);
  }

  /** Binds one key of the view to a characteristic. */
  protected field(service: Service, type: CharacteristicType, key: string, options: FieldOptions = {}): Characteristic {
    return this.bind<CharacteristicValue>(service, type, {
      value$: this.pushed.pipe(
        filter((keys) => keys.includes(key)),
        map(() => this.shown(key)),
      ),
      onGet: () => {
        if (!options.readWhileOffline && isOffline(this.data)) {
          throw this.noResponse();
        }
        return this.shown(key);
      },
      onSet: options.onSet,
    });
  }

  /** StatusFault and StatusTampered on each sensing service, and a Battery service, as the device reports them. */
  protected statusFields(services: Service[], layout: { tamper: boolean; battery?: boolean }): void {
    const { Characteristic, Service } = this.hap;
    const status = { readWhileOffline: true };
    for (const service of services) {
      this.field(service, Characteristic.StatusFault, 'fault', status);
      if (layout.tamper) {
        this.field(service, Characteristic.StatusTampered, 'tampered', status);
      }
    }
    if (layout.battery) {
      const battery = this.service(Service.Battery, undefined, 'battery');
      this.field(battery, Characteristic.BatteryLevel, 'batteryLevel', status);
      this.field(battery, Characteristic.StatusLowBattery, 'lowBattery', status);
      this.field(battery, Characteristic.ChargingState, 'charging', status);
    }
  }

  /**
   * Starts following Ring once every field is bound (Ring's stream replays the current data at
   * once). `neutral` is what HomeKit sees until the gate has allowed a first view.
   */
  protected follow(neutral: View, view: (data: AlarmData) => View): void {
    this.gated = new GatedState(this.deps.gate, this.device, neutral, (before, after) => stateParts(this.device.kind, before, after));
    // Characteristics start at HAP's defaults (STAY_ARM for a security system); the neutral view says nothing about Ring.
    this.pushed.next(Object.keys(neutral));
    this.subscriptions.push(
      this.ringDevice.onData.subscribe((data) => {
        this.data = data as AlarmData;
        this.offer(view(this.data));
      }),
    );
    // Whatever lifted a rule (a saved policy, a Ring mode, a switch, the clock), a state held back shows at once.
    this.subscriptions.push(this.deps.gate.changes$.subscribe(() => this.refresh()));
  }

  protected offer(view: View): void {
    const keys = this.gated?.offer(view) ?? [];
    if (keys.length > 0) {
      this.pushed.next(keys);
    }
  }

  /** The value HomeKit was last allowed to see for a key. */
  protected shown(key: string): number | boolean {
    const value = this.gated?.allowed[key];
    if (value === undefined) {
      throw this.noResponse();
    }
    return value;
  }

  /** Offers Ring's latest state to the gate again, so a change blocked earlier shows up without waiting for Ring. */
  refresh(): void {
    const keys = this.gated?.reoffer() ?? [];
    if (keys.length > 0) {
      this.pushed.next(keys);
    }
  }

  /**
   * Sends Ring a command (a `setInfo` body, or `send` for one that goes another way) and settles
   * once a report of the device says it is done, so the Home app never shows a change Ring did not
   * make: rejects when a report says it failed, when the request fails, or when Ring says nothing
   * within RING_COMMAND_TIMEOUT_MS (HAP then answers No Response).
   */
  protected async confirmedCommand(command: object | (() => Promise<unknown>), progress: CommandProgress): Promise<void> {
    let watch: Subscription | undefined;
    const settled = new Promise<void>((resolve, reject) => {
      let replay = true;
      watch = this.ringDevice.onData.subscribe((data) => {
        const now = progress(data as AlarmData, replay);
        replay = false;
        if (now === 'done') resolve();
        else if (now !== 'waiting') reject(new Error(now.failed));
      });
    });
    // A failure reported before Ring has acknowledged the request must not count as an unhandled rejection.
    settled.catch(() => undefined);
    const sent = async () => {
      await (typeof command === 'function' ? command() : this.ringDevice.setInfo(command));
      await settled;
    };
    try {
      await withTimeout(sent(), RING_COMMAND_TIMEOUT_MS, `Ring did not confirm the change within ${RING_COMMAND_TIMEOUT_MS / 1000} s`);
    } finally {
      watch?.unsubscribe();
    }
  }

  override dispose(): void {
    super.dispose();
    this.pushed.complete();
  }
}
