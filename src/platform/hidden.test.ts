import { hidingOf, isHidden, refusedHideMessage } from './hidden.js';
import { homebridgeRingSeed } from './identity.js';

describe('isHidden', () => {
  const config = { hideDeviceIds: ['42', 'zid-7', 'zid-smoke', 'zid-flood', 'zid-panel'], hideDeviceFamilies: ['chime' as const] };
  test.each([
    [42, 'camera', true],
    ['zid-7', 'contact-sensor', true],
    [43, 'camera', false],
    [43, 'chime', true],
    ['zid-8', undefined, false],
    ['zid-smoke', 'smoke-co-sensor', false],
    ['zid-flood', 'flood-freeze-sensor', false],
    ['zid-panel', 'security-panel', false],
  ] as const)('%s of family %s → %s', (id, family, hidden) => {
    expect(isHidden(config, id, family)).toBe(hidden);
  });
});

describe('hidingOf', () => {
  test.each([
    [{ hideDeviceIds: ['zid-smoke'], hideDeviceFamilies: [] }, 'zid-smoke', 'smoke-co-sensor', 'refused'],
    [{ hideDeviceIds: ['zid-flood'], hideDeviceFamilies: [] }, 'zid-flood', 'flood-freeze-sensor', 'refused'],
    [{ hideDeviceIds: [], hideDeviceFamilies: ['security-panel'] }, 'zid-panel', 'security-panel', 'refused'],
    [{ hideDeviceIds: [], hideDeviceFamilies: [] }, 'zid-smoke', 'smoke-co-sensor', 'shown'],
    [{ hideDeviceIds: ['zid-keypad'], hideDeviceFamilies: [] }, 'zid-keypad', 'keypad', 'hidden'],
    [{ hideDeviceIds: ['zid-temp'], hideDeviceFamilies: [] }, 'zid-temp', undefined, 'hidden'],
  ] as const)('%j: %s of family %s → %s', (config, id, family, hiding) => {
    expect(hidingOf({ hideDeviceIds: [...config.hideDeviceIds], hideDeviceFamilies: [...config.hideDeviceFamilies] }, id, family)).toBe(hiding);
  });

  test("a refused hide is said with the device's name and why", () => {
    expect(refusedHideMessage('Smoke CO Listener', 'zid-smoke')).toBe(
      'Config: `hideDeviceIds` names "Smoke CO Listener" (zid-smoke), which cannot be hidden: life-safety alarms always reach Apple Home. It is shown in Apple Home anyway.',
    );
  });
});

describe("homebridge-ring's ids in hideDeviceIds", () => {
  const uuid = '5b1f0a2c-3d4e-4f60-8a7b-9c0d1e2f3a4b';
  test.each([
    [[uuid], uuid, true],
    // homebridge-ring's log prints them in lower case; a pasted one may be upper case.
    [[uuid.toUpperCase()], uuid, true],
    [[uuid], undefined, false],
    [['another'], uuid, false],
  ] as const)('%j with the alias %s → hidden %s', (ids, alias, hidden) => {
    expect(isHidden({ hideDeviceIds: [...ids], hideDeviceFamilies: [] }, 42, 'camera', alias)).toBe(hidden);
  });

  test('a life-safety device stays shown whatever id names it', () => {
    expect(hidingOf({ hideDeviceIds: [uuid], hideDeviceFamilies: [] }, 'zid-smoke', 'smoke-co-sensor', uuid)).toBe('refused');
  });

  test('the seeds homebridge-ring makes its UUIDs from (ring-platform.ts)', () => {
    expect([
      homebridgeRingSeed('camera', 185550001),
      homebridgeRingSeed('chime', 185550010),
      homebridgeRingSeed('alarm', 'zid-1'),
      homebridgeRingSeed('location-mode', 'loc-1'),
    ]).toEqual(['185550001camera', '185550010', 'zid-1', 'loc-1mode']);
  });
});
