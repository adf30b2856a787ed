import type { PlatformAccessory, Service } from 'homebridge';
import type { RingIntercom } from 'ring-client-api';
import { pushSignal } from '../../privacy/decide-signal.js';
import type { Device } from '../../privacy/types.js';
import { intercomDings } from '../../ring/intercom-dings.js';
import { BaseAccessory, type AccessoryDeps } from '../base-accessory.js';
import { isRepeatPress } from '../camera/doorbell-repeat.js';
import { RING_COMMAND_TIMEOUT_MS, withTimeout } from '../with-timeout.js';
import { intercomBattery, isIntercomOffline, RELATCH_MS, unlockConfirmed, unlockRefusal } from './intercom-mapping.js';

/** HAP's LockCurrentState / LockTargetState values. */
const UNSECURED = 0;
const SECURED = 1;

/**
 * A Ring Intercom handset: the building door as a Lock Mechanism, a press on the intercom as a
 * Doorbell (and, with `doorbellSwitch`, a Button for automations), and its battery.
 *
 * A press says someone is at the door, so it passes the privacy gate as a `doorbell` signal, like a
 * video doorbell's. Unlocking from HomeKit is a command, never blocked; it opens a door, so the Home
 * app shows "unlocked" only once Ring has answered that it did, fails with No Response when Ring
 * refuses or does not answer in time, and shows "locked" again when the door has latched.
 */
export class IntercomAccessory extends BaseAccessory {
  private readonly lock: Service;
  private readonly doorbell: Service;
  private button?: Service;
  private relatch?: NodeJS.Timeout;
  private lastPressAt?: number;

  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    private readonly intercom: RingIntercom,
    serial: string,
  ) {
    super(deps, accessory, device);
    const { Service, Characteristic } = this.hap;
    const data = intercom.data as { firmware_version?: string };
    this.information(intercom.deviceType === 'intercom_handset_video' ? 'Intercom Video' : 'Intercom', serial, data.firmware_version);

    this.lock = this.service(Service.LockMechanism, undefined, 'intercom-lock');
    this.lock.setPrimaryService(true);
    this.bind(this.lock, Characteristic.LockCurrentState, { onGet: this.online(() => this.lock.getCharacteristic(Characteristic.LockCurrentState).value as number) });
    this.bind(this.lock, Characteristic.LockTargetState, {
      onGet: this.online(() => this.lock.getCharacteristic(Characteristic.LockTargetState).value as number),
      onSet: (value) => this.setTarget(Number(value)),
    });
    this.lock.updateCharacteristic(Characteristic.LockCurrentState, SECURED);
    this.lock.updateCharacteristic(Characteristic.LockTargetState, SECURED);

    this.doorbell = this.service(Service.Doorbell, `${device.name} Doorbell`, 'intercom-doorbell');
    this.pressOnly(this.doorbell);
    if (deps.config.doorbellSwitch) {
      this.button = this.service(Service.StatelessProgrammableSwitch, `${device.name} Button`, 'intercom-button');
      this.pressOnly(this.button);
    }
    this.setUpBattery();
    this.subscriptions.push(
      intercomDings(intercom).subscribe(({ dingId }) => {
        // Counted with the camera pushes; a press Ring sent twice (same ding id) is dropped here.
        if (this.deps.pushes?.admit(String(intercom.id), dingId) ?? true) this.onDing();
      }),
    );
    this.pruneServices();
  }

  private pressOnly(service: Service): void {
    const { Characteristic } = this.hap;
    service.getCharacteristic(Characteristic.ProgrammableSwitchEvent).setProps({ validValues: [Characteristic.ProgrammableSwitchEvent.SINGLE_PRESS] });
  }

  private setUpBattery(): void {
    if (!intercomBattery(this.intercom.batteryLevel)) return;
    const { Service, Characteristic } = this.hap;
    const battery = this.service(Service.Battery, undefined, 'battery');
    battery.updateCharacteristic(Characteristic.ChargingState, Characteristic.ChargingState.NOT_CHARGEABLE);
    this.subscriptions.push(
      this.intercom.onBatteryLevel.subscribe((level) => {
        const reading = intercomBattery(level);
        if (!reading) return;
        battery.updateCharacteristic(Characteristic.BatteryLevel, reading.level);
        battery.updateCharacteristic(Characteristic.StatusLowBattery, reading.low ? 1 : 0);
      }),
    );
  }

  private online<T>(read: () => T): () => T {
    return () => {
      if (isIntercomOffline(this.intercom.data)) throw this.noResponse();
      return read();
    };
  }

  private async setTarget(target: number): Promise<void> {
    const { Characteristic } = this.hap;
    // The door latches by itself: there is nothing to send to lock it.
    if (target !== UNSECURED) return;
    const answer = await withTimeout(this.intercom.unlock(), RING_COMMAND_TIMEOUT_MS, `Ring did not answer the unlock within ${RING_COMMAND_TIMEOUT_MS / 1000} s`);
    if (!unlockConfirmed(answer)) throw new Error(unlockRefusal(answer));
    this.log.info(`${this.device.name}: door unlocked.`);
    this.lock.updateCharacteristic(Characteristic.LockCurrentState, UNSECURED);
    clearTimeout(this.relatch);
    this.relatch = setTimeout(() => {
      this.relatch = undefined;
      this.lock.updateCharacteristic(Characteristic.LockTargetState, SECURED);
      this.lock.updateCharacteristic(Characteristic.LockCurrentState, SECURED);
    }, RELATCH_MS);
  }

  private onDing(): void {
    const verdict = this.deps.gate.push(this.device, pushSignal('doorbell'));
    if (!verdict.forwards) return;
    const now = this.deps.now?.() ?? Date.now();
    if (isRepeatPress(this.lastPressAt, now, this.deps.config.doorbellRepeatSeconds)) return;
    this.lastPressAt = now;
    const press = this.hap.Characteristic.ProgrammableSwitchEvent.SINGLE_PRESS;
    this.doorbell.updateCharacteristic(this.hap.Characteristic.ProgrammableSwitchEvent, press);
    this.button?.updateCharacteristic(this.hap.Characteristic.ProgrammableSwitchEvent, press);
  }

  override dispose(): void {
    super.dispose();
    clearTimeout(this.relatch);
  }
}
