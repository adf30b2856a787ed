import { jest } from '@jest/globals';
import { deferFirstUseImports, deferralLine } from './install.js';

test('deferFirstUseImports registers one resolve hook, once per process', () => {
  const registerHooks = jest.fn();
  expect(deferFirstUseImports({ registerHooks })).toBe('deferred');
  expect(registerHooks).toHaveBeenCalledTimes(1);
  expect(typeof (registerHooks.mock.calls[0]![0] as { resolve: unknown }).resolve).toBe('function');
  expect(deferFirstUseImports({ registerHooks })).toBe('already');
  expect(registerHooks).toHaveBeenCalledTimes(1);
  expect(deferralLine('already')).toBe(
    'Loaded on first use instead of at start-up: werift (live view), @homebridge/camera-utils (live view), systeminformation (a hardware id, which the plugin gives itself).',
  );
});
