import type { PlatformAccessory } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory } from './alarm-accessory.js';
import { lightDuration, lightModeData, lightView, neutralLightView, type LightData, type LightLayout } from './light-mapping.js';
import { percentOf } from './switch-mapping.js';

/**
 * A Ring Smart Lighting light, transformer or light group as a HomeKit Lightbulb (with brightness
 * where it dims), and its built-in motion sensor where it has one. Lights going on and motion say who
 * is home, so what HomeKit shows passes the privacy gate like any alarm device's state. Switching
 * from HomeKit is a command, never blocked, answered once Ring reports the light changed.
 */
export class SmartLightAccessory extends AlarmAccessory {
  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    ringDevice: RingDevice,
    private readonly location: Location,
    serial: string,
    private readonly layout: LightLayout,
  ) {
    super(deps, accessory, device, ringDevice, serial);
    const { Service, Characteristic } = this.hap;
    const light = this.service(Service.Lightbulb, undefined, 'light');
    light.setPrimaryService(true);
    this.field(light, Characteristic.On, 'on', { onSet: (value) => this.switchLight(value === true) });
    if (layout.dims) {
      this.field(light, Characteristic.Brightness, 'level', { onSet: (value) => this.dim(Number(value)) });
    }
    if (layout.motion) {
      const motion = this.service(Service.MotionSensor, `${device.name} Motion`, 'motion');
      this.field(motion, Characteristic.MotionDetected, 'motion');
    }
    this.follow(neutralLightView(layout), (data) => lightView(layout, data as LightData));
    this.pruneServices();
  }

  private switchLight(on: boolean): Promise<void> {
    const seconds = this.deps.config.beamDurationSeconds;
    const done = (data: LightData) => ((data.on === true) === on ? 'done' : 'waiting');
    const { groupId } = this.layout;
    if (groupId !== undefined) {
      return this.confirmedCommand(
        () => this.location.setLightGroup(groupId, on, lightDuration(seconds)),
        (data) => done(data as LightData),
      );
    }
    return this.confirmedCommand({ command: { v1: [{ commandType: 'light-mode.set', data: lightModeData(on, seconds) }] } }, (data) => done(data as LightData));
  }

  private dim(percent: number): Promise<void> {
    const level = Math.min(100, Math.max(0, Math.round(percent))) / 100;
    return this.confirmedCommand({ device: { v1: { level } } }, (data) => (percentOf((data as LightData).level) === Math.round(level * 100) ? 'done' : 'waiting'));
  }
}
