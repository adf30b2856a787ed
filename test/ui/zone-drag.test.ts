/** Moving and resizing mask zones in the panel (homebridge-ui/public/js/zone-drag.js). */
import fc from 'fast-check';
import { dragZone, MIN_ZONE } from '../../homebridge-ui/public/js/zone-drag.js';

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const zoneArb = fc.record({ x: fraction, y: fraction, w: fc.double({ min: MIN_ZONE, max: 1, noNaN: true }), h: fc.double({ min: MIN_ZONE, max: 1, noNaN: true }) });
const delta = fc.double({ min: -2, max: 2, noNaN: true });
const EPS = 1e-9;

describe('dragZone', () => {
  test.each([
    ['move right and down', { x: 0.1, y: 0.1, w: 0.2, h: 0.3 }, 'move', 0.1, 0.2, { x: 0.2, y: 0.3, w: 0.2, h: 0.3 }],
    ['move stops at the right and bottom edges', { x: 0.6, y: 0.6, w: 0.2, h: 0.3 }, 'move', 0.5, 0.5, { x: 0.8, y: 0.7, w: 0.2, h: 0.3 }],
    ['move stops at the left and top edges', { x: 0.1, y: 0.1, w: 0.2, h: 0.3 }, 'move', -0.5, -0.5, { x: 0, y: 0, w: 0.2, h: 0.3 }],
    ['resize grows from the top-left corner', { x: 0.1, y: 0.1, w: 0.2, h: 0.3 }, 'resize', 0.1, 0.1, { x: 0.1, y: 0.1, w: 0.3, h: 0.4 }],
    ['resize stops at the frame', { x: 0.5, y: 0.5, w: 0.2, h: 0.2 }, 'resize', 1, 1, { x: 0.5, y: 0.5, w: 0.5, h: 0.5 }],
    ['resize never below the minimum', { x: 0.5, y: 0.5, w: 0.2, h: 0.2 }, 'resize', -1, -1, { x: 0.5, y: 0.5, w: MIN_ZONE, h: MIN_ZONE }],
  ] as const)('%s', (_label, zone, kind, dx, dy, expected) => {
    const result = dragZone(zone, kind, dx, dy);
    for (const key of ['x', 'y', 'w', 'h'] as const) expect(result[key]).toBeCloseTo(expected[key], 9);
  });

  test('property: whatever the drag, the zone stays inside the frame and at least the minimum size; a move keeps its size', () => {
    fc.assert(
      fc.property(zoneArb, fc.constantFrom('move' as const, 'resize' as const), delta, delta, (zone, kind, dx, dy) => {
        const result = dragZone(zone, kind, dx, dy);
        const inside = result.x >= 0 && result.y >= 0 && result.x + result.w <= 1 + EPS && result.y + result.h <= 1 + EPS;
        const bigEnough = result.w >= MIN_ZONE - EPS && result.h >= MIN_ZONE - EPS;
        const sizeKept = kind === 'resize' || (Math.abs(result.w - zone.w) < EPS && Math.abs(result.h - zone.h) < EPS);
        return inside && bigEnough && sizeKept;
      }),
      { seed: 1203, numRuns: 2000 },
    );
  });
});
