/**
 * HAP type names <-> UUIDs, taken from the hap-nodejs that Homebridge itself runs, so a name here is
 * exactly the `Service.X` / `Characteristic.Y` a plugin used.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { HAP } from 'homebridge';
import { hostPackage } from './repo-paths.js';

/** Apple's base UUID; HAP short forms ("85", "3E") are the first group with the zeros left off. */
export const APPLE_UUID_SUFFIX = '-0000-1000-8000-0026BB765291';

type Catalogue = { byName: Map<string, string>; nameByUuid: Map<string, string> };

/** The hap-nodejs of the Homebridge under test: Homebridge 1 depends on `hap-nodejs`, Homebridge 2 on `@homebridge/hap-nodejs`. */
export function hostHap(): HAP {
  const fromHomebridge = createRequire(path.join(hostPackage('homebridge').dir, 'package.json'));
  for (const name of ['@homebridge/hap-nodejs', 'hap-nodejs']) {
    try {
      return fromHomebridge(name) as HAP;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new Error('harness: the Homebridge in use has neither @homebridge/hap-nodejs nor hap-nodejs');
}

function catalogue(namespace: object): Catalogue {
  const byName = new Map<string, string>();
  const nameByUuid = new Map<string, string>();
  for (const [key, value] of Object.entries(namespace)) {
    if (typeof value !== 'function' || typeof (value as { UUID?: unknown }).UUID !== 'string') continue;
    const uuid = normalizeUuid((value as { UUID: string }).UUID);
    byName.set(key, uuid);
    // Aliases (BatteryService -> Battery) share one class; its own name is the current spelling.
    if (!nameByUuid.has(uuid)) nameByUuid.set(uuid, (value as { name: string }).name || key);
  }
  return { byName, nameByUuid };
}

let cached: { services: Catalogue; characteristics: Catalogue } | undefined;
function catalogues(): { services: Catalogue; characteristics: Catalogue } {
  if (!cached) {
    const hap = hostHap();
    cached = { services: catalogue(hap.Service), characteristics: catalogue(hap.Characteristic) };
  }
  return cached;
}

/** Long, upper-case form of any HAP UUID: "85", "00000085" and the full form all give the same. */
export function normalizeUuid(uuid: string): string {
  const trimmed = uuid.trim().toUpperCase();
  if (/^[0-9A-F]{1,8}$/.test(trimmed)) return trimmed.padStart(8, '0') + APPLE_UUID_SUFFIX;
  return trimmed;
}

function isUuidLike(value: string): boolean {
  return /^[0-9A-F]{1,8}$/i.test(value) || /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i.test(value);
}

function resolve(kind: 'service' | 'characteristic', nameOrUuid: string): string {
  const { byName } = kind === 'service' ? catalogues().services : catalogues().characteristics;
  const named = byName.get(nameOrUuid);
  if (named) return named;
  if (isUuidLike(nameOrUuid)) return normalizeUuid(nameOrUuid);
  throw new Error(`unknown HAP ${kind} "${nameOrUuid}" (use a hap-nodejs ${kind === 'service' ? 'Service' : 'Characteristic'} name or a UUID)`);
}

/** "MotionSensor" or a UUID in either form -> long UUID. Throws on an unknown name. */
export function serviceUuid(nameOrUuid: string): string {
  return resolve('service', nameOrUuid);
}

export function characteristicUuid(nameOrUuid: string): string {
  return resolve('characteristic', nameOrUuid);
}

/** Long or short UUID -> hap-nodejs class name; unknown (custom) types come back as their long UUID. */
export function serviceName(uuid: string): string {
  const long = normalizeUuid(uuid);
  return catalogues().services.nameByUuid.get(long) ?? long;
}

export function characteristicName(uuid: string): string {
  const long = normalizeUuid(uuid);
  return catalogues().characteristics.nameByUuid.get(long) ?? long;
}

export function sameServiceType(actual: string, wanted: string): boolean {
  return normalizeUuid(actual) === serviceUuid(wanted);
}

export function sameCharacteristicType(actual: string, wanted: string): boolean {
  return normalizeUuid(actual) === characteristicUuid(wanted);
}
