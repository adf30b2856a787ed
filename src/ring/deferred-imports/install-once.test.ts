import { jest } from '@jest/globals';
import { deferFirstUseImports, deferralLine } from './install.js';

test('deferFirstUseImports registers its resolve hooks (deferred packages, single-file rxjs) once per process', () => {
  const registerHooks = jest.fn();
  expect(deferFirstUseImports({ registerHooks })).toBe('deferred');
  expect(registerHooks).toHaveBeenCalledTimes(2);
  for (const [hooks] of registerHooks.mock.calls) expect(typeof (hooks as { resolve: unknown }).resolve).toBe('function');
  expect(deferFirstUseImports({ registerHooks })).toBe('already');
  expect(registerHooks).toHaveBeenCalledTimes(2);
  const line =
    'Loaded on first use instead of at start-up: werift (live view), @homebridge/camera-utils (live view), systeminformation (a hardware id, which the plugin gives itself).';
  expect(deferralLine('already')).toBe(line);
  expect(deferralLine('already', 'single file')).toBe(`${line} rxjs loads from its single-file build.`);
  expect(deferralLine('deferred', 'as before')).toBe(`${line} rxjs's single-file build could not be loaded; rxjs loads as usual.`);
});
