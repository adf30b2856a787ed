/**
 * oauth.ring.com `/oauth/token` and the app API host (`/api/v1/...`): location WebSocket tickets,
 * location modes, alarm history/monitoring, and the live-view signalling ticket (live-signalling.ts).
 */
import type { CloudState } from './cloud-state.js';
import { json, noContent, notFound, type Route } from './route-types.js';
import { answerTokenRequest } from './oauth.js';
import { findLocation } from './scenario.js';
import { locationModeAnswer, setLocationMode } from './mode-sync.js';
import type { LocationMode } from './types.js';
import { applyAlarmPatch, lightGroupPatch, userAlarmPatch } from './alarm-commands.js';

const settableModes = new Set<LocationMode>(['home', 'away', 'disarmed']);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function withLocation(
  handler: (location: NonNullable<ReturnType<typeof findLocation>>, state: CloudState, body: unknown) => ReturnType<Route['handle']>,
): Route['handle'] {
  return (request, params, state) => {
    const location = findLocation(state.scenario, decodeURIComponent(params[0]));
    return location ? handler(location, state, request.body) : notFound('location');
  };
}

export const appApiRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/oauth\/token$/,
    guard: 'none',
    handle: (request, _params, state) =>
      answerTokenRequest(request.body, header(request.headers, '2fa-code') || undefined, {
        authority: state.authority,
        account: state.scenario.account,
        tooManyCodes: state.flags.tooManyCodes,
      }),
  },
  {
    method: 'GET',
    path: /^\/api\/v1\/clap\/tickets$/,
    guard: 'token',
    handle: (request, _params, state) => {
      const location = findLocation(state.scenario, request.query.get('locationID') ?? '');
      if (!location) return notFound('location');
      const station = location.baseStation;
      return json({
        assets: station ? [{ uuid: station.uuid, kind: station.kind, status: station.status, doorbotId: station.id, onBattery: false }] : [],
        host: state.socketHost,
        ticket: state.sockets.issueTicket(location.location_id),
        subscriptionTopicsInfo: {},
      });
    },
  },
  {
    method: 'GET',
    path: /^\/api\/v1\/mode\/location\/([^/]+)$/,
    guard: 'token',
    handle: withLocation((location) => json(locationModeAnswer(location))),
  },
  {
    method: 'POST',
    path: /^\/api\/v1\/mode\/location\/([^/]+)$/,
    guard: 'token',
    handle: withLocation((location, state, body) => {
      const mode = (body as { mode?: unknown } | undefined)?.mode as LocationMode;
      if (!settableModes.has(mode)) return json({ error: 'invalid mode' }, 400);
      setLocationMode(state, location, mode);
      return json(locationModeAnswer(location));
    }),
  },
  {
    method: 'GET',
    path: /^\/api\/v1\/mode\/location\/([^/]+)\/settings$/,
    guard: 'token',
    handle: withLocation(() => json({ disarmed: [], home: [], away: [], lastUpdateTimeMS: Date.now() })),
  },
  { method: 'POST', path: /^\/api\/v1\/mode\/location\/([^/]+)\/settings$/, guard: 'token', handle: withLocation(() => json({})) },
  {
    method: 'POST',
    path: /^\/api\/v1\/mode\/location\/([^/]+)\/settings\/setup$/,
    guard: 'token',
    handle: withLocation((location, state) => {
      setLocationMode(state, location, 'disarmed');
      return json({});
    }),
  },
  {
    method: 'DELETE',
    path: /^\/api\/v1\/mode\/location\/([^/]+)\/settings$/,
    guard: 'token',
    handle: withLocation((location) => {
      location.mode = 'disabled';
      return noContent;
    }),
  },
  {
    method: 'GET',
    path: /^\/api\/v1\/mode\/location\/([^/]+)\/sharing$/,
    guard: 'token',
    handle: withLocation(() => json({ sharedUsersEnabled: false, lastUpdateTimeMS: Date.now() })),
  },
  { method: 'POST', path: /^\/api\/v1\/mode\/location\/([^/]+)\/sharing$/, guard: 'token', handle: withLocation(() => json({})) },
  { method: 'GET', path: /^\/api\/v1\/rs\/history$/, guard: 'token', handle: () => json([]) },
  {
    method: 'GET',
    path: /^\/api\/v1\/rs\/monitoring\/accounts\/([^/]+)$/,
    guard: 'token',
    handle: withLocation((location) =>
      json({
        accountUuid: location.location_id,
        externalServiceConfigType: 'rrms',
        accountState: 'SELF_MONITORED',
        eligibleForDispatch: false,
        addressComplete: true,
        contactsComplete: true,
        codewordComplete: true,
        alarmSignalSent: false,
        professionallyMonitored: false,
        userAcceptDispatch: false,
        installationDate: 0,
        externalId: '',
        vrRequired: false,
        vrUserOptIn: false,
        cmsMonitoringType: 'none',
        dispatchSetupComplete: false,
      }),
    ),
  },
  {
    method: 'POST',
    path: /^\/api\/v1\/rs\/monitoring\/accounts\/([^/]+)\/assets\/([^/]+)\/userAlarm$/,
    guard: 'token',
    // A panic raised by the user: the panel reports the alarm (and its siren) over the location socket.
    handle: withLocation((location, state, body) => {
      const alarm = userAlarmPatch(body);
      const panel = location.alarmDevices.find((doc) => doc.general.v2.deviceType === 'security-panel');
      if (!alarm || !panel) return json({ error: 'unknown signalType or no security panel' }, 400);
      state.sockets.broadcastDeviceUpdate(location, applyAlarmPatch(panel, alarm));
      return json({});
    }),
  },
  {
    method: 'POST',
    path: /^\/groups\/v1\/locations\/([^/]+)\/groups\/([^/]+)\/devices$/,
    guard: 'token',
    handle: (request, params, state) => {
      const location = findLocation(state.scenario, decodeURIComponent(params[0]));
      if (!location) return notFound('location');
      const planned = lightGroupPatch(location, decodeURIComponent(params[1]), request.body);
      const doc = planned && location.alarmDevices.find((candidate) => candidate.general.v2.zid === planned.zid);
      if (!planned || !doc) return notFound('light group');
      state.sockets.broadcastDeviceUpdate(location, applyAlarmPatch(doc, planned.patch));
      return json({});
    },
  },
  {
    method: 'POST',
    path: /^\/api\/v1\/clap\/ticket\/request\/signalsocket$/,
    guard: 'token',
    handle: (_request, _params, state) => json({ ticket: state.live.issueTicket() }),
  },
];
