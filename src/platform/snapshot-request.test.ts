import fc from 'fast-check';
import { keyMatches, MAX_SIDE, readSnapshotRequest, safeDecode, sideOf } from './snapshot-request.js';

describe('reading a snapshot request', () => {
  test('the key must match exactly and be a string', () => {
    expect(keyMatches('abc', 'abc')).toBe(true);
    expect(keyMatches('abd', 'abc')).toBe(false);
    expect(keyMatches('ab', 'abc')).toBe(false);
    expect(keyMatches(undefined, 'abc')).toBe(false);
    expect(keyMatches(['abc'], 'abc')).toBe(false);
  });

  test.each([
    ['GET', '/snapshot/cam%201', { ok: true, deviceId: 'cam 1', width: 640, height: 360 }],
    ['HEAD', '/snapshot/a?width=800&height=600', { ok: true, deviceId: 'a', width: 800, height: 600 }],
    ['GET', '/snapshot/a?width=99999&height=1', { ok: true, deviceId: 'a', width: MAX_SIDE, height: 16 }],
    ['GET', '/snapshot/a?width=-3&height=%ZZ', { ok: true, deviceId: 'a', width: 640, height: 360 }],
    ['GET', '/snapshot/%E0%A4%A', { ok: false, status: 400 }],
    ['GET', 'http://[zz/', { ok: false, status: 400 }],
    ['GET', 'http://127.0.0.1/snapshot/a', { ok: false, status: 400 }],
    ['GET', '*', { ok: false, status: 400 }],
    ['GET', '/snapshot/', { ok: false, status: 404 }],
    ['GET', '/snapshot/a/b', { ok: false, status: 404 }],
    ['GET', '/', { ok: false, status: 404 }],
    ['POST', '/snapshot/a', { ok: false, status: 405 }],
    [undefined, '/snapshot/a', { ok: false, status: 405 }],
    ['GET', undefined, { ok: false, status: 400 }],
  ] as const)('%s %s', (method, target, expected) => {
    expect(readSnapshotRequest(method, target)).toEqual(expected);
  });

  test('never throws, and a size is always within bounds', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.string({ unit: 'binary' }), (method, target) => {
        const result = readSnapshotRequest(method ?? undefined, target);
        if (result.ok) {
          expect(result.width).toBeGreaterThanOrEqual(16);
          expect(result.width).toBeLessThanOrEqual(MAX_SIDE);
          expect(result.height).toBeGreaterThanOrEqual(16);
          expect(result.height).toBeLessThanOrEqual(MAX_SIDE);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('broken escapes and odd sides do not throw', () => {
    expect(safeDecode('%')).toBeUndefined();
    expect(safeDecode('%41')).toBe('A');
    expect(sideOf(null, 5)).toBe(5);
    expect(sideOf('Infinity', 5)).toBe(5);
    expect(sideOf('1e3', 5)).toBe(1000);
  });
});
