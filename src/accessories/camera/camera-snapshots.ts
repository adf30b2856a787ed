import type { CameraPort } from '../../ring/known-cameras/camera-port.js';
import type { TrygrConfig } from '../../config/parse-config.js';
import { planSnapshot, type CameraSnapshotFacts } from './snapshot-plan.js';

/** An event's image is worth waiting for only while the notification it belongs to is fresh. */
const EVENT_WINDOW_MS = 30_000;
/**
 * How long a snapshot request waits for a fresh image from Ring. ring-client-api gives up after
 * 20 s, but hap-nodejs calls a snapshot handler slow after 8 s and HomeKit stops waiting soon after;
 * a late image still fills the cache for the next request.
 */
export const FRESH_SNAPSHOT_WAIT_MS = 7_000;

export interface SnapshotLog {
  debug(message: string): void;
}

/**
 * The raw Ring JPEGs of one camera: a short cache for the Home app's tiles, and the image of the
 * latest event, fetched alongside (never before) the event itself.
 */
export class CameraSnapshots {
  private cached?: { jpeg: Buffer; at: number };
  private lastFetchAt?: number;
  private event?: { promise: Promise<Buffer | undefined>; at: number };
  private inflight?: Promise<Buffer | undefined>;

  constructor(
    private readonly camera: CameraPort,
    private readonly config: TrygrConfig,
    private readonly log: SnapshotLog,
    private readonly now: () => number = Date.now,
  ) {}

  facts(): CameraSnapshotFacts {
    const data = this.camera.data as { settings?: { motion_detection_enabled?: boolean }; e2ee_enabled?: boolean };
    return {
      offline: this.camera.isOffline,
      blocked: data.settings?.motion_detection_enabled === false || data.e2ee_enabled === true,
      onBattery: this.camera.operatingOnBattery,
    };
  }

  /** Starts fetching the event's image; returns at once so the event is not held back. */
  onEvent(snapshotUuid: string | undefined): void {
    if (this.facts().offline || this.facts().blocked) {
      return;
    }
    const at = this.now();
    const promise = this.fetch(snapshotUuid).catch((error: unknown) => {
      this.log.debug(`Event snapshot failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    this.event = { promise, at };
  }

  /** The JPEG for a snapshot request, or undefined when the camera cannot give a current one. */
  async latest(): Promise<Buffer | undefined> {
    const now = this.now();
    const eventPending = this.event !== undefined && now - this.event.at < EVENT_WINDOW_MS;
    const plan = planSnapshot(
      this.facts(),
      { cachedAt: this.cached?.at, lastFetchAt: this.lastFetchAt, eventPending },
      {
        cacheMs: this.config.snapshotCacheSeconds * 1000,
        batteryIntervalMs: this.config.batterySnapshotSeconds * 1000,
      },
      now,
    );
    switch (plan.kind) {
      case 'unavailable':
        return undefined;
      case 'cache':
        return this.cached!.jpeg;
      case 'await-event': {
        const event = this.event!;
        const image = await withBound(event.promise, this.config.eventSnapshotWaitMs);
        if (image) {
          return image;
        }
        return this.cached && now - this.cached.at < this.config.snapshotCacheSeconds * 1000 ? this.cached.jpeg : withBound(this.fresh(), FRESH_SNAPSHOT_WAIT_MS);
      }
      case 'fetch':
        return withBound(this.fresh(), FRESH_SNAPSHOT_WAIT_MS);
    }
  }

  /** Concurrent requests share one fetch, so a busy Home app cannot hammer the camera. */
  private fresh(): Promise<Buffer | undefined> {
    this.inflight ??= this.fetch(undefined)
      .catch((error: unknown) => {
        this.log.debug(`Snapshot failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async fetch(uuid: string | undefined): Promise<Buffer> {
    this.lastFetchAt = this.now();
    const jpeg = await this.camera.getNextSnapshot(uuid ? { uuid } : { afterMs: 0, force: true });
    const image = Buffer.from(jpeg);
    this.cached = { jpeg: image, at: this.now() };
    return image;
  }
}

function withBound<T>(promise: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
