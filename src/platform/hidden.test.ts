import { isHidden } from './hidden.js';

describe('isHidden', () => {
  const config = { hideDeviceIds: ['42', 'zid-7'], hideDeviceFamilies: ['chime' as const] };
  test.each([
    [42, 'camera', true],
    ['zid-7', 'contact-sensor', true],
    [43, 'camera', false],
    [43, 'chime', true],
    ['zid-8', undefined, false],
  ] as const)('%s of family %s → %s', (id, family, hidden) => {
    expect(isHidden(config, id, family)).toBe(hidden);
  });
});
