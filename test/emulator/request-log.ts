/**
 * The record of REST requests the emulator answered, for tests ("was the light turned on?").
 * Secrets are redacted on the way in, so the record can be printed or returned over the control
 * API without leaking tokens, passwords, emails or hardware ids.
 */
import type { RecordedRequest } from './types.js';
import { isPlainObject } from './merge.js';

const secretKeys = new Set(['password', 'username', 'refresh_token', 'access_token', 'hardware_id', 'push_notification_token', 'email', 'token']);

export const redacted = '[redacted]';

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, secretKeys.has(key) ? redacted : redactSecrets(inner)]));
}

/** Query values that are credentials (location WebSocket tickets) are redacted too. */
export function redactQuery(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, key === 'authcode' || key === 'token' ? redacted : value]));
}

export class RequestLog {
  private entries: RecordedRequest[] = [];

  constructor(private readonly limit = 20_000) {}

  add(entry: RecordedRequest): RecordedRequest {
    const stored = { ...entry, query: redactQuery(entry.query), body: redactSecrets(entry.body) };
    this.entries.push(stored);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return stored;
  }

  all(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
