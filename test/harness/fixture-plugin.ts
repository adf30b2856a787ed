/**
 * A tiny Homebridge plugin ("HarnessFixture") that lets the harness prove its own features without
 * the product: a bridged Switch whose writes flip a bridged MotionSensor (so a write produces an
 * event), and optionally an external accessory (its own HAP server, as cameras are published).
 *
 * Config: { platform: 'HarnessFixture', external?: boolean }. Runs as ESM inside Homebridge; the
 * harness wraps it in a throwaway package (see fixture-package.ts).
 */
import type { API, DynamicPlatformPlugin, Logging, PlatformAccessory, PlatformConfig } from 'homebridge';

export const FIXTURE_PLUGIN_NAME = 'homebridge-harness-fixture';
export const FIXTURE_PLATFORM = 'HarnessFixture';
export const FIXTURE_SWITCH = 'Fixture Switch';
export const FIXTURE_SENSOR = 'Fixture Sensor';
export const FIXTURE_EXTERNAL = 'Fixture External';

/** hap-nodejs Categories.SWITCH; its .d.ts declares a const enum, which isolatedModules cannot read. */
const CATEGORY_SWITCH = 8;

class FixturePlatform implements DynamicPlatformPlugin {
  private readonly cached = new Map<string, PlatformAccessory>();

  constructor(
    private readonly log: Logging,
    private readonly config: PlatformConfig,
    private readonly api: API,
  ) {
    api.on('didFinishLaunching', () => this.publish());
  }

  configureAccessory(accessory: PlatformAccessory): void {
    this.cached.set(accessory.UUID, accessory);
  }

  private bridged(name: string): PlatformAccessory {
    const uuid = this.api.hap.uuid.generate(`${FIXTURE_PLATFORM}:${name}`);
    const existing = this.cached.get(uuid);
    if (existing) return existing;
    const accessory = new this.api.platformAccessory(name, uuid);
    this.api.registerPlatformAccessories(FIXTURE_PLUGIN_NAME, FIXTURE_PLATFORM, [accessory]);
    return accessory;
  }

  private publish(): void {
    const { Service, Characteristic } = this.api.hap;
    const sensor = this.bridged(FIXTURE_SENSOR);
    const motion = sensor.getService(Service.MotionSensor) ?? sensor.addService(Service.MotionSensor, FIXTURE_SENSOR);

    const switchAccessory = this.bridged(FIXTURE_SWITCH);
    const power = switchAccessory.getService(Service.Switch) ?? switchAccessory.addService(Service.Switch, FIXTURE_SWITCH);
    power.getCharacteristic(Characteristic.On).onSet((value) => {
      this.log.info(`switch set to ${JSON.stringify(value)}`);
      motion.updateCharacteristic(Characteristic.MotionDetected, Boolean(value));
    });

    if (this.config.external === true) {
      const uuid = this.api.hap.uuid.generate(`${FIXTURE_PLATFORM}:${FIXTURE_EXTERNAL}`);
      const external = new this.api.platformAccessory(FIXTURE_EXTERNAL, uuid, CATEGORY_SWITCH);
      external.addService(Service.Switch, FIXTURE_EXTERNAL);
      this.api.publishExternalAccessories(FIXTURE_PLUGIN_NAME, [external]);
    }
    this.log.info('fixture accessories published');
  }
}

export default (api: API): void => {
  api.registerPlatform(FIXTURE_PLATFORM, FixturePlatform);
};
