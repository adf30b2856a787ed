import { DEVICE_FAMILIES, DEVICE_KINDS, FAMILY_OF_KIND, HIDEABLE_FAMILIES, UNHIDEABLE_FAMILIES, UNHIDEABLE_KINDS } from './device-kinds.js';
import { OPTIONS } from './options.js';

describe('unhideable kinds', () => {
  test('the families derived from them are the smoke/CO, flood/freeze and security panel families', () => {
    expect([...UNHIDEABLE_FAMILIES].sort()).toEqual(['flood-freeze-sensor', 'security-panel', 'smoke-co-sensor']);
    expect([...HIDEABLE_FAMILIES, ...UNHIDEABLE_FAMILIES].sort()).toEqual([...DEVICE_FAMILIES].sort());
  });

  // Hiding is checked by family, so each unhideable kind must sit in an unhideable family.
  test('every unhideable kind has a family, and no hideable family holds one', () => {
    for (const kind of UNHIDEABLE_KINDS) {
      expect(UNHIDEABLE_FAMILIES).toContain(FAMILY_OF_KIND[kind]);
    }
    for (const kind of DEVICE_KINDS) {
      const family = FAMILY_OF_KIND[kind];
      if (family && HIDEABLE_FAMILIES.includes(family)) expect(UNHIDEABLE_KINDS).not.toContain(kind);
    }
  });

  test('the hideDeviceFamilies option offers only hideable families and refuses the others', () => {
    const spec = OPTIONS.find((option) => option.key === 'hideDeviceFamilies')!;
    expect(spec.values).toEqual(HIDEABLE_FAMILIES);
    expect(spec.refused?.values).toEqual(UNHIDEABLE_FAMILIES);
  });
});
