/**
 * api.ring.com routes: `/clients_api/...` (devices, commands, session, push registration) and
 * `/devices/v1/...` (locations, per-device settings), as ring-client-api calls them from api.js,
 * rest-client.js, ring-camera.js and ring-chime.js.
 */
import type { CloudState } from './cloud-state.js';
import { json, noContent, notFound, type Reply, type RestRequest, type Route } from './route-types.js';
import { findCamera, findChime, findIntercom, isDoorbellKind } from './scenario.js';
import { cameraDeviceHealth, chimeHealth } from './device-defaults.js';
import {
  applyCameraDeviceSettings,
  applyChimeDeviceSettings,
  applyChimeUpdate,
  cameraDeviceSettings,
  cameraView,
  chimeDeviceSettings,
  mergeCameraSettings,
  setLight,
  setSiren,
  snoozeChime,
} from './camera-commands.js';
import { deepMerge, isPlainObject, type PlainObject } from './merge.js';
import { renderEventSnapshot } from './routes-snapshots.js';

function profile(state: CloudState, hardwareId: string | undefined): PlainObject {
  const { account } = state.scenario;
  return {
    profile: {
      id: account.profileId,
      email: account.email,
      first_name: account.firstName,
      last_name: account.lastName,
      phone_number: account.phone,
      authentication_token: '',
      hardware_id: hardwareId ?? '',
      features: {},
      user_preferences: { settings: {}, preferences: {} },
      explorer_program_terms: null,
      user_flow: 'ring',
      app_brand: 'ring',
      country: 'DE',
      status: 'legacy',
      created_at: '2024-03-01T10:00:00Z',
      tfa_enabled: true,
      tfa_phone_number: account.phone,
      account_type: 'ring',
    },
  };
}

function ringDevices(state: CloudState): PlainObject {
  const cameras = state.scenario.locations.flatMap((location) => location.cameras).map((camera) => cameraView(camera));
  return {
    doorbots: cameras.filter((camera) => isDoorbellKind(camera.kind)),
    authorized_doorbots: [],
    stickup_cams: cameras.filter((camera) => !isDoorbellKind(camera.kind)),
    chimes: state.scenario.locations.flatMap((location) => location.chimes),
    base_stations: state.scenario.locations.flatMap((location) =>
      location.baseStation
        ? [
            {
              id: location.baseStation.id,
              description: location.baseStation.description,
              device_id: location.baseStation.device_id,
              kind: location.baseStation.kind,
              firmware_version: location.baseStation.firmware_version,
              location_id: location.location_id,
              address: '1 Demo Street',
              latitude: 52.52,
              longitude: 13.405,
              time_zone: 'Europe/Berlin',
              alerts: [],
              features: null,
              owned: true,
              ring_id: null,
              settings: null,
              stolen: false,
            },
          ]
        : [],
    ),
    beams_bridges: [],
    // the library sorts `other` by kind: intercom handsets, ONVIF cameras, third-party garage doors
    other: state.scenario.locations.flatMap((location) => location.intercoms),
  };
}

function userLocations(state: CloudState): PlainObject {
  return {
    user_locations: state.scenario.locations.map((location) => ({
      location_id: location.location_id,
      name: location.name,
      owner_id: state.scenario.account.profileId,
      address: {
        address1: '1 Demo Street',
        address2: '',
        cross_street: '',
        city: 'Berlin',
        state: 'BE',
        timezone: 'Europe/Berlin',
        zip_code: '10115',
        ...location.address,
      },
      geo_coordinates: { latitude: '52.52', longitude: '13.405' },
      geo_service_verified: 'address_only',
      created_at: '2024-03-01T10:00:00Z',
      updated_at: '2024-03-01T10:00:00Z',
      user_verified: true,
    })),
  };
}

function withCamera(
  handler: (request: RestRequest, camera: NonNullable<ReturnType<typeof findCamera>>, state: CloudState, params: string[]) => Reply | Promise<Reply>,
): Route['handle'] {
  return (request, params, state) => {
    const camera = findCamera(state.scenario, Number(params[0]));
    return camera ? handler(request, camera, state, params) : notFound('doorbot');
  };
}

function withChime(handler: (request: RestRequest, chime: NonNullable<ReturnType<typeof findChime>>, state: CloudState) => Reply | Promise<Reply>): Route['handle'] {
  return (request, params, state) => {
    const chime = findChime(state.scenario, Number(params[0]));
    return chime ? handler(request, chime, state) : notFound('chime');
  };
}

function header(request: RestRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The history Ring keeps of a location's (or one camera's) dings and motion, newest first, at most
 * `limit` (Ring's default page is 20). Every event the emulator generated is here, whether its
 * push was delivered, dropped or sent to an expired registration: that is what reconciliation
 * compares the pushes with.
 */
export function eventsFor(state: CloudState, filter: { locationId?: string; cameraId?: number; limit?: string | null } = {}): PlainObject {
  const requested = Number(filter.limit ?? 20);
  const limit = Number.isSafeInteger(requested) && requested > 0 ? Math.min(requested, 200) : 20;
  const events = state.events
    .filter(
      (event) => (filter.cameraId === undefined || event.doorbot_id === filter.cameraId) && (filter.locationId === undefined || event.location_id === filter.locationId),
    )
    .slice(-limit)
    .reverse()
    .map((event) => ({
      created_at: event.created_at,
      cv_properties: { detection_type: event.detection_type, person_detected: event.detection_type === 'human', stream_broken: null },
      ding_id: event.ding_id,
      ding_id_str: event.ding_id_str,
      doorbot_id: event.doorbot_id,
      favorite: false,
      kind: event.kind,
      recorded: false,
      recording_status: 'ready',
      state: 'completed',
    }));
  return { events, meta: { pagination_key: '' } };
}

const subscribeFlags: Record<string, PlainObject> = {
  subscribe: { subscribed: true },
  unsubscribe: { subscribed: false },
  motions_subscribe: { subscribed_motions: true },
  motions_unsubscribe: { subscribed_motions: false },
};

export const clientsApiRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/clients_api\/session$/,
    guard: 'token',
    handle: (request, _params, state) => {
      const body = request.body as { device?: { hardware_id?: unknown } } | undefined;
      const hardwareId = typeof body?.device?.hardware_id === 'string' ? body.device.hardware_id : header(request, 'hardware_id');
      if (hardwareId) state.sessions.add(hardwareId);
      return json(profile(state, hardwareId));
    },
  },
  { method: 'GET', path: /^\/clients_api\/profile$/, guard: 'session', handle: (request, _p, state) => json(profile(state, header(request, 'hardware_id'))) },
  { method: 'GET', path: /^\/clients_api\/ring_devices$/, guard: 'session', handle: (_r, _p, state) => json(ringDevices(state)) },
  {
    method: 'PATCH',
    path: /^\/clients_api\/device$/,
    guard: 'session',
    handle: (request, _params, state) => {
      const token = (request.body as { device?: { push_notification_token?: unknown } } | undefined)?.device?.push_notification_token;
      if (typeof token === 'string') state.registeredPushTokens.add(token);
      return noContent;
    },
  },
  {
    method: 'POST',
    path: /^\/clients_api\/doorbots\/(\d+)\/(subscribe|unsubscribe|motions_subscribe|motions_unsubscribe)$/,
    guard: 'session',
    handle: (_request, params, state) => {
      const id = Number(params[0]);
      // RingIntercom subscribes to dings through the doorbots path too; intercoms have no motion events
      const device = findCamera(state.scenario, id) ?? (params[1].startsWith('motions_') ? undefined : findIntercom(state.scenario, id));
      if (!device) return notFound('doorbot');
      Object.assign(device, subscribeFlags[params[1]]);
      return json({});
    },
  },
  {
    method: 'PUT',
    path: /^\/clients_api\/doorbots\/(\d+)\/floodlight_light_(on|off)$/,
    guard: 'session',
    handle: withCamera((_request, camera, _state, params) => {
      if (camera.led_status === undefined) return json({ error: 'device has no light' }, 400);
      setLight(camera, params[1] === 'on');
      return noContent;
    }),
  },
  {
    method: 'PUT',
    path: /^\/clients_api\/doorbots\/(\d+)\/siren_(on|off)$/,
    guard: 'session',
    handle: withCamera((_request, camera, _state, params) => {
      if (camera.siren_status === undefined) return json({ error: 'device has no siren' }, 400);
      setSiren(camera, params[1] === 'on');
      return noContent;
    }),
  },
  {
    method: 'PUT',
    path: /^\/clients_api\/doorbots\/(\d+)$/,
    guard: 'session',
    handle: withCamera((request, camera) => {
      const settings = (request.body as { doorbot?: { settings?: unknown } } | undefined)?.doorbot?.settings;
      if (isPlainObject(settings)) mergeCameraSettings(camera, settings);
      return noContent;
    }),
  },
  {
    method: 'GET',
    path: /^\/clients_api\/doorbots\/(\d+)\/health$/,
    guard: 'session',
    handle: withCamera((_request, camera) => json({ device_health: cameraDeviceHealth(camera) })),
  },
  {
    method: 'GET',
    path: /^\/clients_api\/chimes\/(\d+)\/health$/,
    guard: 'session',
    handle: withChime((_request, chime) => json({ device_health: chimeHealth(chime) })),
  },
  {
    method: 'POST',
    path: /^\/clients_api\/chimes\/(\d+)\/play_sound$/,
    guard: 'session',
    handle: withChime((request, chime, state) => {
      const kind = (request.body as { kind?: unknown } | undefined)?.kind === 'motion' ? 'motion' : 'ding';
      const plays = state.chimePlays.get(chime.id) ?? { ding: 0, motion: 0 };
      plays[kind] += 1;
      state.chimePlays.set(chime.id, plays);
      return noContent;
    }),
  },
  {
    method: 'POST',
    path: /^\/clients_api\/chimes\/(\d+)\/do_not_disturb$/,
    guard: 'session',
    handle: withChime((request, chime) => {
      const time = (request.body as { time?: unknown } | undefined)?.time;
      snoozeChime(chime, typeof time === 'number' ? time : undefined);
      return noContent;
    }),
  },
  {
    method: 'PUT',
    path: /^\/clients_api\/chimes\/(\d+)$/,
    guard: 'session',
    handle: withChime((request, chime) => {
      const update = (request.body as { chime?: unknown } | undefined)?.chime;
      if (isPlainObject(update)) applyChimeUpdate(chime, update);
      return noContent;
    }),
  },
  {
    method: 'GET',
    path: /^\/clients_api\/ringtones$/,
    guard: 'session',
    handle: () =>
      json({
        default_ding_user_id: 'ring_user_ding',
        default_ding_id: 'ding-classic',
        default_motion_user_id: 'ring_user_motion',
        default_motion_id: 'motion-classic',
        audios: [
          { user_id: 'ring_user_ding', id: 'ding-classic', description: 'Ding Dong', kind: 'ding', url: '', checksum: '', available: true },
          { user_id: 'ring_user_motion', id: 'motion-classic', description: 'Chirp', kind: 'motion', url: '', checksum: '', available: true },
        ],
      }),
  },
  {
    method: 'GET',
    path: /^\/clients_api\/snapshots\/uuid$/,
    guard: 'session',
    handle: (request, _params, state) => renderEventSnapshot(state, request.query.get('uuid') ?? ''),
  },
  {
    method: 'GET',
    path: /^\/clients_api\/locations\/([^/]+)\/events$/,
    guard: 'session',
    handle: (request, params, state) => json(eventsFor(state, { locationId: params[0], limit: request.query.get('limit') })),
  },
  {
    method: 'GET',
    path: /^\/clients_api\/locations\/([^/]+)\/devices\/(\d+)\/events$/,
    guard: 'session',
    handle: (request, params, state) => json(eventsFor(state, { locationId: params[0], cameraId: Number(params[1]), limit: request.query.get('limit') })),
  },
  { method: 'GET', path: /^\/clients_api\/video_search\/history$/, guard: 'session', handle: () => json({ video_search: [] }) },
  { method: 'GET', path: /^\/clients_api\/dings\/active$/, guard: 'session', handle: () => json([]) },
  { method: 'GET', path: /^\/devices\/v1\/locations$/, guard: 'token', handle: (_r, _p, state) => json(userLocations(state)) },
  {
    method: 'GET',
    path: /^\/devices\/v1\/devices\/(\d+)\/settings$/,
    guard: 'token',
    handle: (_request, params, state) => {
      const id = Number(params[0]);
      const camera = findCamera(state.scenario, id);
      const chime = findChime(state.scenario, id);
      const derived = camera ? cameraDeviceSettings(camera) : chime ? chimeDeviceSettings(chime) : undefined;
      return derived ? json(deepMerge(derived, state.deviceSettings.get(id) ?? {})) : notFound('device');
    },
  },
  {
    method: 'PATCH',
    path: /^\/devices\/v1\/devices\/(\d+)\/settings$/,
    guard: 'token',
    handle: (request, params, state) => {
      const id = Number(params[0]);
      const camera = findCamera(state.scenario, id);
      const chime = findChime(state.scenario, id);
      if (!camera && !chime) return notFound('device');
      const patch = isPlainObject(request.body) ? request.body : {};
      state.deviceSettings.set(id, deepMerge(state.deviceSettings.get(id) ?? {}, patch));
      if (camera) applyCameraDeviceSettings(camera, patch);
      if (chime) applyChimeDeviceSettings(chime, patch);
      return json({});
    },
  },
  { method: 'POST', path: /^\/groups\/v1\/locations\/([^/]+)\/groups\/([^/]+)\/devices$/, guard: 'token', handle: () => noContent },
];
