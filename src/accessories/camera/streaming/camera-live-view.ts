import type { CameraPort } from '../../../ring/known-cameras/camera-port.js';
import type { Device } from '../../../privacy/types.js';
import { placeholderImage } from '../../../privacy/placeholder.js';
import type { AccessoryDeps } from '../../base-accessory.js';
import { LazyLiveView, type CameraLiveView } from './lazy-live-view.js';

/** Bounds on Ring's side of a start; HomeKit gives up on a stream that shows nothing for about 20 s. */
const TICKET_TIMEOUT_MS = 10_000;
const ANSWER_TIMEOUT_MS = 15_000;
const FIRST_VIDEO_TIMEOUT_MS = 15_000;

/** The live view of one Ring camera, wired to the plugin's gate, switches and options; its stack loads on the first stream. */
export function cameraLiveView(deps: AccessoryDeps, device: Device, camera: CameraPort, forceStop: (sessionId: string) => void): CameraLiveView {
  const { config } = deps;
  return new LazyLiveView(async () => {
    const [{ LiveView }, { liveViewRefusal, openLiveCall }] = await Promise.all([import('./live-view.js'), import('../../../ring/live-call.js')]);
    return new LiveView({
      device,
      gate: deps.gate,
      log: deps.log,
      source: {
        refusal: () => liveViewRefusal(camera.data as Parameters<typeof liveViewRefusal>[0], camera.isOffline),
        open: () => openLiveCall(camera, { ticketTimeoutMs: TICKET_TIMEOUT_MS, answerTimeoutMs: ANSWER_TIMEOUT_MS }),
      },
      ffmpegPath: config.ffmpegPath,
      limits: {
        maxMs: config.liveViewMaxSeconds * 1000,
        idleMs: config.liveViewIdleSeconds * 1000,
        firstVideoMs: FIRST_VIDEO_TIMEOUT_MS,
      },
      placeholder: (width, height) => placeholderImage({ width, height }),
      forceStop,
    });
  });
}
