import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory } from './alarm-accessory.js';
import { neutralSwitchView, switchCommand, switchView, type SwitchData, type SwitchLayout } from './switch-mapping.js';

/**
 * A Z-Wave switch, outlet, dimmer, bulb or fan on the Ring hub. What it shows passes the privacy
 * gate like any alarm device's state (a light going on says someone is home); a change made in
 * HomeKit is a command, never blocked, and is answered once Ring reports the device changed, so
 * the Home app never shows a light on that Ring did not switch.
 */
export class SmartSwitchAccessory extends AlarmAccessory {
  constructor(deps: AccessoryDeps, accessory: PlatformAccessory, device: Device, ringDevice: RingDevice, serial: string, layout: SwitchLayout) {
    super(deps, accessory, device, ringDevice, serial);
    const { Service, Characteristic } = this.hap;
    const type = { switch: Service.Switch, outlet: Service.Outlet, light: Service.Lightbulb, fan: Service.Fan }[layout.look];
    const service = this.service(type, undefined, 'smart-switch');
    service.setPrimaryService(true);
    this.field(service, Characteristic.On, 'on', { onSet: (value) => this.command({ on: value === true }) });
    if (layout.look === 'outlet') {
      // Ring does not measure the load: an outlet that is on counts as in use.
      this.field(service, Characteristic.OutletInUse, 'on');
    }
    if (layout.dims) {
      const level = layout.look === 'fan' ? Characteristic.RotationSpeed : Characteristic.Brightness;
      this.field(service, level, 'level', { onSet: (value) => this.command({ percent: Number(value) }) });
    }
    this.follow(neutralSwitchView(layout), (data) => switchView(layout, data as SwitchData));
    this.pruneServices();
  }

  private command(change: Parameters<typeof switchCommand>[0]): Promise<void> {
    const { patch, applied } = switchCommand(change);
    return this.confirmedCommand({ device: { v1: patch } }, (data) => (applied(data as SwitchData) ? 'done' : 'waiting'));
  }
}
