import { useLogger } from 'ring-client-api/util';

export interface PluginLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** What a failed oauth request tells us about the token; only the status and error code are kept. */
export interface AuthFailure {
  status: number;
  error: string;
}

const SECRET_FIELDS = /("?(?:refresh_token|access_token|password|username|hardware_id|authorization|2fa-code|rt|hid)"?\s*[:=]\s*)("[^"]*"|[^\s,}]+)/gi;
const BEARER = /Bearer\s+[A-Za-z0-9._~+/=-]+/g;
const LONG_OPAQUE = /[A-Za-z0-9+/=_-]{40,}/g;

/** Strips anything shaped like a credential from a line ring-client-api wants to log. */
export function scrub(text: string): string {
  return text.replace(BEARER, 'Bearer [hidden]').replace(SECRET_FIELDS, '$1[hidden]').replace(LONG_OPAQUE, '[hidden]');
}

function render(message: unknown): string {
  if (message instanceof Error) {
    const response = (message as Error & { response?: { status?: number } }).response;
    return response?.status ? `${message.message || 'request failed'} (HTTP ${response.status})` : message.message;
  }
  if (typeof message === 'object' && message !== null && 'status' in message) {
    return `Ring answered HTTP ${(message as { status: unknown }).status}`;
  }
  return typeof message === 'string' ? message : String(message);
}

function authFailureOf(message: unknown): AuthFailure | undefined {
  const response = (message as { response?: { status?: number; body?: unknown } } | undefined)?.response
    ?? (message as { status?: number; body?: unknown } | undefined);
  const body = response?.body as { error?: unknown } | undefined;
  if (response?.status && typeof body?.error === 'string' && body.error === 'invalid_grant') {
    return { status: response.status, error: body.error };
  }
  return undefined;
}

/**
 * Routes ring-client-api's own logging into the Homebridge log, scrubbed, at debug level (its lines
 * name URLs with device ids), and watches it for oauth rejections, which the library otherwise
 * only reports as a generic error after forgetting the token.
 */
export class RingLogSink {
  private lastAuthFailure?: AuthFailure;

  constructor(private readonly log: PluginLog) {
    useLogger({
      logInfo: (...messages: unknown[]) => this.log.debug('[ring] ' + scrub(messages.map(render).join(' '))),
      logError: (message: unknown) => {
        const failure = authFailureOf(message);
        if (failure) {
          this.lastAuthFailure = failure;
        }
        this.log.debug('[ring] ' + scrub(render(message)));
      },
    });
  }

  /** Returns and clears the last oauth rejection seen since the previous call. */
  takeAuthFailure(): AuthFailure | undefined {
    const failure = this.lastAuthFailure;
    this.lastAuthFailure = undefined;
    return failure;
  }
}
