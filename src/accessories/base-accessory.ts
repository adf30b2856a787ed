import type { API, Characteristic, CharacteristicValue, Logging, PlatformAccessory, Service, WithUUID } from 'homebridge';
import { distinctUntilChanged, map, type Observable, type Subscription } from 'rxjs';
import { WriteHold } from './write-hold.js';
import { commandFailure } from '../ring/describe-error.js';
import { characteristicKey } from '../privacy/audit/command-record.js';
import type { TrygrConfig } from '../config/parse-config.js';
import type { SignalGate } from '../privacy/gate.js';
import type { CommandOutcome, Device } from '../privacy/types.js';
import type { PrivacySwitches } from '../privacy/privacy-switches.js';
import type { PushIntake } from '../ring/push-intake.js';
import type { PushHealthState } from '../config/plugin-status.js';

export interface AccessoryDeps {
  api: API;
  log: Logging;
  config: TrygrConfig;
  gate: SignalGate;
  /** The HomeKit Privacy switches (cameras carry one each). */
  switches: PrivacySwitches;
  /** The clock for push windows and repeats (default Date.now); the gate's context has its own. */
  now?: () => number;
  /** Where camera and intercom pushes are counted and duplicates dropped, before the gate (absent: none dropped). */
  pushes?: PushIntake;
  /** The push channel's state, distinct values only (absent: never down): cameras show a Status Fault while it is down. */
  pushState$?: Observable<PushHealthState>;
}

type ServiceType = WithUUID<typeof Service>;
type CharacteristicType = WithUUID<new () => Characteristic>;

/** A setting HomeKit can change that Ring reports back on its next poll. */
export interface HeldSetting<T extends CharacteristicValue> {
  data$: Observable<object>;
  data: () => object;
  reported: (data: object) => T;
  write: (value: T) => Promise<unknown>;
  /** What Ring will report after writing `value` (e.g. a volume rounded to Ring's steps). */
  written?: (value: T) => T;
  /** Wraps the read, e.g. to answer No Response while the device is offline. */
  guard: (read: () => T) => () => T;
}

export interface Binding<T extends CharacteristicValue> {
  /** Ring's value stream; every emission updates the characteristic (and notifies subscribers). */
  value$?: Observable<T>;
  /** Answers HomeKit reads; throw a HapStatusError to show No Response. */
  onGet?: () => T | Promise<T>;
  onSet?: (value: T) => Promise<void> | void;
  /** The write changes a setting of this plugin (a Privacy switch), not the Ring device: audited as local. */
  local?: boolean;
}

/**
 * One HomeKit accessory for one Ring device. Services are found or added by (type, subtype) so a
 * cached accessory keeps its services and ids across restarts; services no longer wanted are
 * removed once the accessory is set up.
 */
export abstract class BaseAccessory {
  protected readonly subscriptions: Subscription[] = [];
  private readonly usedServices = new Set<Service>();
  /** Set once the Ring connection behind this accessory is gone: HomeKit then sees No Response. */
  protected disposed = false;

  constructor(
    protected readonly deps: AccessoryDeps,
    readonly accessory: PlatformAccessory,
    readonly device: Device,
  ) {}

  protected get hap() {
    return this.deps.api.hap;
  }

  protected get log() {
    return this.deps.log;
  }

  protected service(type: ServiceType, name?: string, subtype?: string): Service {
    const existing = subtype ? this.accessory.getServiceById(type, subtype) : this.accessory.getService(type);
    const service = existing ?? this.accessory.addService(type, name ?? this.device.name, subtype as string);
    if (existing) {
      this.followRingName(existing, name ?? this.device.name);
    } else if (name) {
      // The Home app names secondary services by ConfiguredName; most service types only allow it as optional.
      if (!service.testCharacteristic(this.hap.Characteristic.ConfiguredName)) {
        service.addOptionalCharacteristic(this.hap.Characteristic.ConfiguredName);
      }
      service.setCharacteristic(this.hap.Characteristic.ConfiguredName, name);
    }
    this.usedServices.add(service);
    return service;
  }

  /**
   * A cached service takes the name Ring gives the device now (it was renamed in the Ring app). A
   * ConfiguredName the user changed in the Home app is theirs and stays.
   */
  private followRingName(service: Service, wanted: string): void {
    const { Name, ConfiguredName } = this.hap.Characteristic;
    const previous = service.testCharacteristic(Name) ? service.getCharacteristic(Name).value : service.displayName;
    if (previous === wanted) {
      return;
    }
    if (service.testCharacteristic(Name)) {
      service.updateCharacteristic(Name, wanted);
    }
    if (service.testCharacteristic(ConfiguredName) && service.getCharacteristic(ConfiguredName).value === previous) {
      service.updateCharacteristic(ConfiguredName, wanted);
    }
    service.displayName = wanted;
  }

  protected bind<T extends CharacteristicValue>(service: Service, type: CharacteristicType, binding: Binding<T>): Characteristic {
    const characteristic = service.getCharacteristic(type);
    if (binding.onGet) {
      const onGet = binding.onGet;
      characteristic.onGet(() => {
        this.assertConnected();
        this.beforeRead();
        return onGet();
      });
    }
    if (binding.onSet) {
      const onSet = binding.onSet;
      characteristic.onSet(async (value) => {
        // Every HomeKit write of every accessory passes here, so the audit sees each one exactly once.
        const audited = this.auditCommand(service, characteristic, value, binding.local === true);
        if (this.disposed) {
          audited({ outcome: 'failed', reason: 'not connected to Ring' });
          throw this.noResponse();
        }
        try {
          await onSet(value as T);
        } catch (error) {
          const reason = commandFailure(error);
          audited({ outcome: 'failed', reason });
          this.log.warn(`${this.device.name}: could not change ${characteristic.displayName}: ${reason}`);
          throw this.noResponse();
        }
        audited({ outcome: 'done' });
      });
    }
    if (binding.value$) {
      this.subscriptions.push(binding.value$.subscribe((value) => characteristic.updateValue(value)));
    }
    return characteristic;
  }

  /** Tells the gate's audit about a write; whatever the audit does, the write goes on unharmed. */
  private auditCommand(service: Service, characteristic: Characteristic, value: CharacteristicValue, local: boolean): (outcome: CommandOutcome) => void {
    let report: (outcome: CommandOutcome) => void;
    try {
      report = this.deps.gate.command(this.device, {
        characteristic: characteristicKey(characteristic.displayName),
        value,
        ...(service.subtype !== undefined && { service: service.subtype }),
        ...(local && { local }),
      });
    } catch {
      return () => undefined;
    }
    return (outcome) => {
      try {
        report(outcome);
      } catch {
        // As above: an audit failure is never HomeKit's problem.
      }
    };
  }

  /** Called on every HomeKit read before it is answered; devices whose status is polled refresh it here. */
  protected beforeRead(): void {
    // Alarm devices are kept current over Ring's WebSocket; nothing to ask for.
  }

  protected noResponse(): Error {
    return new this.hap.HapStatusError(this.hap.HAPStatus.SERVICE_COMMUNICATION_FAILURE);
  }

  private assertConnected(): void {
    if (this.disposed) {
      throw this.noResponse();
    }
  }

  /**
   * Binds a setting HomeKit writes and Ring reports back: the written value is held until Ring
   * confirms it (or the hold runs out), so a poll still carrying the old state does not flicker.
   */
  protected bindHeld<T extends CharacteristicValue>(service: Service, type: CharacteristicType, setting: HeldSetting<T>): Characteristic {
    const hold = new WriteHold<T>((this.deps.config.cameraStatusPollingSeconds + 10) * 1000);
    const shown = (data: object) => hold.shown(setting.reported(data), data);
    return this.bind(service, type, {
      value$: setting.data$.pipe(map(shown), distinctUntilChanged()),
      onGet: setting.guard(() => shown(setting.data())),
      onSet: (value) => hold.write(setting.written?.(value) ?? value, () => setting.write(value), setting.data),
    });
  }

  /** Drops services a cached accessory carries that this setup no longer wants (a sensor switched off). */
  protected pruneServices(): void {
    for (const service of [...this.accessory.services]) {
      if (service.UUID !== this.hap.Service.AccessoryInformation.UUID && !this.usedServices.has(service)) {
        this.accessory.removeService(service);
      }
    }
  }

  /** Sets Manufacturer, Model, SerialNumber and FirmwareRevision. */
  protected information(model: string, serial: string, firmware?: string): void {
    const { Characteristic, Service } = this.hap;
    const info = this.accessory.getService(Service.AccessoryInformation) ?? this.accessory.addService(Service.AccessoryInformation);
    info
      .setCharacteristic(Characteristic.Manufacturer, 'Ring')
      .setCharacteristic(Characteristic.Model, model || 'Ring device')
      .setCharacteristic(Characteristic.SerialNumber, serial || 'Unknown');
    if (firmware) {
      info.setCharacteristic(Characteristic.FirmwareRevision, firmwareVersion(firmware));
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.unsubscribe();
    }
  }
}

/** HAP accepts only x[.y[.z]] numbers; Ring firmware strings are things like "cam-1.27.3500". */
export function firmwareVersion(raw: string): string {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(raw);
  if (!match) {
    return '1.0.0';
  }
  return [match[1], match[2] ?? '0', match[3] ?? '0'].join('.');
}
