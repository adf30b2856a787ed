/** The small routing vocabulary the REST route tables are written in. */
import type { CloudState } from './cloud-state.js';

export interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface Reply {
  status: number;
  /** JSON body (ignored when `raw` is set). */
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

/**
 * - `none`: no credentials (oauth).
 * - `token`: a valid, unexpired access token.
 * - `session`: a valid token and a session for the caller's hardware_id (clients_api, as on Ring).
 */
export type Guard = 'none' | 'token' | 'session';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Anchored pattern over the path; capture groups become `params`. */
  path: RegExp;
  guard: Guard;
  handle(request: RestRequest, params: string[], state: CloudState): Reply | Promise<Reply>;
}

export const noContent: Reply = { status: 204 };

export function json(body: unknown, status = 200): Reply {
  return { status, body };
}

export function notFound(what: string): Reply {
  return { status: 404, body: { error: `${what} not found` } };
}
