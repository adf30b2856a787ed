/**
 * HTTP control interface of the Ring cloud emulator, for processes that cannot call the in-process
 * API (the demo, the Homebridge harness, a second terminal). JSON in, JSON out; control calls are
 * not recorded as Ring requests. Errors answer 400/404 with `{error}`.
 *
 *   GET    /_control/state                          → {url, pushClients, locationSockets, pendingFaults}
 *   POST   /_control/motion        {deviceId, detectionType?, waitForClientMs?, twice?}  → {dingId, snapshotUuid, delivered}
 *   POST   /_control/ding          {deviceId, waitForClientMs?, twice?}                   → {dingId, snapshotUuid, delivered}
 *          (both wait for a push client to be connected and past ring-client-api's 2 s ignore
 *           window, then resolve once every connected client acknowledged; delivered = 0 if none came;
 *           twice: sent again with the same ding id and a new persistent id, as Ring sometimes does)
 *   POST   /_control/push-drop     {mode: none|all|fraction|camera, fraction?, cameraId?}   pushes vanish silently; the connection stays
 *   POST   /_control/push-delay    {ms}                    each push is sent ms late (0: at once)
 *   POST   /_control/push-sever    {}                      → {closed}  push connections closed without notice (receivers reconnect)
 *   GET    /_control/push-dropped                  → {dropped}  how many pushes were dropped so far
 *   POST   /_control/push-expire   {scope?: connections|tokens}  → {expired}  Ring stops delivering to the
 *          registrations in use (connections stay open); a new connection (or, for tokens, a new token) is served
 *   POST   /_control/intercom-ding {intercomId, waitForClientMs?, twice?}      → {dingId, delivered}  (waits like ding)
 *   POST   /_control/intercom      {intercomId, patch}      deep-merged into its ring_devices record, e.g. {"battery_life":"15"}
 *   POST   /_control/intercom-unlock-answer {intercomId, answer}  ok | refuse: how the next unlocks are answered
 *   POST   /_control/push-raw      {message, waitForClientMs?}  → {delivered}   `message` sent as it is (any JSON)
 *   POST   /_control/location-frame {text} | {base64}, locationId?  → {sent}   one raw frame on the location sockets
 *   POST   /_control/token-state   {refreshToken}           → {state}   usable | grace | unknown | revoked | expired (not used up)
 *   POST   /_control/sensor        {zid, faulted}           contact/motion/flood/smoke "faulted" state
 *   POST   /_control/alarm-device  {zid, patch}             any device fields, e.g. {"tamperStatus":"tamper"}
 *   POST   /_control/offline       {id, offline}            camera/chime id, base station uuid/id, or alarm zid
 *   POST   /_control/location-mode {locationId, mode}       home | away | disarmed (alarm mode follows)
 *   POST   /_control/fail-next     {pattern, regex?, count, fault:{status?, delayMs?, malformed?, rawBase64?, body?, headers?}}
 *   POST   /_control/drop-websockets                       closes location sockets (clients reconnect)
 *   POST   /_control/outage        {mode, forMs?}          refuse | reset | hang: Ring goes dark for REST and WebSockets
 *          (refuse and reset make this API unreachable too: give forMs and the emulator comes back by itself)
 *   POST   /_control/outage-end                            Ring is reachable again
 *   POST   /_control/revoke                                every token issued so far stops working
 *   POST   /_control/too-many-codes {enabled}              password logins get Ring's "too many 2FA codes" answer
 *   POST   /_control/mint-token                            → {refreshToken}
 *   GET    /_control/requests?path=<substring>&since=<epoch ms>  → RecordedRequest[] (secrets redacted)
 *   DELETE /_control/requests                              clears the record
 *   GET    /_control/snapshots/<cameraId>                  → {cameraId, count}
 *   GET    /_control/chime-plays/<chimeId>                 → {ding, motion}
 *   GET    /_control/intercom-unlocks/<intercomId>         → {intercomId, count}  unlock_door requests answered
 *   GET    /_control/push-clients                          → [{connectedForMs, ready}]
 *   GET    /_control/tokens-issued                         → string[] (for scanning logs for leaked tokens)
 *   GET    /_control/scenario                              → the live scenario
 *
 * Example: curl -s -X POST localhost:8870/_control/motion -d '{"deviceId":184320001,"detectionType":"human"}'
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RingCloud } from './ring-cloud.js';
import { OUTAGE_MODES, type OutageMode } from './outage.js';
import type { Fault, IntercomUnlockAnswer, LocationMode } from './types.js';
import { intercomUnlockAnswers } from './intercom-controls.js';
import { isPlainObject } from './merge.js';
import { parseBody, readBody, sendReply } from './rest-handler.js';
import type { PushDrop, PushExpiry } from './push-hub.js';
import type { Reply } from './route-types.js';

export const controlPrefix = '/_control/';

class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function field<T>(body: Record<string, unknown>, name: string, check: (value: unknown) => boolean, what: string): T {
  const value = body[name];
  if (!check(value)) throw new ControlError(`"${name}" must be ${what}`);
  return value as T;
}

const isString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
const isId = (value: unknown): boolean => typeof value === 'number' || isString(value);
const isNumericId = (value: unknown): boolean => (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value));

function intercomId(body: Record<string, unknown>): number {
  return Number(field(body, 'intercomId', isNumericId, 'an intercom id'));
}

function pushDrop(body: Record<string, unknown>): PushDrop {
  const mode = field<PushDrop['mode']>(
    body,
    'mode',
    (value) => value === 'none' || value === 'all' || value === 'fraction' || value === 'camera',
    'none, all, fraction or camera',
  );
  if (mode === 'camera') return { mode, cameraId: Number(field(body, 'cameraId', isNumericId, 'a camera id')) };
  if (mode === 'fraction')
    return { mode, fraction: field<number>(body, 'fraction', (value) => typeof value === 'number' && value >= 0 && value <= 1, 'a number from 0 to 1') };
  return { mode };
}

async function post(cloud: RingCloud, action: string, body: Record<string, unknown>): Promise<unknown> {
  const waitForClientMs = typeof body.waitForClientMs === 'number' ? body.waitForClientMs : undefined;
  const twice = body.twice === true;
  switch (action) {
    case 'motion':
      return cloud.injectMotion(Number(field(body, 'deviceId', isId, 'a camera id')), typeof body.detectionType === 'string' ? body.detectionType : undefined, {
        waitForClientMs,
        twice,
      });
    case 'ding':
      return cloud.injectDing(Number(field(body, 'deviceId', isId, 'a camera id')), { waitForClientMs, twice });
    case 'push-drop':
      cloud.setPushDrop(pushDrop(body));
      return { ok: true };
    case 'push-delay':
      cloud.setPushDelay(
        field<number>(
          body,
          'ms',
          (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 600_000,
          'whole milliseconds from 0 to 600000',
        ),
      );
      return { ok: true };
    case 'push-sever':
      return { closed: cloud.severPushConnections() };
    case 'push-expire': {
      const scope =
        body.scope === undefined ? 'connections' : field<PushExpiry>(body, 'scope', (value) => value === 'connections' || value === 'tokens', 'connections or tokens');
      return { expired: cloud.expirePushRegistrations(scope) };
    }
    case 'intercom-ding':
      return cloud.injectIntercomDing(intercomId(body), { waitForClientMs, twice });
    case 'intercom':
      cloud.updateIntercom(intercomId(body), field(body, 'patch', isPlainObject, 'an object'));
      return { ok: true };
    case 'intercom-unlock-answer':
      cloud.setIntercomUnlockAnswer(
        intercomId(body),
        field<IntercomUnlockAnswer>(body, 'answer', (value) => intercomUnlockAnswers.includes(value as IntercomUnlockAnswer), intercomUnlockAnswers.join(' or ')),
      );
      return { ok: true };
    case 'push-raw':
      return { delivered: await cloud.sendPushMessage(body.message, { waitForClientMs }) };
    case 'location-frame': {
      const frame = typeof body.base64 === 'string' ? Buffer.from(body.base64, 'base64') : field<string>(body, 'text', (value) => typeof value === 'string', 'a string');
      return { sent: cloud.sendLocationFrame(frame, typeof body.locationId === 'string' ? body.locationId : undefined) };
    }
    case 'token-state':
      return { state: cloud.refreshTokenState(field(body, 'refreshToken', isString, 'a refresh token')) };
    case 'sensor':
      cloud.setSensorFaulted(field(body, 'zid', isString, 'a zid'), field(body, 'faulted', isBoolean, 'true or false'));
      return { ok: true };
    case 'alarm-device':
      cloud.updateAlarmDevice(field(body, 'zid', isString, 'a zid'), field(body, 'patch', isPlainObject, 'an object'));
      return { ok: true };
    case 'offline':
      cloud.setDeviceOffline(field(body, 'id', isId, 'a device id'), field(body, 'offline', isBoolean, 'true or false'));
      return { ok: true };
    case 'location-mode':
      cloud.setLocationMode(
        field(body, 'locationId', isString, 'a location id'),
        field<LocationMode>(body, 'mode', (value) => value === 'home' || value === 'away' || value === 'disarmed', 'home, away or disarmed') as 'home',
      );
      return { ok: true };
    case 'fail-next': {
      const pattern = field<string>(body, 'pattern', isString, 'a path substring or regex source');
      const fault = isPlainObject(body.fault) ? (body.fault as Fault) : {};
      cloud.failNext(body.regex === true ? new RegExp(pattern) : pattern, typeof body.count === 'number' ? body.count : 1, fault);
      return { ok: true };
    }
    case 'drop-websockets':
      cloud.dropWebSockets();
      return { ok: true };
    case 'outage':
      await cloud.goDark(
        field<OutageMode>(body, 'mode', (value) => OUTAGE_MODES.includes(value as OutageMode), OUTAGE_MODES.join(', ')),
        typeof body.forMs === 'number' ? body.forMs : undefined,
      );
      return { ok: true };
    case 'outage-end':
      await cloud.comeBack();
      return { ok: true };
    case 'revoke':
      cloud.revokeAllTokens();
      return { ok: true };
    case 'too-many-codes':
      cloud.setTooManyCodes(field(body, 'enabled', isBoolean, 'true or false'));
      return { ok: true };
    case 'mint-token':
      return { refreshToken: cloud.mintRefreshToken() };
    default:
      throw new ControlError(`unknown control action POST ${action}`, 404);
  }
}

function get(cloud: RingCloud, action: string, query: URLSearchParams): unknown {
  const [name, argument] = action.split('/');
  switch (name) {
    case 'state':
      return {
        url: cloud.url,
        pushClients: cloud.pushClients(),
        locationSockets: cloud.locationSocketCount(),
        pendingFaults: cloud.pendingFaults(),
        outage: cloud.outage(),
      };
    case 'requests': {
      const since = Number(query.get('since') ?? 0);
      const path = query.get('path');
      return cloud.requests().filter((entry) => entry.time >= since && (!path || entry.path.includes(path)));
    }
    case 'snapshots':
      return { cameraId: Number(argument), count: cloud.snapshotCount(Number(argument)) };
    case 'chime-plays':
      return cloud.chimePlays(Number(argument));
    case 'intercom-unlocks': {
      if (!isNumericId(argument)) throw new ControlError('intercom-unlocks/<intercomId> needs a numeric id');
      return { intercomId: Number(argument), count: cloud.intercomUnlocks(Number(argument)) };
    }
    case 'push-clients':
      return cloud.pushClients();
    case 'push-dropped':
      return { dropped: cloud.pushesDropped() };
    case 'tokens-issued':
      return cloud.tokensIssued();
    case 'scenario':
      return cloud.scenario;
    default:
      throw new ControlError(`unknown control action GET ${action}`, 404);
  }
}

export async function handleControl(request: IncomingMessage, response: ServerResponse, url: URL, cloud: RingCloud): Promise<void> {
  const action = url.pathname.slice(controlPrefix.length);
  let reply: Reply;
  try {
    const body = parseBody(await readBody(request));
    if (request.method === 'GET') {
      reply = { status: 200, body: get(cloud, action, url.searchParams) };
    } else if (request.method === 'DELETE' && action === 'requests') {
      cloud.clearRequests();
      reply = { status: 200, body: { ok: true } };
    } else if (request.method === 'POST') {
      reply = { status: 200, body: (await post(cloud, action, isPlainObject(body) ? body : {})) ?? { ok: true } };
    } else {
      throw new ControlError(`unsupported method ${request.method ?? ''}`, 405);
    }
  } catch (error) {
    const status = error instanceof ControlError ? error.status : 400;
    reply = { status, body: { error: (error as Error).message } };
  }
  sendReply(response, reply);
}
