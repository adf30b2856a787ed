/** The shipped scenario files besides the demo home: they load, and their id files match them. */
import { describe, expect, test } from '@jest/globals';
import { loadScenario } from './index.js';
import { twoLocations, twoLocationsScenarioPath } from './two-locations.js';

describe('two-locations.json', () => {
  test('two locations, the ids of two-locations.ts, an alarm and an intercom only in the town house', () => {
    const scenario = loadScenario(twoLocationsScenarioPath());
    const [town, cabin] = scenario.locations;
    expect(town.location_id).toBe(twoLocations.town.locationId);
    expect(cabin.location_id).toBe(twoLocations.cabin.locationId);
    expect(town.cameras.map((camera) => camera.id)).toEqual(Object.values(twoLocations.town.cameras));
    expect(cabin.cameras.map((camera) => camera.id)).toEqual(Object.values(twoLocations.cabin.cameras));
    expect(town.chimes.map((chime) => chime.id)).toEqual(Object.values(twoLocations.town.chimes));
    expect(cabin.chimes.map((chime) => chime.id)).toEqual(Object.values(twoLocations.cabin.chimes));
    expect(town.intercoms.map((intercom) => intercom.id)).toEqual(Object.values(twoLocations.town.intercoms));
    expect(cabin.intercoms).toEqual([]);
    expect(town.intercoms[0]).toMatchObject({
      description: 'Town Intercom',
      kind: 'intercom_handset_audio',
      battery_life: '88',
      location_id: twoLocations.town.locationId,
      alerts: { connection: 'online' },
      subscribed: true,
    });
    expect(town.alarmDevices.map((doc) => doc.general.v2.zid)).toEqual(expect.arrayContaining(Object.values(twoLocations.town.alarm)));
    expect(town.baseStation).toBeDefined();
    expect(cabin.baseStation).toBeUndefined();
    expect(cabin.alarmDevices).toEqual([]);
    expect(cabin.cameras[0].location_id).toBe(twoLocations.cabin.locationId);
  });
});
