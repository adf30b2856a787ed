/**
 * scenarios/two-locations.json: one account, two homes. "Town House" has cameras, a chime, a Ring
 * Alarm (its mode comes live from the alarm panel), two Z-Wave switches on its hub (an outlet and a
 * dimmer), a Z-Wave lock, a water valve, a thermostat (with its temperature sensor), Smart Lighting (a path light and a light group) and a Ring
 * Intercom handset ("Town Intercom", audio, battery "88"); "Lake Cabin" has a camera and a chime and no alarm (its mode is polled, and is a Security System of its own).
 * Ids here so tests do not repeat magic numbers; scenario-files.test.ts checks they match the JSON.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const twoLocations = {
  town: {
    locationId: '7a1d3c5e-9f20-4b6a-8c4e-2d6f8a0b1c01',
    cameras: { door: 185550001, hall: 185550002 },
    chimes: { chime: 185550010 },
    intercoms: { intercom: 185550030 },
    alarm: {
      panel: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c02',
      window: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c03',
      lamp: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c04',
      dimmer: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c05',
      lock: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c06',
      valve: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c07',
      thermostat: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c08',
      thermostatSensor: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c09',
      pathLight: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c10',
      gardenGroup: '1c9a2d3e-6b7f-4a8b-9c0d-2e3f4a5b6c11',
    },
  },
  cabin: {
    locationId: '3e8f0a2c-4d6b-4e1f-9a3c-5b7d9f1e3a02',
    cameras: { porch: 185560001 },
    chimes: { chime: 185560010 },
  },
} as const;

/** Camera names (each its own HomeKit accessory) and bridged accessory names, by location. */
export const twoLocationNames = {
  town: {
    cameras: ['Town Door', 'Town Hall'],
    bridged: [
      'Town Chime',
      'Town Alarm',
      'Town Base Station',
      'Town Window',
      'Town Lamp',
      'Town Dimmer',
      'Town Front Lock',
      'Town Water Valve',
      'Town Thermostat',
      'Town Thermostat Temperature',
      'Town Path Light',
      'Town Garden Lights',
      'Town Intercom',
    ],
  },
  cabin: { cameras: ['Cabin Porch'], bridged: ['Cabin Chime', 'Lake Cabin Mode'] },
} as const;

/** A scenario file shipped in scenarios/, from the source tree or the compiled copy under .build. */
export function scenarioFile(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'scenarios', name), resolve(here, '..', '..', '..', 'test', 'emulator', 'scenarios', name)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${name} not found (looked in ${candidates.join(', ')})`);
  return found;
}

export const twoLocationsScenarioPath = (): string => scenarioFile('two-locations.json');
