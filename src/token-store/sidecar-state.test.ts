import { createHash } from 'node:crypto';
import { expectNoSecrets } from '../../test/support/log-scan.js';
import { emptySidecar, isEarlierToken, parseSidecar, serializeSidecar, SidecarParseError, withNewestToken, withoutToken } from './sidecar-state.js';
import { fingerprint } from './token-identity.js';

const at = new Date('2025-01-02T03:04:05.000Z');
const wrap = (config: object): string => Buffer.from(JSON.stringify(config)).toString('base64');
const token = (n: number): string => createHash('sha256').update(`token ${n}`).digest('base64url');

function rotate(count: number, lineageLength = 20) {
  let state = withNewestToken(emptySidecar(), { token: token(0), at, fromConfig: true }, lineageLength);
  for (let n = 1; n <= count; n += 1) state = withNewestToken(state, { token: token(n), at }, lineageLength);
  return state;
}

describe('sidecar state', () => {
  it('keeps fingerprints of earlier tokens, newest first, bounded', () => {
    const state = rotate(30, 20);
    expect(state.refreshToken).toBe(token(30));
    expect(state.lineage).toHaveLength(20);
    expect(state.lineage[0]).toBe(fingerprint(token(29)));
    expect(state.lineage[19]).toBe(fingerprint(token(10)));
    expect(isEarlierToken(state, token(10))).toBe(true);
    expect(isEarlierToken(state, token(30))).toBe(false);
    expect(isEarlierToken(state, 'never-seen-token-xyz')).toBe(false);
  });

  it('remembers sign-ins from config.json beyond the bounded lineage (read-only config.json)', () => {
    const state = rotate(30, 20);
    expect(state.lineage).not.toContain(fingerprint(token(0)));
    expect(isEarlierToken(state, token(0))).toBe(true);
  });

  it('stores no token other than the newest, and no fragment of one', () => {
    const text = serializeSidecar(rotate(5));
    expectNoSecrets(text, [0, 1, 2, 3, 4].map(token));
    expect(text).toContain(token(5));
  });

  it('does not count push credentials being added as a rotation', () => {
    const plain = wrap({ rt: 'inner-rt-value-1234', hid: 'h' });
    const withPush = wrap({ rt: 'inner-rt-value-1234', hid: 'h', pnc: { x: 1 } });
    const first = withNewestToken(emptySidecar(), { token: plain, at }, 20);
    const later = withNewestToken(first, { token: withPush, at: new Date(at.getTime() + 1000) }, 20);
    expect(later.refreshToken).toBe(withPush);
    expect(later.lineage).toEqual([]);
    expect(later.issuedAt).toBe(first.issuedAt);
  });

  it('signing out keeps the last token as earlier', () => {
    const state = withoutToken(rotate(2));
    expect(state.refreshToken).toBeUndefined();
    expect(isEarlierToken(state, token(2))).toBe(true);
    expect(withoutToken(state)).toBe(state);
  });

  it('round-trips through its file form and rejects damaged files', () => {
    const state = rotate(3);
    expect(parseSidecar(serializeSidecar(state))).toEqual(state);
    expect(parseSidecar(serializeSidecar(emptySidecar()))).toEqual(emptySidecar());
    expect(() => parseSidecar('{"version":1,"refreshToken":')).toThrow(SidecarParseError);
    expect(() => parseSidecar('{"version":2}')).toThrow(SidecarParseError);
    expect(() => parseSidecar('{"version":1,"refreshToken":42}')).toThrow(SidecarParseError);
    expect(() => parseSidecar('[]')).toThrow(SidecarParseError);
  });
});
