import type { PlatformAccessory } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory } from './alarm-accessory.js';
import type { AlarmData } from './alarm-mapping.js';
import { neutralPanicView, PANIC_KEYS, panicActive, panicView, type PanicKind } from './panic-mapping.js';

const LABELS: Record<PanicKind, string> = { burglar: 'Burglar Alarm', fire: 'Fire Alarm' };

/**
 * Panic buttons for a location with a Ring Alarm (`showPanicButtons`): a Burglar Alarm and a Fire
 * Alarm switch. On raises that alarm through Ring (which alerts its monitoring, where the household
 * has it); off disarms, which is how Ring ends an alarm. A switch shows on once Ring reports the
 * alarm, and an alarm is life safety: no privacy rule holds it back.
 */
export class PanicButtonsAccessory extends AlarmAccessory {
  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    panel: RingDevice,
    private readonly location: Location,
    serial: string,
  ) {
    super(deps, accessory, device, panel, serial, 'Panic Buttons');
    const { Service, Characteristic } = this.hap;
    for (const kind of ['burglar', 'fire'] as const) {
      const service = this.service(Service.Switch, `${device.name} ${LABELS[kind]}`, kind);
      this.field(service, Characteristic.On, PANIC_KEYS[kind], { onSet: (on) => this.press(kind, on === true) });
    }
    this.follow(neutralPanicView(), (data) => panicView(data));
    this.pruneServices();
  }

  private press(kind: PanicKind, on: boolean): Promise<void> {
    // Already so: off must not disarm a system that has no alarm to end.
    if (panicActive(kind, this.data) === on) return Promise.resolve();
    if (on) {
      this.log.warn(`${this.device.name}: ${LABELS[kind]} raised from Apple Home.`);
      const raise = () => (kind === 'burglar' ? this.location.triggerBurglarAlarm() : this.location.triggerFireAlarm());
      return this.confirmedCommand(raise, (data) => (panicActive(kind, data as AlarmData) ? 'done' : 'waiting'));
    }
    this.log.info(`${this.device.name}: ${LABELS[kind]} ended from Apple Home (disarming).`);
    return this.confirmedCommand(
      () => this.location.setAlarmMode('none'),
      (data) => (panicActive(kind, data as AlarmData) ? 'waiting' : 'done'),
    );
  }
}
