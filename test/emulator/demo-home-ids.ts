/**
 * Ids of the devices in scenarios/demo-home.json, so tests and the demo do not repeat magic numbers.
 * (demo-home-ids.test.ts checks they match the JSON.)
 */
export const demoHome = {
  locationId: '5c9e2a71-3b84-4f0d-a6c2-9d1e7f4b8a01',
  baseStationUuid: 'e1a0b5c2-7d3f-4e8a-9b6c-0f2d4a6e8c10',
  cameras: {
    frontDoor: 184320001,
    driveway: 184320002,
    livingRoom: 184320003,
    backYard: 184320004,
  },
  chimes: {
    hallway: 184320010,
  },
  intercoms: {
    buildingEntrance: 184320030,
  },
  alarm: {
    baseStation: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a01',
    securityPanel: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a02',
    frontDoorContact: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a03',
    backDoorContact: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a04',
    hallwayMotion: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a05',
    basementFlood: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a06',
    smokeCoListener: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a07',
    keypad: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a08',
    frontDoorLock: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a09',
    kitchenOutlet: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a0a',
    gardenPathLight: '0b8f1c2e-5a6d-4e7f-8a9b-1c2d3e4f5a0b',
  },
} as const;
