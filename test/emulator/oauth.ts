/**
 * `POST /oauth/token`: refresh-token and password (+2FA) grants, answered the way
 * ring-client-api's `RingRestClient.getAuth` expects (see rest-client.js):
 * - 412 with `tsv_state` means "2FA code needed" (the library builds its prompt from `phone`),
 * - 400 whose `error` starts with "Verification Code" means "wrong code",
 * - `error_description: "too many requests from dependency service"` means too many codes asked for,
 * - anything else is a failed login (`invalid_grant` for refresh tokens).
 */
import type { AccountScenario } from './types.js';
import type { TokenAuthority } from './token-authority.js';
import { isPlainObject } from './merge.js';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface OAuthContext {
  authority: TokenAuthority;
  account: AccountScenario;
  /** When set, password logins without a code are refused as "too many 2FA codes requested". */
  tooManyCodes: boolean;
}

const invalidGrant: Answer = { status: 401, body: { error: 'invalid_grant', error_description: 'token is invalid or does not exist' } };

/**
 * The library sends the raw `rt`; a user may paste the library's wrapped form (base64 JSON
 * `{rt, hid, pnc}`) into tools that post it directly, so unwrap that too.
 */
export function unwrapRefreshToken(token: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    if (isPlainObject(decoded) && typeof decoded.rt === 'string') return decoded.rt;
  } catch {
    // not wrapped
  }
  return token;
}

export function answerTokenRequest(body: unknown, twoFactorCode: string | undefined, context: OAuthContext): Answer {
  if (!isPlainObject(body)) return { status: 400, body: { error: 'invalid_request' } };
  if (body.grant_type === 'refresh_token') {
    if (typeof body.refresh_token !== 'string') return invalidGrant;
    const direct = context.authority.refresh(body.refresh_token);
    const result = direct.ok || direct.reason !== 'unknown' ? direct : context.authority.refresh(unwrapRefreshToken(body.refresh_token));
    return result.ok ? { status: 200, body: result.tokens } : invalidGrant;
  }
  if (body.grant_type === 'password') {
    return answerPasswordGrant(body, twoFactorCode, context);
  }
  return { status: 400, body: { error: 'unsupported_grant_type' } };
}

function answerPasswordGrant(body: Record<string, unknown>, code: string | undefined, context: OAuthContext): Answer {
  const { account } = context;
  const userMatches = typeof body.username === 'string' && body.username.toLowerCase() === account.email.toLowerCase();
  if (!userMatches || body.password !== account.password) {
    return { status: 401, body: { error: 'access_denied', error_description: 'invalid user credentials' } };
  }
  if (!code) {
    if (context.tooManyCodes) {
      return {
        status: 400,
        body: { error: 'error requesting 2fa service to send code', error_description: 'too many requests from dependency service' },
      };
    }
    return { status: 412, body: { next_time_in_secs: 60, phone: account.phone, tsv_state: 'sms' } };
  }
  if (code !== account.twoFactorCode) {
    return { status: 400, body: { error: 'Verification Code is invalid or expired' } };
  }
  return { status: 200, body: context.authority.issueTokens() };
}
