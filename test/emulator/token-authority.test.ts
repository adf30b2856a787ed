/** Ring's token rules as the emulator applies them, with an injected clock. */
import { describe, expect, test } from '@jest/globals';
import { TokenAuthority } from './token-authority.js';
import { answerTokenRequest, unwrapRefreshToken } from './oauth.js';
import { normalizeScenario } from './scenario.js';

function authority(now: { value: number }): TokenAuthority {
  return new TokenAuthority({ accessTtlSeconds: 30, refreshGraceMs: 5_000, now: () => now.value });
}

describe('TokenAuthority', () => {
  test('a refresh hands out a new refresh token; the used one works only during the grace period', () => {
    const clock = { value: 1_000 };
    const tokens = authority(clock);
    const first = tokens.mintRefreshToken();
    const exchanged = tokens.refresh(first);
    if (!exchanged.ok) throw new Error('first refresh failed');
    expect(exchanged.tokens.refresh_token).not.toBe(first);
    clock.value += 5_000;
    expect(tokens.refresh(first).ok).toBe(true);
    clock.value += 1;
    expect(tokens.refresh(first)).toEqual({ ok: false, reason: 'expired' });
    expect(tokens.refresh(exchanged.tokens.refresh_token).ok).toBe(true);
  });

  test('access tokens expire after their TTL', () => {
    const clock = { value: 0 };
    const tokens = authority(clock);
    const { access_token: access, expires_in: ttl } = tokens.issueTokens();
    expect(ttl).toBe(30);
    clock.value = 29_999;
    expect(tokens.isAccessTokenValid(access)).toBe(true);
    clock.value = 30_000;
    expect(tokens.isAccessTokenValid(access)).toBe(false);
    expect(tokens.isAccessTokenValid('made-up')).toBe(false);
  });

  test('revoking invalidates every token issued so far, but not later ones', () => {
    const clock = { value: 0 };
    const tokens = authority(clock);
    const refresh = tokens.mintRefreshToken();
    const { access_token: access } = tokens.issueTokens();
    tokens.revokeAll();
    expect(tokens.refresh(refresh)).toEqual({ ok: false, reason: 'revoked' });
    expect(tokens.isAccessTokenValid(access)).toBe(false);
    expect(tokens.refresh(tokens.mintRefreshToken()).ok).toBe(true);
    expect(tokens.issued()).toContain(refresh);
    expect(tokens.issued()).toContain(access);
  });
});

describe('POST /oauth/token answers', () => {
  const account = normalizeScenario({
    account: { email: 'Owner@Example.com', password: 'pw', twoFactorCode: '123456', phone: '+XX89' },
    locations: [],
  }).account;
  const context = (tooManyCodes = false) => ({ authority: authority({ value: 0 }), account, tooManyCodes });

  test('password grant: 412 without a code, 400 "Verification Code..." for a wrong one, tokens for the right one', () => {
    const body = { grant_type: 'password', username: 'owner@example.com', password: 'pw' };
    const ctx = context();
    expect(answerTokenRequest(body, undefined, ctx)).toEqual({ status: 412, body: { next_time_in_secs: 60, phone: '+XX89', tsv_state: 'sms' } });
    expect(answerTokenRequest(body, '000000', ctx)).toEqual({ status: 400, body: { error: 'Verification Code is invalid or expired' } });
    const granted = answerTokenRequest(body, '123456', ctx);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ token_type: 'Bearer', scope: 'client' });
  });

  test('wrong password is a 401 before any code is asked for; "too many codes" uses Ring\'s description', () => {
    const wrong = answerTokenRequest({ grant_type: 'password', username: 'owner@example.com', password: 'nope' }, undefined, context());
    expect(wrong.status).toBe(401);
    const limited = answerTokenRequest({ grant_type: 'password', username: 'owner@example.com', password: 'pw' }, undefined, context(true));
    expect(limited).toMatchObject({ status: 400, body: { error_description: 'too many requests from dependency service' } });
  });

  test("refresh grant accepts the raw token and the library's wrapped {rt, hid} form", () => {
    const ctx = context();
    const raw = ctx.authority.mintRefreshToken();
    const wrapped = Buffer.from(JSON.stringify({ rt: ctx.authority.mintRefreshToken(), hid: 'x' })).toString('base64');
    expect(answerTokenRequest({ grant_type: 'refresh_token', refresh_token: raw }, undefined, ctx).status).toBe(200);
    expect(answerTokenRequest({ grant_type: 'refresh_token', refresh_token: wrapped }, undefined, ctx).status).toBe(200);
    expect(answerTokenRequest({ grant_type: 'refresh_token', refresh_token: 'unknown' }, undefined, ctx)).toMatchObject({
      status: 401,
      body: { error: 'invalid_grant' },
    });
    expect(unwrapRefreshToken('not-base64-json')).toBe('not-base64-json');
  });
});
