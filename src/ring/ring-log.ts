import { scrub } from './log-scrub.js';

export { scrub };

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
  const response = (message as { response?: { status?: number; body?: unknown } } | undefined)?.response ?? (message as { status?: number; body?: unknown } | undefined);
  const body = response?.body as { error?: unknown } | undefined;
  if (response?.status && typeof body?.error === 'string' && body.error === 'invalid_grant') {
    return { status: response.status, error: body.error };
  }
  return undefined;
}

/** The two hooks of ring-client-api's logger (its `util` module) that the sink needs. */
export interface RingLibraryLog {
  enableDebug(): void;
  useLogger(logger: { logInfo: (...messages: unknown[]) => void; logError: (message: unknown) => void }): void;
}

export interface RingLogOptions {
  /** The `debug` option: ring-client-api's lines (its own debug output included) reach the debug log only then. */
  readonly debug: boolean;
}

/**
 * Routes ring-client-api's own logging into the Homebridge log, scrubbed, at debug level (its lines
 * name URLs with device ids), when the `debug` option is on; and always watches it for oauth
 * rejections, which the library otherwise only reports as a generic error after forgetting the token.
 */
export class RingLogSink {
  private lastAuthFailure?: AuthFailure;
  private readonly authListeners = new Set<(failure: AuthFailure) => void>();

  constructor(
    private readonly log: PluginLog,
    private readonly options: RingLogOptions = { debug: false },
  ) {}

  /**
   * Takes over the library's logger. A step of its own, not the constructor's, because loading the
   * library's util pulls in what deferred-imports/ must intercept first; the connection calls it
   * once it has imported the library.
   */
  listenTo(library: RingLibraryLog): void {
    // The library's own debug lines (push payloads, mode answers) are process-wide and cannot be turned off again.
    if (this.options.debug) library.enableDebug();
    const forward = this.options.debug ? (text: string) => this.log.debug('[ring] ' + scrub(text)) : () => undefined;
    library.useLogger({
      logInfo: (...messages: unknown[]) => forward(messages.map(render).join(' ')),
      logError: (message: unknown) => {
        const failure = authFailureOf(message);
        if (failure) {
          this.lastAuthFailure = failure;
          this.authListeners.forEach((listener) => listener(failure));
        }
        forward(render(message));
      },
    });
  }

  /** Calls back at each oauth rejection as it happens: a sign-in revoked while connected shows only here. */
  onAuthFailure(listener: (failure: AuthFailure) => void): () => void {
    this.authListeners.add(listener);
    return () => this.authListeners.delete(listener);
  }

  /** Returns and clears the last oauth rejection seen since the previous call. */
  takeAuthFailure(): AuthFailure | undefined {
    const failure = this.lastAuthFailure;
    this.lastAuthFailure = undefined;
    return failure;
  }
}
