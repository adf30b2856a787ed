/**
 * The Ring cloud emulator: one HTTP server on 127.0.0.1 serving Ring's REST API, the location
 * WebSocket (`/ws`), the push stand-in (`/_push`) and the control API (`/_control/...`), plus the
 * same controls as methods for in-process tests. See README-style notes in index.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { CloudState } from './cloud-state.js';
import type { DetectionType, Fault, PushDelivery, RecordedRequest, Scenario } from './types.js';
import { TokenAuthority } from './token-authority.js';
import { SnapshotStore } from './snapshot-store.js';
import { LocationSockets } from './location-sockets.js';
import { PushHub, type PushClientInfo, type PushDrop, type PushExpiry } from './push-hub.js';
import { FaultPlan } from './fault-plan.js';
import { RequestLog } from './request-log.js';
import { findAlarmDevice, findCamera, findChime, findLocation, loadScenario } from './scenario.js';
import { handleRestRequest } from './rest-handler.js';
import { controlPrefix, handleControl } from './control.js';
import { buildDingNotification } from './push-payload.js';
import { unwrapRefreshToken } from './oauth.js';
import { applyAlarmPatch } from './alarm-commands.js';
import { faultPatchFor } from './alarm-defaults.js';
import { setCameraOffline, setChimeOffline } from './camera-commands.js';
import { setLocationMode } from './mode-sync.js';
import type { PlainObject } from './merge.js';
import { LiveSignalling, type LiveCallBehavior, type LiveCallRecord, type LiveViewOptions } from './live-signalling.js';
import { Outage, type OutageMode, type OutageState } from './outage.js';
import { createIntercomControls, type IntercomControls } from './intercom-controls.js';

export interface RingCloudOptions {
  /** Scenario object or path to a JSON scenario file; default: the demo home. */
  scenario?: Scenario | string;
  /** Default 0 (any free port). */
  port?: number;
  /**
   * Access token lifetime. ring-client-api drops its token 60 s before `expires_in`, so with the
   * default of 90 s it refreshes (and rotates the refresh token) every 30 s; values ≤ 60 make it
   * refresh before nearly every request.
   */
  accessTokenTtlSeconds?: number;
  /** How long a used refresh token keeps working (Ring: a few minutes). Default 10 000 ms. */
  refreshGraceMs?: number;
  /** clients_api calls need a session for the caller's hardware_id, as on Ring. Default true. */
  requireSession?: boolean;
  /** No log lines at all. */
  quiet?: boolean;
  /** The emulated cameras' side of live view (STUN server they ask, test pattern size). */
  liveView?: LiveViewOptions;
}

export interface InjectOptions {
  /** How long to wait for a push client to connect before giving up (delivered = 0). Default 15 000 ms. */
  waitForClientMs?: number;
  /** Ring sends the push twice: same ding id, a new persistent id (push-hub.ts). */
  twice?: boolean;
}

/** The intercom controls (injectIntercomDing, updateIntercom, ...) are documented in intercom-controls.ts. */
export interface RingCloud extends IntercomControls {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** A fresh valid refresh token for the scenario's account. */
  mintRefreshToken(): string;
  /** Test credentials for the password + 2FA login. */
  readonly account: { email: string; password: string; twoFactorCode: string };
  /** Sends a motion push (detection type `human` by default) to every push client; resolves once delivered. */
  injectMotion(deviceId: number, detectionType?: DetectionType, options?: InjectOptions): Promise<PushDelivery>;
  /** Sends a doorbell press push to every push client; resolves once delivered. */
  injectDing(deviceId: number, options?: InjectOptions): Promise<PushDelivery>;
  /**
   * Sends `message` as it is (any JSON value; FCM's shape is `{data: {...strings}}`) to every push
   * client, for hostile-input tests; resolves with how many acknowledged it.
   */
  sendPushMessage(message: unknown, options?: InjectOptions): Promise<number>;
  /** From now on pushes (all, a fraction, or one camera's) are dropped silently; the push connection stays open. */
  setPushDrop(drop: PushDrop): void;
  /** How many pushes were dropped so far. */
  pushesDropped(): number;
  /** From now on each push is sent `ms` late (0: at once). */
  setPushDelay(ms: number): void;
  /** Closes the push connections without notice (no shutdown frame); receivers reconnect. Returns how many. */
  severPushConnections(): number;
  /**
   * Ring stops delivering to the push registrations in use now (push-hub.ts `expire`); the
   * connections stay open. Returns how many connections it hit.
   */
  expirePushRegistrations(scope?: PushExpiry): number;
  /** Sends a frame as it is (text, or bytes as a binary frame) on the location WebSockets; returns how many got it. */
  sendLocationFrame(frame: string | Buffer, locationId?: string): number;
  /**
   * What Ring would make of this refresh token (raw or in the library's wrapped form) without
   * using it up: `usable` (unused), `grace` (exchanged, still in its grace period), or dead.
   */
  refreshTokenState(refreshToken: string): 'usable' | 'grace' | 'unknown' | 'revoked' | 'expired';
  /** Opens/closes a contact sensor, triggers/clears motion, water, smoke... (DataUpdate over the location socket). */
  setSensorFaulted(zid: string, faulted: boolean): void;
  /** Merges any fields into an alarm device (tamperStatus, batteryLevel, flood, co...) and pushes a DataUpdate. */
  updateAlarmDevice(zid: string, patch: object): void;
  /** Camera/chime: `alerts.connection` + health. Base station (uuid or id): SessionInfo. Alarm device: commStatus. */
  setDeviceOffline(id: number | string, offline: boolean): void;
  setLocationMode(locationId: string, mode: 'home' | 'away' | 'disarmed'): void;
  /** The next `count` requests whose path contains `pathPattern` (or matches the RegExp) get `fault`. */
  failNext(pathPattern: string | RegExp, count: number, fault: Fault): void;
  /** Forgets every queued `failNext` fault that has not been used yet. */
  clearFaults(): void;
  /** Closes every location WebSocket; ring-client-api reconnects after 1 s with a new ticket. */
  dropWebSockets(): void;
  /**
   * Ring goes dark for all REST and WebSocket traffic (outage.ts): 'refuse', 'reset' or 'hang';
   * with `forMs` it comes back by itself. The control API is unreachable while 'refuse' or 'reset' is on.
   */
  goDark(mode: OutageMode, forMs?: number): Promise<void>;
  /** Ring is reachable again. */
  comeBack(): Promise<void>;
  outage(): OutageState;
  /** Every refresh and access token issued so far becomes invalid (401 invalid_grant). */
  revokeAllTokens(): void;
  /** Password logins without a 2FA code get Ring's "too many codes requested" answer while enabled. */
  setTooManyCodes(enabled: boolean): void;
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** How many snapshots were rendered for that camera (= the counter on the newest one). */
  snapshotCount(cameraId: number): number;
  /** Serves `jpeg` (a photograph) as the camera's snapshots from now on; undefined: the drawn ones again. */
  setCameraPicture(cameraId: number, jpeg: Buffer | undefined): void;
  /** How often a chime was told to play, by kind. */
  chimePlays(chimeId: number): { ding: number; motion: number };
  /** Every refresh and access token ever issued (for scanning logs for leaks). */
  tokensIssued(): string[];
  /** Push receivers connected to `/_push` and whether they are past the library's 2 s ignore window. */
  pushClients(): PushClientInfo[];
  /** Resolves when a push receiver is connected and ready for notifications. */
  waitForPushClient(timeoutMs?: number): Promise<void>;
  locationSocketCount(): number;
  pendingFaults(): number;
  /** Every live call so far (signalling offer received), oldest first, with packet counts. */
  liveCalls(): LiveCallRecord[];
  /** The next live call (to that camera, or any) is answered normally, never answered, or closed by Ring. */
  planNextLiveCall(behavior: LiveCallBehavior, cameraId?: number): void;
  /** Ends the camera's live calls from Ring's side. */
  endLiveCalls(cameraId: number): void;
  /** The live state (mutating it changes what the emulator answers). */
  scenario: Scenario;
  close(): Promise<void>;
}

/** Host name handed out by `clap/tickets` for the location WebSocket; the redirect routes it here. */
export const locationSocketHost = 'alarm-ws.prd.rings.solutions';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startRingCloud(options: RingCloudOptions = {}): Promise<RingCloud> {
  const scenario = loadScenario(options.scenario);
  const log = (message: string): void => {
    if (!options.quiet) console.log(`[ring-cloud] ${message}`);
  };
  const push = new PushHub();
  const state: CloudState = {
    scenario,
    authority: new TokenAuthority({
      accessTtlSeconds: options.accessTokenTtlSeconds ?? 90,
      refreshGraceMs: options.refreshGraceMs ?? 10_000,
    }),
    sessions: new Set(),
    registeredPushTokens: new Set(),
    snapshots: new SnapshotStore(),
    sockets: new LocationSockets({
      location: (locationId) => findLocation(scenario, locationId),
      onCommand: (location, plan) => {
        if (plan.locationMode) location.mode = plan.locationMode;
      },
      log,
    }),
    push,
    live: new LiveSignalling(
      {
        refusal: (cameraId) => {
          const camera = findCamera(scenario, cameraId);
          if (!camera) return `no camera ${cameraId}`;
          if (camera.e2ee_enabled === true) return 'end-to-end encrypted';
          if (camera.settings.live_view_disabled === true) return 'live view disabled';
          return camera.alerts.connection === 'offline' ? 'camera offline' : undefined;
        },
        log,
      },
      options.liveView,
    ),
    faults: new FaultPlan(),
    requests: new RequestLog(),
    events: [],
    deviceSettings: new Map(),
    chimePlays: new Map(),
    intercomUnlocks: new Map(),
    intercomUnlockAnswers: new Map(),
    flags: { tooManyCodes: false, requireSession: options.requireSession ?? true },
    socketHost: locationSocketHost,
    log,
  };
  const pushSockets = new WebSocketServer({ noServer: true });
  const server: Server = createServer();
  // eslint-disable-next-line prefer-const -- assigned once the port is known
  let cloud: RingCloud;
  let port = 0;
  const outage = new Outage(server, () => port, log);

  server.on('request', (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (outage.holds(request.socket, url.pathname.startsWith(controlPrefix))) return;
    const handled = url.pathname.startsWith(controlPrefix) ? handleControl(request, response, url, cloud) : handleRestRequest(request, response, url, state);
    handled.catch((error: Error) => {
      log(`request handling failed: ${error.message}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  server.on('upgrade', (request, socket, head) => {
    if (outage.holds(request.socket)) return;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/_push') {
      pushSockets.handleUpgrade(request, socket, head, (ws) => push.accept(ws));
      return;
    }
    if (url.pathname === '/ws' && LiveSignalling.isSignallingUpgrade(url.searchParams)) {
      state.requests.add({
        method: 'GET',
        path: '/ws',
        query: { signalling: 'true' },
        body: undefined,
        time: Date.now(),
        host: typeof request.headers.host === 'string' ? request.headers.host : undefined,
      });
      // failNext('signalling:/ws', …) refuses only this socket, not the location socket.
      const fault = state.faults.take('signalling:/ws');
      if (fault) {
        socket.end(`HTTP/1.1 ${fault.status ?? 503} Emulated Fault\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      state.live.handleUpgrade(request, socket, head, url.searchParams);
      return;
    }
    if (url.pathname === '/ws') {
      state.requests.add({
        method: 'GET',
        path: '/ws',
        query: Object.fromEntries(url.searchParams),
        body: undefined,
        time: Date.now(),
        host: typeof request.headers.host === 'string' ? request.headers.host : undefined,
      });
      const fault = state.faults.take('/ws');
      if (fault) {
        socket.end(`HTTP/1.1 ${fault.status ?? 503} Emulated Fault\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      state.sockets.handleUpgrade(request, socket, head, url.searchParams);
      return;
    }
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const requireCamera = (id: number): NonNullable<ReturnType<typeof findCamera>> => {
    const camera = findCamera(scenario, id);
    if (!camera) throw new Error(`no camera with id ${id}`);
    return camera;
  };

  const requireAlarmDevice = (zid: string): NonNullable<ReturnType<typeof findAlarmDevice>> => {
    const found = findAlarmDevice(scenario, zid);
    if (!found) throw new Error(`no alarm device with zid ${zid}`);
    return found;
  };

  const inject = async (
    kind: 'ding' | 'motion',
    deviceId: number,
    detectionType: DetectionType | undefined,
    injectOptions: InjectOptions | undefined,
  ): Promise<PushDelivery> => {
    const camera = requireCamera(deviceId);
    const now = Date.now();
    const built = buildDingNotification({ camera, kind, detectionType, now });
    const detection = kind === 'ding' ? null : (JSON.parse(built.data.data).event.ding.detection_type as string);
    state.snapshots.registerEvent(built.snapshotUuid, camera.id, camera.description, detection ?? 'DING', now);
    state.events.push({
      ding_id: built.dingId,
      ding_id_str: built.dingId,
      doorbot_id: camera.id,
      location_id: camera.location_id,
      kind,
      created_at: new Date(now).toISOString(),
      detection_type: detection,
      snapshot_uuid: built.snapshotUuid,
    });
    const delivered = await push.deliver(built.data, injectOptions?.waitForClientMs ?? 15_000, { cameraId: camera.id, twice: injectOptions?.twice });
    log(`${kind}${detection ? ` (${detection})` : ''} on ${camera.description}${injectOptions?.twice ? ', sent twice,' : ''}: delivered to ${delivered} push client(s)`);
    return { dingId: built.dingId, snapshotUuid: built.snapshotUuid, delivered };
  };

  cloud = {
    url,
    port,
    scenario,
    account: scenario.account,
    mintRefreshToken: () => state.authority.mintRefreshToken(),
    injectMotion: (deviceId, detectionType, injectOptions) => inject('motion', deviceId, detectionType ?? 'human', injectOptions),
    injectDing: (deviceId, injectOptions) => inject('ding', deviceId, undefined, injectOptions),
    sendPushMessage: (message, injectOptions) => push.deliverMessage(message, injectOptions?.waitForClientMs ?? 15_000, { twice: injectOptions?.twice }),
    setPushDrop: (drop) => {
      push.setDrop(drop);
      log(`pushes dropped: ${drop.mode === 'camera' ? `camera ${drop.cameraId}` : drop.mode === 'fraction' ? `a fraction of ${drop.fraction}` : drop.mode}`);
    },
    pushesDropped: () => push.dropped(),
    setPushDelay: (ms) => {
      push.setDelay(ms);
      log(`pushes delayed by ${ms} ms`);
    },
    severPushConnections: () => {
      const count = push.sever();
      log(`push connections closed without notice: ${count}`);
      return count;
    },
    expirePushRegistrations: (scope = 'connections') => {
      const count = push.expire(scope);
      log(`push registrations expired (${scope}): ${count}`);
      return count;
    },
    sendLocationFrame: (frame, locationId) => state.sockets.sendRaw(frame, locationId),
    refreshTokenState: (refreshToken) => state.authority.refreshTokenState(unwrapRefreshToken(refreshToken)),
    setSensorFaulted(zid, faulted) {
      const { location, doc } = requireAlarmDevice(zid);
      state.sockets.broadcastDeviceUpdate(location, applyAlarmPatch(doc, faultPatchFor(doc.general.v2.deviceType, faulted)));
      log(`${doc.general.v2.name} ${faulted ? 'faulted' : 'restored'}`);
    },
    updateAlarmDevice(zid, patch) {
      const { location, doc } = requireAlarmDevice(zid);
      state.sockets.broadcastDeviceUpdate(location, applyAlarmPatch(doc, patch as PlainObject));
    },
    setDeviceOffline(id, offline) {
      const numeric = Number(id);
      const camera = Number.isFinite(numeric) ? findCamera(scenario, numeric) : undefined;
      const chime = Number.isFinite(numeric) ? findChime(scenario, numeric) : undefined;
      const hubLocation = scenario.locations.find((location) => location.baseStation && (location.baseStation.uuid === id || location.baseStation.id === numeric));
      if (camera) setCameraOffline(camera, offline);
      else if (chime) setChimeOffline(chime, offline);
      else if (hubLocation?.baseStation) {
        hubLocation.baseStation.status = offline ? 'offline' : 'online';
        state.sockets.broadcastSessionInfo(hubLocation);
      } else {
        const { location, doc } = requireAlarmDevice(String(id));
        state.sockets.broadcastDeviceUpdate(location, applyAlarmPatch(doc, { commStatus: offline ? 'error' : 'ok' }));
      }
      log(`device ${String(id)} ${offline ? 'offline' : 'online'}`);
    },
    setLocationMode(locationId, mode) {
      const location = findLocation(scenario, locationId);
      if (!location) throw new Error(`no location ${locationId}`);
      setLocationMode(state, location, mode);
    },
    failNext: (pattern, count, fault) => state.faults.add(pattern, count, fault),
    clearFaults: () => state.faults.clear(),
    dropWebSockets: () => state.sockets.dropAll(),
    goDark: (mode, forMs) => outage.begin(mode, forMs),
    comeBack: () => outage.end(),
    outage: () => outage.state(),
    revokeAllTokens: () => state.authority.revokeAll(),
    setTooManyCodes: (enabled) => {
      state.flags.tooManyCodes = enabled;
    },
    requests: () => state.requests.all(),
    clearRequests: () => state.requests.clear(),
    snapshotCount: (cameraId) => state.snapshots.count(cameraId),
    setCameraPicture: (cameraId, jpeg) => {
      state.snapshots.setPicture(cameraId, jpeg);
      log(`camera ${cameraId} pictures: ${jpeg ? `a given JPEG of ${jpeg.length} bytes` : 'drawn'}`);
    },
    chimePlays: (chimeId) => ({ ding: 0, motion: 0, ...state.chimePlays.get(chimeId) }),
    tokensIssued: () => state.authority.issued(),
    pushClients: () => push.info(),
    async waitForPushClient(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!push.info().some((client) => client.ready)) {
        if (Date.now() > deadline) throw new Error(`no push client became ready within ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    locationSocketCount: () => state.sockets.connectionCount(),
    pendingFaults: () => state.faults.pending(),
    liveCalls: () => state.live.records(),
    planNextLiveCall: (behavior, cameraId) => state.live.planNextCall(behavior, cameraId),
    endLiveCalls: (cameraId) => state.live.endCalls(cameraId),
    ...createIntercomControls(state, (data, waitForClientMs, options) => push.deliver(data, waitForClientMs, options)),
    async close() {
      outage.dispose();
      push.close();
      state.sockets.close();
      await state.live.close();
      pushSockets.close();
      server.closeAllConnections();
      // After a 'refuse' outage nothing listens any more; close() then only reports that.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  log(`listening on ${url}`);
  return cloud;
}
