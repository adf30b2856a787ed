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
import type { GateDevice, SignalGate } from '../../privacy/gate.js';
import type { CameraSnapshots } from './camera-snapshots.js';

/**
 * Answers the Home app for one camera. Snapshots always come out of the privacy gate; live view
 * is refused cleanly until streaming lands, with one log line per refusal.
 */
export class CameraDelegate implements CameraStreamingDelegate {
  constructor(
    private readonly hap: HAP,
    private readonly log: Logging,
    private readonly gate: SignalGate,
    private readonly device: GateDevice,
    private readonly snapshots: CameraSnapshots,
    private readonly purposeOfNext: () => 'event' | 'on-demand',
  ) {}

  handleSnapshotRequest(request: SnapshotRequest, callback: SnapshotRequestCallback): void {
    const purpose = this.purposeOfNext();
    this.gate
      .snapshot(this.device, { width: request.width, height: request.height, purpose }, () => this.snapshots.latest())
      .then((jpeg) => callback(undefined, jpeg), (error: unknown) => {
        this.log.warn(`${this.device.name}: snapshot failed: ${error instanceof Error ? error.message : String(error)}`);
        callback(new Error('snapshot failed'));
      });
  }

  prepareStream(_request: PrepareStreamRequest, callback: PrepareStreamCallback): void {
    const allowed = this.gate.allowStream(this.device);
    this.log.info(allowed
      ? `${this.device.name}: live view is not available in this version of Trygr yet; the stream request was refused.`
      : `${this.device.name}: live view refused by the privacy policy.`);
    callback(new Error('live view unavailable'));
  }

  handleStreamRequest(_request: StreamingRequest, callback: StreamRequestCallback): void {
    callback(new this.hap.HapStatusError(this.hap.HAPStatus.RESOURCE_BUSY));
  }
}
