import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory } from './alarm-accessory.js';
import { neutralValveView, valveCommand, valveView, type ValveData } from './valve-mapping.js';

/**
 * A Z-Wave water valve on the Ring hub (a main shut-off) as a HomeKit Valve. Its state passes the
 * privacy gate like any alarm device's; opening or closing it from HomeKit is a command, never
 * blocked, answered once Ring reports the valve moved, and No Response when Ring does not.
 */
export class WaterValveAccessory extends AlarmAccessory {
  constructor(deps: AccessoryDeps, accessory: PlatformAccessory, device: Device, ringDevice: RingDevice, serial: string) {
    super(deps, accessory, device, ringDevice, serial);
    const { Service, Characteristic } = this.hap;
    const valve = this.service(Service.Valve, undefined, 'valve');
    valve.setPrimaryService(true);
    valve.updateCharacteristic(Characteristic.ValveType, Characteristic.ValveType.GENERIC_VALVE);
    this.field(valve, Characteristic.Active, 'active', { onSet: (value) => this.command(Number(value)) });
    this.field(valve, Characteristic.InUse, 'inUse');
    this.statusFields([valve], { tamper: false });
    this.follow(neutralValveView(), (data) => valveView(data as ValveData));
    this.pruneServices();
  }

  private command(active: number): Promise<void> {
    const { commandType, applied } = valveCommand(active);
    return this.confirmedCommand({ command: { v1: [{ commandType, data: {} }] } }, (data) => (applied(data as ValveData) ? 'done' : 'waiting'));
  }
}
