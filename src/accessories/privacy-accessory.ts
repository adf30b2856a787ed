import type { API, PlatformAccessory } from 'homebridge';
import type { Subscription } from 'rxjs';
import type { PrivacySwitches } from '../privacy/privacy-switches.js';

/**
 * The one switch that makes every camera private at once, for the Home app and automations
 * ("when the last person leaves, turn Privacy off"). It carries no Ring device, so it has no gate.
 */
export class GlobalPrivacyAccessory {
  private readonly subscription: Subscription;

  constructor(
    api: API,
    readonly accessory: PlatformAccessory,
    switches: PrivacySwitches,
  ) {
    const { Service, Characteristic } = api.hap;
    accessory
      .getService(Service.AccessoryInformation)!
      .setCharacteristic(Characteristic.Manufacturer, 'Trygr')
      .setCharacteristic(Characteristic.Model, 'Privacy Switch')
      .setCharacteristic(Characteristic.SerialNumber, 'TRYGR-PRIVACY');
    const service = accessory.getServiceById(Service.Switch, 'privacy') ?? accessory.addService(Service.Switch, 'Privacy', 'privacy');
    service
      .getCharacteristic(Characteristic.On)
      .onGet(() => switches.global)
      .onSet((on) => switches.setGlobal(on as boolean));
    this.subscription = switches.changes$.subscribe((change) => {
      if (change.deviceId === undefined) {
        service.updateCharacteristic(Characteristic.On, change.on);
      }
    });
  }

  dispose(): void {
    this.subscription.unsubscribe();
  }
}
