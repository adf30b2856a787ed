import type { API, Characteristic, Logging, PlatformAccessory } from 'homebridge';
import { PLATFORM_NAME, PLUGIN_NAME } from '../settings.js';

export interface AccessoryContext {
  ringId: string;
  family: 'camera' | 'chime' | 'intercom' | 'alarm' | 'privacy' | 'location-mode';
  locationId: string;
}

/**
 * The platform's accessory cache. Bridged accessories are reused from Homebridge's cache so they
 * keep their ids; cameras are external accessories (one HomeKit camera each), which HAP keeps
 * stable by their UUID-derived identity. Whatever Ring no longer reports is removed at the end.
 */
export class AccessoryRegistry {
  private claimed = new Set<string>();
  private readonly fresh: PlatformAccessory[] = [];
  private readonly externals: PlatformAccessory[] = [];
  /** Cached accessories answering "No Response" until a connection binds them again. */
  private readonly unavailable = new Set<string>();
  /** External accessories already published in this process; HAP cannot publish one twice. */
  private readonly published = new Map<string, PlatformAccessory>();

  constructor(
    private readonly api: API,
    private readonly log: Logging,
    private readonly cached: Map<string, PlatformAccessory>,
  ) {}

  /** Starts a build: what is claimed from here on is what Ring reports now. */
  beginBuild(): void {
    this.claimed = new Set();
  }

  bridged(seed: string, name: string, category: number, context: AccessoryContext): PlatformAccessory {
    const uuid = this.api.hap.uuid.generate(seed);
    this.claimed.add(uuid);
    const existing = this.cached.get(uuid);
    if (existing) {
      if (this.unavailable.delete(uuid)) {
        forEachCharacteristic(this.api, existing, (characteristic) => characteristic.removeOnGet());
      }
      existing.context = context;
      if (existing.displayName !== name) {
        // Renamed in the Ring app: HomeKit reads the name from AccessoryInformation, not displayName.
        existing.updateDisplayName(name);
        existing.getService(this.api.hap.Service.AccessoryInformation)?.updateCharacteristic(this.api.hap.Characteristic.Name, name);
      }
      return existing;
    }
    const accessory = new this.api.platformAccessory<AccessoryContext>(name, uuid, category);
    accessory.context = context;
    this.fresh.push(accessory);
    return accessory;
  }

  external(seed: string, name: string, category: number, context: AccessoryContext): PlatformAccessory {
    const uuid = this.api.hap.uuid.generate(seed);
    const existing = this.published.get(uuid);
    if (existing) {
      return existing;
    }
    const accessory = new this.api.platformAccessory<AccessoryContext>(name, uuid, category);
    accessory.context = context;
    this.externals.push(accessory);
    return accessory;
  }

  /**
   * Takes a published camera off the network: one published from the last connection's list that
   * Ring no longer reports. Homebridge has no call for this; HAP's accessory behind it has.
   */
  async unpublish(seed: string): Promise<void> {
    const uuid = this.api.hap.uuid.generate(seed);
    const accessory = this.published.get(uuid);
    if (!accessory) return;
    this.published.delete(uuid);
    try {
      await accessory._associatedHAPAccessory?.unpublish();
    } catch (error) {
      this.log.warn(`${accessory.displayName} could not be taken off the network: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Without a working sign-in the cached accessories stay in the Home app but answer "No Response"
   * instead of their last known values, until a connection binds them again.
   */
  markCachedUnavailable(): void {
    const { HapStatusError, HAPStatus } = this.api.hap;
    for (const accessory of this.cached.values()) {
      if (this.claimed.has(accessory.UUID)) {
        continue;
      }
      this.unavailable.add(accessory.UUID);
      forEachCharacteristic(this.api, accessory, (characteristic) =>
        characteristic.onGet(() => {
          throw new HapStatusError(HAPStatus.SERVICE_COMMUNICATION_FAILURE);
        }),
      );
    }
  }

  /** Registers what is new and publishes the cameras. */
  publish(): void {
    if (this.fresh.length > 0) {
      const fresh = this.fresh.splice(0);
      this.api.registerPlatformAccessories(PLUGIN_NAME, PLATFORM_NAME, fresh);
      for (const accessory of fresh) {
        this.cached.set(accessory.UUID, accessory);
      }
    }
    if (this.externals.length > 0) {
      const externals = this.externals.splice(0);
      this.api.publishExternalAccessories(PLUGIN_NAME, externals);
      for (const accessory of externals) {
        this.published.set(accessory.UUID, accessory);
      }
    }
  }

  /**
   * Removes cached accessories Ring no longer reports. Locations whose devices could not be read
   * this time are left alone, so a Ring outage never empties the Home app.
   */
  removeStale(incompleteLocations: ReadonlySet<string>): number {
    const stale = [...this.cached.values()].filter((accessory) => {
      const context = accessory.context as Partial<AccessoryContext>;
      return !this.claimed.has(accessory.UUID) && !(context.locationId && incompleteLocations.has(context.locationId));
    });
    if (stale.length > 0) {
      this.api.unregisterPlatformAccessories(PLUGIN_NAME, PLATFORM_NAME, stale);
      for (const accessory of stale) {
        this.cached.delete(accessory.UUID);
      }
      this.log.info(`Removed ${stale.length} accessor${stale.length === 1 ? 'y' : 'ies'} for devices Ring no longer reports.`);
    }
    return stale.length;
  }
}

function forEachCharacteristic(api: API, accessory: PlatformAccessory, visit: (characteristic: Characteristic) => void): void {
  for (const service of accessory.services) {
    if (service.UUID === api.hap.Service.AccessoryInformation.UUID) {
      continue;
    }
    for (const characteristic of service.characteristics) {
      if (characteristic.UUID !== api.hap.Characteristic.Name.UUID && characteristic.UUID !== api.hap.Characteristic.ConfiguredName.UUID) {
        visit(characteristic);
      }
    }
  }
}
