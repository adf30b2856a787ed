import type { API, Logging, PlatformAccessory } from 'homebridge';
import { PLATFORM_NAME, PLUGIN_NAME } from '../settings.js';

export interface AccessoryContext {
  ringId: string;
  family: 'camera' | 'chime' | 'alarm' | 'privacy';
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
      existing.context = context;
      if (existing.displayName !== name) {
        existing.updateDisplayName(name);
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
