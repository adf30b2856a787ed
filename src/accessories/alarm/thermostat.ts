import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import { EMPTY, distinctUntilChanged, map, switchMap } from 'rxjs';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory } from './alarm-accessory.js';
import { temperature, type AlarmData } from './alarm-mapping.js';
import { Hvac, neutralThermostatView, setPointRange, thermostatCommand, thermostatView, type ThermostatData } from './thermostat-mapping.js';

/**
 * A Z-Wave thermostat on the Ring hub as a HomeKit Thermostat: Off, Heat and Cool (Ring's emergency
 * heat shows as Heat), the set point, and the room temperature from its component sensor. Its
 * state passes the privacy gate like any alarm device's; a change from HomeKit is a command, never
 * blocked, answered once Ring reports it and No Response when Ring does not.
 */
export class ThermostatAccessory extends AlarmAccessory {
  private celsius?: number;

  constructor(deps: AccessoryDeps, accessory: PlatformAccessory, device: Device, ringDevice: RingDevice, serial: string) {
    super(deps, accessory, device, ringDevice, serial);
    const { Service, Characteristic } = this.hap;
    const data = ringDevice.data as ThermostatData;
    const thermostat = this.service(Service.Thermostat, undefined, 'thermostat');
    thermostat.setPrimaryService(true);
    this.field(thermostat, Characteristic.CurrentHeatingCoolingState, 'current');
    this.field(thermostat, Characteristic.TargetHeatingCoolingState, 'target', { onSet: (value) => this.command({ target: Number(value) }) }).setProps({
      validValues: [Hvac.OFF, Hvac.HEAT, Hvac.COOL],
    });
    this.field(thermostat, Characteristic.CurrentTemperature, 'temperature');
    const range = setPointRange(data);
    const setPoint = this.field(thermostat, Characteristic.TargetTemperature, 'setPoint', { onSet: (value) => this.command({ setPoint: Number(value) }) });
    // HAP's default (10 °C) may lie outside the device's range, which HAP would warn about.
    setPoint.updateValue(range.min);
    setPoint.setProps({ minValue: range.min, maxValue: range.max });
    // Ring keeps no display unit; HomeKit shows temperatures in the phone's own unit either way.
    thermostat.getCharacteristic(Characteristic.TemperatureDisplayUnits).setProps({ validValues: [Characteristic.TemperatureDisplayUnits.CELSIUS] });
    thermostat.updateCharacteristic(Characteristic.TemperatureDisplayUnits, Characteristic.TemperatureDisplayUnits.CELSIUS);
    this.follow(neutralThermostatView(data), (latest) => thermostatView(latest as ThermostatData, this.celsius));
    this.subscriptions.push(
      ringDevice.onComponentDevices
        .pipe(
          switchMap((components) => components.find((component) => component.deviceType === 'sensor.temperature')?.onData ?? EMPTY),
          map((reading) => temperature(reading as AlarmData)),
          distinctUntilChanged(),
        )
        .subscribe((celsius) => {
          this.celsius = celsius;
          this.offer(thermostatView(this.data as ThermostatData, celsius));
        }),
    );
    this.pruneServices();
  }

  private async command(change: Parameters<typeof thermostatCommand>[0]): Promise<void> {
    const { patch, applied } = thermostatCommand(change);
    if (applied(this.data as ThermostatData)) return;
    await this.confirmedCommand({ device: { v1: patch } }, (data) => (applied(data as ThermostatData) ? 'done' : 'waiting'));
  }
}
