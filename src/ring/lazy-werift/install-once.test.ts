import { jest } from '@jest/globals';
import { deferWerift, weriftDeferralLine } from './install.js';

test('deferWerift registers one resolve hook, once per process', () => {
  const registerHooks = jest.fn();
  expect(deferWerift({ registerHooks })).toBe('deferred');
  expect(registerHooks).toHaveBeenCalledTimes(1);
  expect(typeof (registerHooks.mock.calls[0]![0] as { resolve: unknown }).resolve).toBe('function');
  expect(deferWerift({ registerHooks })).toBe('already');
  expect(registerHooks).toHaveBeenCalledTimes(1);
  expect(weriftDeferralLine('already')).toBe('The live-view stack (werift) loads on the first live view.');
});
