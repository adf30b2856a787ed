/**
 * Signs in to Ring with email, password and the 2FA code, the way ring-client-api does it, and
 * hands the new refresh token to `save` at once. The email, password and code live only in the
 * pending attempt (in memory, for at most ATTEMPT_TTL_MS) and are never logged or written.
 */
import { randomBytes } from 'node:crypto';
import { classifyOAuth, FAILURE_MESSAGES, type SignInFailure } from './auth-outcome.js';
import { watchAuth } from './auth-watch.js';

/** The name Ring's Control Center shows for this client (the plugin's sessions use the same). */
export const CONTROL_CENTER_NAME = 'Trygr for Homebridge';
const ATTEMPT_TTL_MS = 10 * 60_000;
const MAX_ATTEMPTS = 5;
const DEFAULT_PROMPT = 'Enter the verification code Ring sent you.';

/** The slice of ring-client-api's RingRestClient used here. */
export interface AuthClient {
  getAuth(twoFactorCode?: string): Promise<{ refresh_token: string }>;
  promptFor2fa?: string;
}

export type AuthClientFactory = (options: { email: string; password: string; systemId: string; controlCenterDisplayName: string }) => AuthClient;

export interface SavedToken {
  fingerprint: string;
  savedToSidecar: boolean;
  savedToConfig: boolean;
}

export type SignInResult =
  | { outcome: 'signed-in'; refreshToken: string; saved: SavedToken }
  | { outcome: 'code-needed'; attemptId: string; prompt: string; message?: string }
  | { outcome: 'failed'; failure: SignInFailure | 'expired' | 'invalid-input'; message: string };

export interface SignInServiceOptions {
  createClient: AuthClientFactory;
  systemId: () => Promise<string>;
  save: (refreshToken: string) => Promise<SavedToken>;
  now?: () => number;
}

interface PendingAttempt {
  client: AuthClient;
  /** Ring's prompt from the first answer (where the code was sent); the library overwrites its own after a wrong code. */
  prompt: string;
  expiresAt: number;
}

export class SignInService {
  private readonly pending = new Map<string, PendingAttempt>();
  private readonly now: () => number;

  constructor(private readonly options: SignInServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Step 1: email and password. Ring answers with a 2FA prompt (the usual case) or a token. */
  async start(email: unknown, password: unknown): Promise<SignInResult> {
    if (typeof email !== 'string' || !email.includes('@') || typeof password !== 'string' || password === '') {
      return { outcome: 'failed', failure: 'invalid-input', message: 'Enter the email address and password of your Ring account.' };
    }
    this.forgetExpired();
    const client = this.options.createClient({
      email: email.trim(),
      password,
      systemId: await this.options.systemId(),
      controlCenterDisplayName: CONTROL_CENTER_NAME,
    });
    return this.attempt(client, undefined, undefined);
  }

  /** Step 2: the code Ring sent (or the authenticator app shows). */
  async submitCode(attemptId: unknown, code: unknown): Promise<SignInResult> {
    this.forgetExpired();
    const pending = typeof attemptId === 'string' ? this.pending.get(attemptId) : undefined;
    if (!pending) {
      return { outcome: 'failed', failure: 'expired', message: 'This sign-in has expired. Start again with your email and password.' };
    }
    const digits = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
    if (!/^\d{4,8}$/.test(digits)) {
      return { outcome: 'code-needed', attemptId: attemptId as string, prompt: pending.prompt, message: 'Enter the code as digits only.' };
    }
    return this.attempt(pending.client, digits, attemptId as string);
  }

  /** Forgets every pending attempt (the panel was closed, or the user cancelled). */
  cancel(): void {
    this.pending.clear();
  }

  private async attempt(client: AuthClient, code: string | undefined, attemptId: string | undefined): Promise<SignInResult> {
    const { result, observed } = await watchAuth(() => client.getAuth(code));
    const outcome = result ? { kind: 'signed-in' as const } : classifyOAuth(observed);
    if (outcome.kind === 'signed-in' && result) {
      if (attemptId) this.pending.delete(attemptId);
      const saved = await this.options.save(result.refresh_token);
      return { outcome: 'signed-in', refreshToken: result.refresh_token, saved };
    }
    if (outcome.kind === 'code-needed') {
      const prompt = client.promptFor2fa ?? DEFAULT_PROMPT;
      return { outcome: 'code-needed', attemptId: this.keep(client, attemptId, prompt), prompt };
    }
    const kept = attemptId ? this.pending.get(attemptId) : undefined;
    if (outcome.kind === 'failed' && outcome.failure === 'wrong-code' && attemptId && kept) {
      // The same attempt takes another code.
      return { outcome: 'code-needed', attemptId: this.keep(client, attemptId, kept.prompt), prompt: kept.prompt, message: FAILURE_MESSAGES['wrong-code'] };
    }
    if (attemptId) this.pending.delete(attemptId);
    if (outcome.kind === 'signed-in') {
      return { outcome: 'failed', failure: 'ring-error', message: 'Ring answered without a token. Try again in a few minutes.' };
    }
    return { outcome: 'failed', failure: outcome.failure, message: outcome.message };
  }

  private keep(client: AuthClient, attemptId: string | undefined, prompt: string): string {
    const id = attemptId ?? randomBytes(16).toString('base64url');
    this.pending.delete(id);
    this.pending.set(id, { client, prompt, expiresAt: this.now() + ATTEMPT_TTL_MS });
    while (this.pending.size > MAX_ATTEMPTS) this.pending.delete(this.pending.keys().next().value!);
    return id;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [id, attempt] of this.pending) if (attempt.expiresAt <= now) this.pending.delete(id);
  }
}
