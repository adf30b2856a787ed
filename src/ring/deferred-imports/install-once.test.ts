import { jest } from '@jest/globals';
import { deferLiveViewImports, deferralLine } from './install.js';

test('deferLiveViewImports registers one resolve hook, once per process', () => {
  const registerHooks = jest.fn();
  expect(deferLiveViewImports({ registerHooks })).toBe('deferred');
  expect(registerHooks).toHaveBeenCalledTimes(1);
  expect(typeof (registerHooks.mock.calls[0]![0] as { resolve: unknown }).resolve).toBe('function');
  expect(deferLiveViewImports({ registerHooks })).toBe('already');
  expect(registerHooks).toHaveBeenCalledTimes(1);
  expect(deferralLine('already')).toBe('The live-view stack (werift, @homebridge/camera-utils) loads on the first live view.');
});
