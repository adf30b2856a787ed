import type {
  CameraStreamingDelegate,
  HAP,
  Logging,
  PrepareStreamCallback,
  PrepareStreamRequest,
  SnapshotRequest,
  SnapshotRequestCallback,
  StreamingRequest,
  StreamRequestCallback,
} from 'homebridge';
import type { PushVerdict, SignalGate } from '../../privacy/gate.js';
import type { Device } from '../../privacy/types.js';
import type { CameraSnapshots } from './camera-snapshots.js';
import type { CameraLiveView } from './streaming/lazy-live-view.js';
import { LiveViewRefusal } from './streaming/live-view-refusal.js';

/**
 * Answers the Home app for one camera. Snapshots always come out of the privacy gate; live view
 * (streaming/live-view.ts) asks the gate before anything reaches Ring.
 */
export class CameraDelegate implements CameraStreamingDelegate {
  constructor(
    private readonly hap: HAP,
    private readonly log: Logging,
    private readonly gate: SignalGate,
    private readonly device: Device,
    private readonly snapshots: CameraSnapshots,
    /** The push a snapshot asked for now belongs to (its notification picture), if any. */
    private readonly recentPush: () => PushVerdict | undefined,
    private readonly liveView: CameraLiveView,
  ) {}

  handleSnapshotRequest(request: SnapshotRequest, callback: SnapshotRequestCallback): void {
    const push = this.recentPush();
    const query = { width: request.width, height: request.height, purpose: push ? ('event' as const) : ('on-demand' as const) };
    this.gate
      .snapshot(this.device, query, () => this.snapshots.latest(), push)
      .then(
        (jpeg) => callback(undefined, jpeg),
        (error: unknown) => {
          this.log.warn(`${this.device.name}: snapshot failed: ${error instanceof Error ? error.message : String(error)}`);
          callback(new Error('snapshot failed'));
        },
      );
  }

  prepareStream(request: PrepareStreamRequest, callback: PrepareStreamCallback): void {
    this.liveView.prepare(request).then(
      (response) => callback(undefined, response),
      (error: unknown) => callback(this.statusFor(error)),
    );
  }

  handleStreamRequest(request: StreamingRequest, callback: StreamRequestCallback): void {
    this.liveView.handle(request).then(
      () => callback(),
      (error: unknown) => callback(this.statusFor(error)),
    );
  }

  private statusFor(error: unknown): Error {
    const { HapStatusError, HAPStatus } = this.hap;
    if (error instanceof LiveViewRefusal) {
      return new HapStatusError(error.kind === 'failed' ? HAPStatus.SERVICE_COMMUNICATION_FAILURE : HAPStatus.NOT_ALLOWED_IN_CURRENT_STATE);
    }
    this.log.warn(`${this.device.name}: live view failed: ${error instanceof Error ? error.message : String(error)}`);
    return new HapStatusError(HAPStatus.SERVICE_COMMUNICATION_FAILURE);
  }
}
