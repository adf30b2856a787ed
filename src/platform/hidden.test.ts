import { hidingOf, isHidden, refusedHideMessage } from './hidden.js';

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
