/**
 * Watches the token requests of one sign-in attempt. ring-client-api calls the global `fetch` and
 * retries a request that got no answer every 5 s, forever; a settings panel must instead say "Ring
 * is unreachable" at once. Inside `watchAuth`, a request that gets no answer fails with a
 * synthetic response (so the library stops retrying), and the token endpoint's answers are
 * recorded for classifyOAuth(). Outside it, fetch is untouched. Request bodies (email, password,
 * code) are never looked at.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OAuthObservation } from './auth-outcome.js';

const attempts = new AsyncLocalStorage<OAuthObservation>();
const installedKey = Symbol.for('trygr.ui.authWatch');

type FetchFn = typeof globalThis.fetch;

function urlOf(input: Parameters<FetchFn>[0]): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function isTokenRequest(url: string): boolean {
  try {
    return new URL(url).pathname.endsWith('/oauth/token');
  } catch {
    return false;
  }
}

/** Wraps the current global fetch once (after any redirect a test installed). */
export function installAuthWatch(scope: typeof globalThis = globalThis): void {
  const marked = scope as typeof globalThis & { [installedKey]?: true };
  if (marked[installedKey]) return;
  const previous = scope.fetch;
  scope.fetch = async (input, init) => {
    const observed = attempts.getStore();
    if (!observed) return previous(input, init);
    let response: Response;
    try {
      response = await previous(input, init);
    } catch {
      observed.unreachable = true;
      // A `response` on the error is what makes ring-client-api give up instead of retrying.
      throw Object.assign(new Error('Ring could not be reached'), { response: { status: 0, headers: new Headers(), body: {} } });
    }
    if (isTokenRequest(urlOf(input))) {
      observed.status = response.status;
      observed.unreachable = false;
      if (!response.ok) {
        const body = (await response
          .clone()
          .json()
          .catch(() => ({}))) as Record<string, unknown>;
        observed.error = typeof body.error === 'string' ? body.error : undefined;
        observed.errorDescription = typeof body.error_description === 'string' ? body.error_description : undefined;
      }
    }
    return response;
  };
  marked[installedKey] = true;
}

/** Runs `action` with its token requests watched; returns what the last of them got. */
export async function watchAuth<T>(action: () => Promise<T>): Promise<{ result?: T; failed: boolean; observed: OAuthObservation }> {
  const observed: OAuthObservation = {};
  try {
    const result = await attempts.run(observed, action);
    return { result, failed: false, observed };
  } catch {
    // The library's error text is not used: the observation says what happened, in our words.
    return { failed: true, observed };
  }
}
