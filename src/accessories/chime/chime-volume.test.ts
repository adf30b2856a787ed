import fc from 'fast-check';
import { toHomeKitVolume, toRingVolume } from './chime-volume.js';

describe('chime volume', () => {
  test.each([
    [0, 0],
    [11, 100],
    [5, 45],
    [6, 55],
  ])('Ring %i is HomeKit %i', (ring, percent) => {
    expect(toHomeKitVolume(ring)).toBe(percent);
  });

  test('every Ring volume survives a round trip through HomeKit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), (ring) => {
        expect(toRingVolume(toHomeKitVolume(ring))).toBe(ring);
      }),
    );
  });

  test('out-of-range percentages are clamped', () => {
    expect(toRingVolume(150)).toBe(11);
    expect(toRingVolume(-3)).toBe(0);
  });
});
