import fc from 'fast-check';
import { advertisedAddress, bindCandidates, familyOf, isFrom, isLoopback, normalizeAddress } from './stream-addresses.js';

describe('stream addresses', () => {
  test.each([
    ['::ffff:192.168.1.5', '192.168.1.5'],
    ['::FFFF:127.0.0.1', '127.0.0.1'],
    ['FE80::1%eth0', 'fe80::1'],
    ['[::1]', '::1'],
    ['10.0.0.2', '10.0.0.2'],
  ])('%s is %s', (raw, normal) => {
    expect(normalizeAddress(raw)).toBe(normal);
  });

  test('families and loopback', () => {
    expect(familyOf('::ffff:10.0.0.1')).toBe('ipv4');
    expect(familyOf('fe80::1%en0')).toBe('ipv6');
    expect(familyOf('not an address')).toBeUndefined();
    expect(isLoopback('127.0.0.9')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('192.168.1.1')).toBe(false);
  });

  test.each([
    // The HAP connection's local address, when it is of the family HomeKit asked for.
    ['::ffff:192.168.1.5', '192.168.1.20', 'ipv4', ['192.168.1.5', '0.0.0.0']],
    ['::ffff:127.0.0.1', '127.0.0.1', 'ipv4', ['127.0.0.1', '0.0.0.0']],
    ['fe80::2%eth0', 'fe80::9', 'ipv6', ['fe80::2%eth0', '::']],
    ['2001:db8::2', '2001:db8::9', 'ipv6', ['2001:db8::2', '::']],
    // A family mismatch or no local address: loopback for a controller on this host, else any.
    ['::ffff:192.168.1.5', 'fe80::9', 'ipv6', ['::']],
    [undefined, '127.0.0.1', 'ipv4', ['127.0.0.1', '0.0.0.0']],
    [undefined, '::1', 'ipv6', ['::1', '::']],
    ['::', '10.0.0.9', 'ipv4', ['0.0.0.0']],
    [42, '10.0.0.9', 'ipv4', ['0.0.0.0']],
  ] as const)('local %s, controller %s (%s) binds to %j', (local, controller, family, expected) => {
    expect(bindCandidates(local, controller, family)).toEqual(expected);
  });

  test("only the controller's address and port count", () => {
    const controller = { address: '192.168.1.20', port: 5000 };
    expect(isFrom({ address: '192.168.1.20', port: 5000 }, controller)).toBe(true);
    expect(isFrom({ address: '::ffff:192.168.1.20', port: 5000 }, controller)).toBe(true);
    expect(isFrom({ address: '192.168.1.20', port: 5001 }, controller)).toBe(false);
    expect(isFrom({ address: '192.168.1.21', port: 5000 }, controller)).toBe(false);
  });

  test('an address is advertised only when both sockets share one specific address', () => {
    expect(advertisedAddress(['127.0.0.1', '127.0.0.1'])).toBe('127.0.0.1');
    expect(advertisedAddress(['fe80::2%eth0', 'fe80::2%eth0'])).toBe('fe80::2');
    expect(advertisedAddress(['0.0.0.0', '0.0.0.0'])).toBeUndefined();
    expect(advertisedAddress(['10.0.0.1', '0.0.0.0'])).toBeUndefined();
    expect(advertisedAddress([])).toBeUndefined();
  });

  test('the wildcard of the family is always the last resort', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), fc.constantFrom('ipv4' as const, 'ipv6' as const), (local, controller, family) => {
        const candidates = bindCandidates(local, controller, family);
        expect(candidates.at(-1)).toBe(family === 'ipv4' ? '0.0.0.0' : '::');
        for (const candidate of candidates) expect(familyOf(candidate)).toBe(family);
      }),
    );
  });
});
