/** Which hidden devices wait for a restart (homebridge-ui/public/js/hiding.js), against the plugin's own hiding rule. */
import fc from 'fast-check';
import { hiddenBySettings, hidingOf, waitsForRestart } from '../../homebridge-ui/public/js/hiding.js';
import { DEVICE_KINDS, FAMILY_OF_KIND, HIDEABLE_FAMILIES, UNHIDEABLE_KINDS } from '../../src/config/device-kinds.js';
import { isHidden } from '../../src/platform/hidden.js';

const context = { running: true, familyOfKind: FAMILY_OF_KIND, unhideable: UNHIDEABLE_KINDS };
const door = { id: 'd1', kind: 'contact-sensor' };

describe('hidingOf', () => {
  test.each([
    ['saved and running alike: shown', {}, false, 'shown'],
    ['saved and running alike: hidden', { hideDeviceIds: ['d1'] }, true, 'hidden'],
    ['hidden in the settings, not yet in the plugin', { hideDeviceIds: ['d1'] }, false, 'hidden after a restart'],
    ['shown again in the settings, still hidden in the plugin', {}, true, 'shown after a restart'],
    ['hidden by its family', { hideDeviceFamilies: [FAMILY_OF_KIND['contact-sensor']] }, true, 'hidden'],
    ['settings that are not lists hide nothing', { hideDeviceIds: 'd1', hideDeviceFamilies: 7 }, false, 'shown'],
  ] as const)('%s', (_label, settings, runningHidden, expected) => {
    expect(hidingOf({ ...door, hidden: runningHidden }, settings, context)).toBe(expected);
  });

  test('a device named by the UUID homebridge-ring gave it (any case) counts as hidden, as the plugin reads it', () => {
    const reported = { ...door, homebridgeRingId: 'ab12cd34-0000-4000-8000-000000000001', hidden: true };
    expect(hidingOf(reported, { hideDeviceIds: ['AB12CD34-0000-4000-8000-000000000001'] }, context)).toBe('hidden');
    expect(hidingOf(reported, { hideDeviceIds: [] }, context)).toBe('shown after a restart');
  });

  test('nothing waits for a restart while the plugin is not running', () => {
    expect(hidingOf({ ...door, hidden: false }, { hideDeviceIds: ['d1'] }, { ...context, running: false })).toBe('hidden');
    expect(hidingOf({ ...door, hidden: true }, {}, { ...context, running: false })).toBe('shown');
  });

  test('a life-safety device is never hidden, whatever the settings say', () => {
    const smoke = { id: 's1', kind: UNHIDEABLE_KINDS[0], hidden: false };
    expect(hidingOf(smoke, { hideDeviceIds: ['s1'] }, context)).toBe('shown');
  });

  test('the panel reads the settings as the plugin does, for every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEVICE_KINDS), fc.boolean(), fc.subarray([...HIDEABLE_FAMILIES]), (kind, byId, families) => {
        const settings = { hideDeviceIds: byId ? ['x'] : [], hideDeviceFamilies: families };
        const plugin = isHidden({ hideDeviceIds: settings.hideDeviceIds, hideDeviceFamilies: families }, 'x', FAMILY_OF_KIND[kind]);
        expect(hiddenBySettings({ id: 'x', kind }, settings, context)).toBe(plugin);
      }),
    );
  });

  test('a restart is waited for exactly when the settings and the running plugin differ', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (saved, runningHidden, running) => {
        const hiding = hidingOf({ ...door, hidden: runningHidden }, saved ? { hideDeviceIds: ['d1'] } : {}, { ...context, running });
        expect(waitsForRestart(hiding)).toBe(running && saved !== runningHidden);
      }),
    );
  });
});
