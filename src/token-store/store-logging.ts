import { fingerprint } from './token-identity.js';

export interface TokenStoreLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** Says a problem once per store, however many rotations run into it. */
export class OnceLogger {
  private readonly said = new Set<string>();

  constructor(private readonly log: TokenStoreLogger) {}

  warn(key: string, message: string, level: 'warn' | 'error' = 'warn'): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this.log[level](message);
  }
}

/** A token's log-safe name. */
export function describeToken(token: string | undefined): string {
  return token === undefined ? 'none' : fingerprint(token);
}

/** An error's code or message; fs and jsonc messages name paths and offsets, never file contents. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}

/** An error with where it happened: fs errors name the call and path (paths are not secret). */
export function describeFailure(error: unknown): string {
  const { code, syscall, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (code && syscall) return `${code} on ${syscall}${path ? ` ${path}` : ''}`;
  return describeError(error);
}

/** A logger that falls silent once `closed()` is true: a closed store says nothing more. */
export function silencedWhenClosed(log: TokenStoreLogger, closed: () => boolean): TokenStoreLogger {
  const level = (name: keyof TokenStoreLogger) => (message: string) => {
    if (!closed()) log[name](message);
  };
  return { info: level('info'), warn: level('warn'), error: level('error'), debug: level('debug') };
}
