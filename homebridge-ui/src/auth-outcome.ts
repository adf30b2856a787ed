/**
 * What Ring's token endpoint said to a sign-in attempt, in words for the settings panel. Pure: the
 * observation comes from auth-watch.ts. The answers are the ones ring-client-api 14.3 handles in
 * `RingRestClient.getAuth` (see /work/shared/ring-cloud-protocol.md).
 */

export interface OAuthObservation {
  /** HTTP status of the last token request; absent when no answer came. */
  status?: number;
  error?: string;
  errorDescription?: string;
  /** The request never got an answer (no network, DNS, refused, timed out). */
  unreachable?: boolean;
}

export type SignInFailure = 'wrong-password' | 'wrong-code' | 'too-many-codes' | 'unreachable' | 'rate-limited' | 'ring-error';

export type OAuthOutcome = { kind: 'signed-in' } | { kind: 'code-needed' } | { kind: 'failed'; failure: SignInFailure; message: string };

const TOO_MANY_CODES = 'too many requests from dependency service';

export const FAILURE_MESSAGES: Record<Exclude<SignInFailure, 'ring-error'>, string> = {
  'wrong-password': 'Ring did not accept this email and password. Check them (the password is case-sensitive) and try again.',
  'wrong-code': 'That verification code is wrong or has expired. Enter the newest code Ring sent you, or ask for a new one.',
  'too-many-codes': 'Ring has sent too many verification codes to this account. It allows about 10 codes in 10 minutes: wait 10 minutes, then sign in again.',
  unreachable: 'Could not reach Ring. Check that this Homebridge server is connected to the internet, then try again.',
  'rate-limited': 'Ring is limiting sign-in attempts right now. Wait a few minutes, then try again.',
};

export function classifyOAuth(observed: OAuthObservation): OAuthOutcome {
  const { status, error = '', errorDescription = '' } = observed;
  if (observed.unreachable || status === undefined) return failed('unreachable');
  if (status >= 200 && status < 300) return { kind: 'signed-in' };
  if (errorDescription === TOO_MANY_CODES) return failed('too-many-codes');
  if (status === 412) return { kind: 'code-needed' };
  if (status === 400 && error.startsWith('Verification Code')) return failed('wrong-code');
  if (status === 401) return failed('wrong-password');
  if (status === 429) return failed('rate-limited');
  return {
    kind: 'failed',
    failure: 'ring-error',
    message: `Ring refused the sign-in (HTTP ${status}${error ? `, "${error.slice(0, 80)}"` : ''}). Try again in a few minutes.`,
  };
}

function failed(failure: Exclude<SignInFailure, 'ring-error'>): OAuthOutcome {
  return { kind: 'failed', failure, message: FAILURE_MESSAGES[failure] };
}
