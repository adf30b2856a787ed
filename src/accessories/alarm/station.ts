import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory } from './alarm-accessory.js';
import { neutralStationView, stationCommand, stationView, switchedOnPercent, type StationData, type StationLayout, type StationSetting } from './station-mapping.js';
import { percentOf } from './switch-mapping.js';

/** Ring's deviceType to the model HomeKit shows. */
const STATION_MODELS: Record<string, string> = {
  'security-keypad': 'Keypad',
  'hub.redsky': 'Base Station',
  'hub.kili': 'Base Station Pro',
};

/**
 * A Ring Alarm keypad or base station: its volume as a Speaker (mute is volume 0), its lights'
 * brightness as a Lightbulb where it has lights, and its backup battery, as homebridge-ring offers
 * them. What HomeKit shows passes the privacy gate like any alarm device's state. A change from
 * HomeKit is a command, never blocked, answered once Ring reports the new level.
 */
export class StationAccessory extends AlarmAccessory {
  /** The last level above 0 Ring reported, for unmuting or switching the lights back on. */
  private readonly remembered: Partial<Record<StationSetting, number>> = {};
  /** Level writes (volume, brightness) still waiting for Ring. */
  private readonly levelWrites: Record<StationSetting, number> = { volume: 0, brightness: 0 };

  constructor(deps: AccessoryDeps, accessory: PlatformAccessory, device: Device, ringDevice: RingDevice, serial: string, layout: StationLayout) {
    super(deps, accessory, device, ringDevice, serial, STATION_MODELS[ringDevice.deviceType]);
    const { Service, Characteristic } = this.hap;
    if (layout.brightness) {
      const light = this.service(Service.Lightbulb, `${device.name} Light`, 'light');
      light.setPrimaryService(true);
      this.field(light, Characteristic.On, 'lit', { onSet: (value) => this.switchOn('brightness', value === true) });
      this.field(light, Characteristic.Brightness, 'brightness', { onSet: (value) => this.set('brightness', Number(value)) });
    }
    if (layout.volume) {
      const speaker = this.service(Service.Speaker, `${device.name} Volume`, 'volume');
      speaker.setPrimaryService(!layout.brightness);
      this.field(speaker, Characteristic.Volume, 'volume', { onSet: (value) => this.set('volume', Number(value)) });
      this.field(speaker, Characteristic.Mute, 'muted', { onSet: (value) => this.switchOn('volume', value !== true) });
    }
    this.statusFields([], { tamper: false, battery: layout.battery });
    this.follow(neutralStationView(layout), (data) => {
      this.remember(data as StationData);
      return stationView(layout, data as StationData);
    });
    this.pruneServices();
  }

  private remember(data: StationData): void {
    for (const setting of ['volume', 'brightness'] as const) {
      const percent = percentOf(data[setting]);
      if (percent > 0) this.remembered[setting] = percent;
    }
  }

  private async set(setting: StationSetting, percent: number): Promise<void> {
    const { body, applied } = stationCommand(setting, percent);
    this.levelWrites[setting] += 1;
    try {
      await this.confirmedCommand(body, (data) => (applied(data as StationData) ? 'done' : 'waiting'));
    } finally {
      this.levelWrites[setting] -= 1;
    }
  }

  /** Off (mute, light off) is level 0; on restores the last level, and leaves a level above 0 as it is. */
  private async switchOn(setting: StationSetting, on: boolean): Promise<void> {
    if (!on) {
      return this.set(setting, 0);
    }
    // The Home app sends On together with the level a slider was dragged to, in one request whose
    // writes all start before the next turn of the event loop: that level is what the user chose.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.levelWrites[setting] > 0) {
      return;
    }
    const percent = switchedOnPercent((this.data as StationData)[setting], this.remembered[setting], setting);
    if (percent !== undefined) {
      await this.set(setting, percent);
    }
  }
}
