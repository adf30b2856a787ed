import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { AlarmAccessory } from './alarm-accessory.js';
import { lockCommand, lockView, neutralLockView, type LockData, type LockLayout } from './lock-mapping.js';

/**
 * A Z-Wave lock on the Ring hub as a Lock Mechanism. Whether a door is locked says who is home, so
 * what HomeKit shows passes the privacy gate like any alarm device's state. Locking or unlocking
 * from HomeKit is a command, never blocked; the write is answered only once Ring reports the lock
 * where it was asked to be, and fails (No Response) when Ring reports it jammed or says nothing.
 * The current state is never set from the write itself: the Home app shows "unlocked" only after
 * Ring has said so.
 */
export class LockAccessory extends AlarmAccessory {
  constructor(deps: AccessoryDeps, accessory: PlatformAccessory, device: Device, ringDevice: RingDevice, serial: string, layout: LockLayout) {
    super(deps, accessory, device, ringDevice, serial);
    const { Service, Characteristic } = this.hap;
    const lock = this.service(Service.LockMechanism, undefined, 'lock');
    lock.setPrimaryService(true);
    this.field(lock, Characteristic.LockCurrentState, 'current');
    this.field(lock, Characteristic.LockTargetState, 'target', { onSet: (value) => this.command(Number(value)) });
    this.statusFields([], { tamper: false, battery: layout.battery });
    this.follow(neutralLockView(layout), (data) => lockView(layout, data as LockData));
    this.pruneServices();
  }

  private command(target: number): Promise<void> {
    const { commandType, outcome } = lockCommand(target);
    return this.confirmedCommand({ command: { v1: [{ commandType, data: {} }] } }, (data, replay) => {
      const now = outcome(data as LockData);
      // A lock jammed before this command may yet move: only a jam reported after it fails it.
      return now === 'jammed' ? (replay ? 'waiting' : { failed: 'Ring reports the lock jammed' }) : now;
    });
  }
}
