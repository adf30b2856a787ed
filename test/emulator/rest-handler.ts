/**
 * The REST side of the emulated cloud: fault injection, access-token and session checks, routing
 * and recording. Control calls (`/_control/...`) are handed to the control module unrecorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudState } from './cloud-state.js';
import type { Reply, RestRequest, Route } from './route-types.js';
import type { Fault } from './types.js';
import { clientsApiRoutes } from './routes-clients-api.js';
import { appApiRoutes } from './routes-app-api.js';
import { snapshotRoutes } from './routes-snapshots.js';
import { intercomRoutes } from './routes-intercom.js';

/** Header the redirect adds with the Ring host the library addressed (for the request record). */
export const originalHostHeader = 'x-ring-cloud-host';

const routes: Route[] = [...appApiRoutes, ...clientsApiRoutes, ...intercomRoutes, ...snapshotRoutes];

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sendReply(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | string = '';
  if (reply.raw) {
    payload = reply.raw;
  } else if (reply.body !== undefined && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

function faultReply(fault: Fault): Reply | undefined {
  if (fault.rawBase64 !== undefined) {
    return { status: fault.status ?? 200, raw: Buffer.from(fault.rawBase64, 'base64'), headers: { 'content-type': 'application/json', ...fault.headers } };
  }
  if (fault.malformed) {
    return { status: 200, raw: Buffer.from('{"doorbots":[{"id":'), headers: { 'content-type': 'application/json', ...fault.headers } };
  }
  if (fault.status === undefined && fault.delayMs !== undefined) return undefined;
  return { status: fault.status ?? 500, body: fault.body ?? { error: 'emulated fault' }, headers: fault.headers };
}

function bearer(request: RestRequest): string | undefined {
  const value = request.headers.authorization;
  const text = Array.isArray(value) ? value[0] : value;
  return text?.startsWith('Bearer ') ? text.slice('Bearer '.length) : undefined;
}

function hardwareId(request: RestRequest): string | undefined {
  const value = request.headers.hardware_id;
  return Array.isArray(value) ? value[0] : value;
}

/** 401 makes the library refresh its token and retry; the 404 naming the hardware id makes it create a session. */
function guardReply(route: Route, request: RestRequest, state: CloudState): Reply | undefined {
  if (route.guard === 'none') return undefined;
  if (!state.authority.isAccessTokenValid(bearer(request))) {
    return { status: 401, body: { error: 'invalid_token', error_description: 'access token is invalid or expired' } };
  }
  if (route.guard === 'session' && state.flags.requireSession) {
    const id = hardwareId(request);
    if (!id || !state.sessions.has(id)) return { status: 404, body: { error: `Session not found for ${id ?? ''}` } };
  }
  return undefined;
}

function findRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (match) return { route, params: match.slice(1) };
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function answerRest(request: RestRequest, state: CloudState): Promise<Reply> {
  const fault = state.faults.take(request.path, request.method);
  if (fault) {
    state.log(`fault injected: ${request.method} ${request.path} ${JSON.stringify({ ...fault, body: undefined })}`);
    if (fault.delayMs) await sleep(fault.delayMs);
    const reply = faultReply(fault);
    if (reply) return reply;
  }
  // the library builds some URLs with a trailing slash (`chimes/{id}/`, `doorbots/{id}/`)
  const found = findRoute(request.method, request.path.replace(/(.)\/$/, '$1'));
  if (!found) {
    state.log(`not emulated: ${request.method} ${request.path}`);
    return { status: 404, body: { error: `not emulated: ${request.method} ${request.path}` } };
  }
  return guardReply(found.route, request, state) ?? found.route.handle(request, found.params, state);
}

export async function handleRestRequest(incoming: IncomingMessage, response: ServerResponse, url: URL, state: CloudState): Promise<void> {
  const text = await readBody(incoming);
  const request: RestRequest = {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    body: parseBody(text),
    headers: incoming.headers,
  };
  const hostHeader = incoming.headers[originalHostHeader];
  const record = state.requests.add({
    method: request.method,
    path: request.path,
    query: Object.fromEntries(url.searchParams),
    body: request.body,
    host: typeof hostHeader === 'string' ? hostHeader : undefined,
    time: Date.now(),
  });
  let reply: Reply;
  try {
    reply = await answerRest(request, state);
  } catch (error) {
    state.log(`emulator error on ${request.method} ${request.path}: ${(error as Error).message}`);
    reply = { status: 500, body: { error: 'emulator error' } };
  }
  record.status = reply.status;
  sendReply(response, reply);
}
