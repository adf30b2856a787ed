/**
 * Ring's OAuth token rules, minus the network: refresh tokens are single use (each refresh hands
 * out a new one; the used one keeps working only for a grace period, as Ring's do for a few
 * minutes), access tokens expire after a TTL, and everything can be revoked at once.
 * The clock is injectable so the rules are testable without waiting.
 */
import { randomBytes } from 'node:crypto';

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: 'client';
  token_type: 'Bearer';
}

export type RefreshResult = { ok: true; tokens: TokenSet } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

interface RefreshState {
  /** When the token was first exchanged; after `graceMs` from then it stops working. */
  usedAt?: number;
  revoked: boolean;
}

export interface TokenAuthorityOptions {
  accessTtlSeconds: number;
  refreshGraceMs: number;
  now?: () => number;
}

function opaqueToken(): string {
  return randomBytes(36).toString('base64url');
}

export class TokenAuthority {
  private readonly refreshTokens = new Map<string, RefreshState>();
  private readonly accessTokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  private readonly issuedInOrder: string[] = [];
  private readonly now: () => number;

  constructor(private readonly options: TokenAuthorityOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A fresh, unused refresh token (what a user would paste into the plugin config). */
  mintRefreshToken(): string {
    const token = opaqueToken();
    this.refreshTokens.set(token, { revoked: false });
    this.issuedInOrder.push(token);
    return token;
  }

  /** Exchanges a refresh token; the old one starts its grace period on first use. */
  refresh(refreshToken: string): RefreshResult {
    const state = this.refreshTokens.get(refreshToken);
    if (!state) return { ok: false, reason: 'unknown' };
    if (state.revoked) return { ok: false, reason: 'revoked' };
    const now = this.now();
    if (state.usedAt !== undefined && now - state.usedAt > this.options.refreshGraceMs) {
      return { ok: false, reason: 'expired' };
    }
    state.usedAt ??= now;
    return { ok: true, tokens: this.issueTokens() };
  }

  /** Tokens for a successful password (+2FA) login. */
  issueTokens(): TokenSet {
    const accessToken = opaqueToken();
    this.accessTokens.set(accessToken, { expiresAt: this.now() + this.options.accessTtlSeconds * 1000, revoked: false });
    this.issuedInOrder.push(accessToken);
    return {
      access_token: accessToken,
      refresh_token: this.mintRefreshToken(),
      expires_in: this.options.accessTtlSeconds,
      scope: 'client',
      token_type: 'Bearer',
    };
  }

  /**
   * What a refresh would make of this token, without using it up: `usable` is an unused token,
   * `grace` one already exchanged but still inside its grace period.
   */
  refreshTokenState(refreshToken: string): 'usable' | 'grace' | 'unknown' | 'revoked' | 'expired' {
    const state = this.refreshTokens.get(refreshToken);
    if (!state) return 'unknown';
    if (state.revoked) return 'revoked';
    if (state.usedAt === undefined) return 'usable';
    return this.now() - state.usedAt > this.options.refreshGraceMs ? 'expired' : 'grace';
  }

  isAccessTokenValid(accessToken: string | undefined): boolean {
    if (!accessToken) return false;
    const state = this.accessTokens.get(accessToken);
    return Boolean(state && !state.revoked && this.now() < state.expiresAt);
  }

  revokeAll(): void {
    for (const state of this.refreshTokens.values()) state.revoked = true;
    for (const state of this.accessTokens.values()) state.revoked = true;
  }

  /** Every refresh and access token ever issued, oldest first (for scanning logs for leaks). */
  issued(): string[] {
    return [...this.issuedInOrder];
  }
}
