import { fingerprint, innerRefreshToken, isUsableToken, sameToken } from './token-identity.js';

const wrap = (config: object): string => Buffer.from(JSON.stringify(config)).toString('base64');

describe('token identity', () => {
  const rt = 'raw-ring-refresh-token-0123456789';
  const wrapped = wrap({ rt, hid: 'hardware-id-1' });
  const withPush = wrap({ rt, hid: 'hardware-id-1', pnc: { fcm: { token: 'push-token' } } });

  it('reads the inner rt of a wrapped token and keeps a raw token as is', () => {
    expect(innerRefreshToken(wrapped)).toBe(rt);
    expect(innerRefreshToken(rt)).toBe(rt);
    expect(innerRefreshToken(wrap({ hid: 'no-rt' }))).toBe(wrap({ hid: 'no-rt' }));
    expect(innerRefreshToken(wrap({ rt: '' }))).toBe(wrap({ rt: '' }));
  });

  it('treats raw, wrapped and push-credential forms of one token as the same token', () => {
    expect(sameToken(rt, wrapped)).toBe(true);
    expect(sameToken(wrapped, withPush)).toBe(true);
    expect(sameToken(wrapped, wrap({ rt: 'another', hid: 'hardware-id-1' }))).toBe(false);
    expect(sameToken(undefined, rt)).toBe(false);
    expect(fingerprint(rt)).toBe(fingerprint(withPush));
  });

  it('fingerprints are 12 hex characters that hold no part of the token', () => {
    const id = fingerprint(wrapped);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(rt.includes(id) || wrapped.includes(id)).toBe(false);
    expect(fingerprint('other-token')).not.toBe(id);
  });

  it.each<[string, unknown, boolean]>([
    ['a raw token', rt, true],
    ['a wrapped token', wrapped, true],
    ['a wrapped token with push credentials', withPush, true],
    ['a wrapped token without rt (a garbage oauth answer)', wrap({ hid: 'hardware-id-1' }), false],
    ['a wrapped token whose rt is not a string', wrap({ rt: 42, hid: 'x' }), false],
    ['a wrapped token with an empty rt', wrap({ rt: '', hid: 'x' }), false],
    ['an empty string', '', false],
    ['not a string', 42, false],
    ['a token with whitespace', 'abc def', false],
    ['an absurdly long token', 'a'.repeat(20_000), false],
  ])('isUsableToken: %s -> %p', (_name, token, usable) => {
    expect(isUsableToken(token)).toBe(usable);
  });
});
