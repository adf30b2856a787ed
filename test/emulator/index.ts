/**
 * Ring cloud emulator for tests and the demo: the unmodified ring-client-api talks to it through
 * the redirect in test/redirect (REST via fetch, the location WebSocket via undici's dispatcher,
 * push notifications via a patched @eneris/push-receiver).
 *
 *   const cloud = await startRingCloud();               // demo home, free port on 127.0.0.1
 *   installRingRedirect(cloud.url);                      // in-process (Jest), or
 *   TRYGR_RING_CLOUD_URL=<url> node --import ./.build/test/redirect/register.js ...
 *   const api = new RingApi({ refreshToken: cloud.mintRefreshToken(), systemId: 'test' });
 *   await cloud.injectMotion(184320001, 'human');
 *
 * Child processes drive the same controls over HTTP: see control.ts (and control-client.ts).
 */
export { startRingCloud, locationSocketHost } from './ring-cloud.js';
export type { RingCloud, RingCloudOptions, InjectOptions } from './ring-cloud.js';
export type { IntercomControls } from './intercom-controls.js';
export type {
  Scenario,
  LocationScenario,
  CameraRecord,
  ChimeRecord,
  IntercomRecord,
  IntercomUnlockAnswer,
  IntercomDingDelivery,
  AlarmDeviceDoc,
  BaseStationRecord,
  AccountScenario,
  RecordedRequest,
  Fault,
  DetectionType,
  PushDelivery,
  LocationMode,
} from './types.js';
export { generateScenario, type GenerateOptions } from './generate-scenario.js';
export { defaultScenarioPath, loadScenario, normalizeScenario } from './scenario.js';
export { demoHome } from './demo-home-ids.js';
export { RingCloudControl } from './control-client.js';
export type { LiveCallBehavior, LiveCallRecord, LiveViewOptions } from './live-signalling.js';
export { startStunResponder, STUN_PORTS, type StunResponder } from './stun-responder.js';
