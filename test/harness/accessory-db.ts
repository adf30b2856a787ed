/**
 * The HAP /accessories database and lookups over it, by accessory name and HAP type names, so tests
 * read like `findChar(db, 'Front Door', 'MotionSensor', 'MotionDetected')`. Pure functions.
 */
import { characteristicName, sameCharacteristicType, sameServiceType, serviceName } from './hap-types.js';

export interface HapCharacteristic {
  aid: number;
  iid: number;
  type: string;
  value?: unknown;
  perms: string[];
  format?: string;
  description?: string;
  [key: string]: unknown;
}

export interface HapService {
  iid: number;
  type: string;
  primary?: boolean;
  hidden?: boolean;
  linked?: number[];
  characteristics: HapCharacteristic[];
}

export interface HapAccessory {
  aid: number;
  services: HapService[];
}

export interface AccessoryDb {
  accessories: HapAccessory[];
}

export interface ServiceQuery {
  /** The accessory's AccessoryInformation Name. */
  accessoryName?: string;
  aid?: number;
  /** hap-nodejs Service name ("MotionSensor") or UUID, long or short. */
  serviceType: string;
  /** The service's own Name / ConfiguredName characteristic, for accessories with several alike. */
  serviceName?: string;
}

export interface ServiceMatch {
  accessory: HapAccessory;
  service: HapService;
}

/** hap-controller hands back json-bigint output; ids are small, but make them plain numbers. */
export function normalizeDb(raw: unknown): AccessoryDb {
  const db = raw as { accessories: Array<{ aid: unknown; services: Array<Record<string, unknown>> }> };
  return {
    accessories: db.accessories.map((accessory) => {
      const aid = Number(accessory.aid);
      return {
        aid,
        services: accessory.services.map((service) => ({
          ...(service as unknown as HapService),
          iid: Number(service.iid),
          characteristics: (service.characteristics as Array<Record<string, unknown>>).map((c) => ({
            ...(c as unknown as HapCharacteristic),
            aid,
            iid: Number(c.iid),
          })),
        })),
      };
    }),
  };
}

function charValue(service: HapService, type: string): unknown {
  return service.characteristics.find((c) => sameCharacteristicType(c.type, type))?.value;
}

export function accessoryName(accessory: HapAccessory): string | undefined {
  const info = accessory.services.find((s) => sameServiceType(s.type, 'AccessoryInformation'));
  const name = info ? charValue(info, 'Name') : undefined;
  return typeof name === 'string' ? name : undefined;
}

export function serviceDisplayName(service: HapService): string | undefined {
  const name = charValue(service, 'ConfiguredName') ?? charValue(service, 'Name');
  return typeof name === 'string' ? name : undefined;
}

export function findAccessory(db: AccessoryDb, name: string): HapAccessory {
  const matches = db.accessories.filter((a) => accessoryName(a) === name);
  if (matches.length === 1) return matches[0];
  throw new Error(`${matches.length === 0 ? 'no' : matches.length} accessories named "${name}"\n${describeDb(db)}`);
}

export function findServices(db: AccessoryDb, query: ServiceQuery): ServiceMatch[] {
  const out: ServiceMatch[] = [];
  for (const accessory of db.accessories) {
    if (query.aid !== undefined && accessory.aid !== query.aid) continue;
    if (query.accessoryName !== undefined && accessoryName(accessory) !== query.accessoryName) continue;
    for (const service of accessory.services) {
      if (!sameServiceType(service.type, query.serviceType)) continue;
      if (query.serviceName !== undefined && serviceDisplayName(service) !== query.serviceName) continue;
      out.push({ accessory, service });
    }
  }
  return out;
}

/** Exactly one match, or an error that prints the whole database so the mismatch is visible. */
export function findService(db: AccessoryDb, query: ServiceQuery): ServiceMatch {
  const matches = findServices(db, query);
  if (matches.length === 1) return matches[0];
  const what = JSON.stringify(query);
  throw new Error(`${matches.length === 0 ? 'no service' : `${matches.length} services`} match ${what}\n${describeDb(db)}`);
}

export function findCharInService(service: HapService, characteristicType: string): HapCharacteristic {
  const found = service.characteristics.find((c) => sameCharacteristicType(c.type, characteristicType));
  if (found) return found;
  const present = service.characteristics.map((c) => characteristicName(c.type)).join(', ');
  throw new Error(`service ${serviceName(service.type)} (iid ${service.iid}) has no ${characteristicType}; it has ${present}`);
}

/** `findChar(db, 'Front Door', 'MotionSensor', 'MotionDetected')` -> the characteristic with aid/iid/value. */
export function findChar(db: AccessoryDb, accessory: string | number, serviceType: string, characteristicType: string, serviceName?: string): HapCharacteristic {
  const query: ServiceQuery = typeof accessory === 'number' ? { aid: accessory, serviceType, serviceName } : { accessoryName: accessory, serviceType, serviceName };
  return findCharInService(findService(db, query).service, characteristicType);
}

function shortValue(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return '=' + (text.length > 40 ? text.slice(0, 37) + '...' : text);
}

/** One line per service: what a failing lookup prints, and handy when writing a new test. */
export function describeDb(db: AccessoryDb): string {
  const lines: string[] = [];
  for (const accessory of db.accessories) {
    lines.push(`aid ${accessory.aid} "${accessoryName(accessory) ?? '?'}"`);
    for (const service of accessory.services) {
      const chars = service.characteristics.map((c) => `${characteristicName(c.type)}#${c.iid}${shortValue(c.value)}`);
      lines.push(`  ${serviceName(service.type)}#${service.iid}${service.primary ? ' (primary)' : ''}: ${chars.join(', ')}`);
    }
  }
  return lines.join('\n');
}
