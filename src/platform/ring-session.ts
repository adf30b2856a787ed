import type { API, Logging, PlatformAccessory } from 'homebridge';
import type { Location } from 'ring-client-api';
import { filter, type Observable, type Subscription } from 'rxjs';
import type { BaseAccessory } from '../accessories/base-accessory.js';
import type { TrygrConfig } from '../config/parse-config.js';
import { ContextTracker } from '../privacy/context-tracker.js';
import type { CompiledPolicy } from '../privacy/compile-policy.js';
import { PrivacyGate, type CommandRecord, type DecisionRecord } from '../privacy/privacy-gate.js';
import { PrivacySwitches } from '../privacy/privacy-switches.js';
import { GlobalPrivacyAccessory } from '../accessories/privacy-accessory.js';
import { alarmMode$, LocationModePoller, modeSwitchable } from '../ring/location-mode.js';
import type { RingConnection, RingHome } from '../ring/ring-connection.js';
import { AccessoryRegistry } from './accessory-registry.js';
import { buildAlarmDevice, buildCamera, buildLocationCameras, buildLocationMode, buildPanicButtons, SWITCH_CATEGORY, type BuildContext } from './build-devices.js';
import { accessorySeed } from './identity.js';
import { countsLine } from './summary.js';
import { CameraAccessory } from '../accessories/camera/camera-accessory.js';
import type { RingDevice } from 'ring-client-api';
import { homeDirectory } from './home-directory.js';
import type { SnapshotServer } from './snapshot-server.js';
import type { StatusPublisher } from './status-publisher.js';
import type { PushIntake } from '../ring/push-intake.js';
import type { PushHealthState } from '../config/plugin-status.js';
import { cameraRecord, type CameraRecord } from '../ring/known-cameras/camera-record.js';
import { offlineCamera } from '../ring/known-cameras/offline-camera.js';

export interface RingSessionOptions {
  /** Every gate decision, for the audit ledger. */
  onDecision?: (record: DecisionRecord) => void;
  /** Every HomeKit command with its outcome, for the audit ledger. */
  onCommand?: (record: CommandRecord) => void;
  status: StatusPublisher;
  snapshots: SnapshotServer;
  api: API;
  log: Logging;
  config: TrygrConfig;
  cached: Map<string, PlatformAccessory>;
  policy: CompiledPolicy | undefined;
  systemId: string;
  /** This bridge's Privacy switch file (config/plugin-files.ts). */
  switchesFile: string;
  /** Counts camera pushes and drops duplicates (push health). */
  pushes?: PushIntake;
  /** The push channel's state; cameras show a Status Fault while it is down (`pushFaultStatus`). */
  pushState$?: Observable<PushHealthState>;
  /** Reconciliation and recovery of pushes for one connection (push-watchdog.ts); stopped with it. */
  watchPushes?: (home: RingHome, cameras: ReadonlyMap<string, CameraAccessory>) => { stop(): void };
  /** Every connection's cameras, kept for the next start (publishKnownCameras). */
  onCameras?: (records: CameraRecord[]) => void;
}

/**
 * With `locationModePollingSeconds` 0 there is no mode accessory, but "private while home" rules
 * still need the mode: it is read this often for them.
 */
const PRIVACY_MODE_POLL_S = 60;

/** How long the first alarm device list may take before the rest of the setup goes on without it. */
const ALARM_LIST_WAIT_MS = 30_000;

/**
 * One connected Ring account: its accessories, the privacy context they are judged in, and the
 * connection behind them. A new sign-in replaces the connection and rebinds the same accessories.
 */
export class RingSession {
  readonly systemId: string;
  readonly tracker = new ContextTracker();
  readonly gate: PrivacyGate;
  readonly switches: PrivacySwitches;
  private globalPrivacy?: GlobalPrivacyAccessory;
  private readonly registry: AccessoryRegistry;
  private connection?: RingConnection;
  private accessories: BaseAccessory[] = [];
  private pollers: LocationModePoller[] = [];
  private locations: Location[] = [];
  /** Mode streams of the current connection; a new connection must not inherit the old one's. */
  private modeFollows: Subscription[] = [];
  private readonly alarmDevices = new Map<string, RingDevice[]>();
  /** Locations whose Ring mode is a Security System (modes on, and settable by this account). */
  private readonly modeLocations = new Set<string>();
  private pushWatch?: { stop(): void };
  /** Cameras published from the last connection's list, by Ring id, until Ring's own replace them. */
  private readonly standIns = new Map<string, CameraAccessory>();

  constructor(private readonly options: RingSessionOptions) {
    this.systemId = options.systemId;
    this.registry = new AccessoryRegistry(options.api, options.log, options.cached);
    this.switches = new PrivacySwitches(options.switchesFile, this.tracker, options.log);
    this.gate = new PrivacyGate({
      policy: options.policy,
      context: this.tracker,
      onDecision: options.onDecision,
      onCommand: options.onCommand,
      onRenderError: (device) => options.log.warn(`${device.name}: a snapshot could not be processed; the placeholder was sent instead.`),
    });
    this.tracker.startClock();
    // The panel shows each location's mode ("private while home" depends on it).
    this.tracker.changes$.pipe(filter((change) => change.cause === 'mode')).subscribe(() => {
      if (this.connection) this.publishDirectory();
    });
  }

  /** A new policy applies to the next signal at once, and to what is running (streams, held-back alarm states). */
  setPolicy(policy: CompiledPolicy | undefined): void {
    this.gate.setPolicy(policy);
  }

  /** Closes the current connection (accessories stay, not responding). */
  stopConnection(): void {
    this.pushWatch?.stop();
    this.pushWatch = undefined;
    for (const accessory of this.accessories.splice(0)) {
      accessory.dispose();
    }
    this.globalPrivacy?.dispose();
    this.globalPrivacy = undefined;
    this.options.snapshots.clear();
    for (const poller of this.pollers.splice(0)) {
      poller.stop();
    }
    for (const follow of this.modeFollows.splice(0)) {
      follow.unsubscribe();
    }
    this.connection?.shutdown();
    this.connection = undefined;
  }

  /**
   * Publishes the cameras the last connection reported, offline, before Ring answers: bridged
   * accessories come back from Homebridge's cache at once, but cameras are HomeKit accessories of
   * their own that Homebridge does not keep. Each answers with its services and local switches
   * ("No Response" for what only Ring knows) until Ring's camera takes its place.
   */
  publishKnownCameras(records: readonly CameraRecord[]): number {
    const ctx = this.buildContext();
    const { locationIds } = this.options.config;
    for (const record of records) {
      // A location the configuration no longer includes will not be connected: its cameras stay away.
      if (this.standIns.has(String(record.id)) || (locationIds.length > 0 && !locationIds.includes(record.locationId))) continue;
      const accessory = buildCamera(ctx, offlineCamera(record));
      if (accessory) this.standIns.set(accessory.ringId, accessory);
    }
    this.registry.publish();
    return this.standIns.size;
  }

  /** Ring has answered: its cameras take the stand-ins' accessories; a camera it no longer reports leaves the network. */
  private retireStandIns(home: RingHome): void {
    const reported = new Set(home.cameras.map((camera) => String(camera.id)));
    for (const [id, standIn] of this.standIns) {
      standIn.dispose();
      if (!reported.has(id)) {
        this.options.log.info(
          `Ring no longer reports ${standIn.device.name}; its HomeKit camera has left the network (remove it in the Home app if it does not come back).`,
        );
        void this.registry.unpublish(accessorySeed('camera', id));
      }
    }
    this.standIns.clear();
  }

  async run(connection: RingConnection): Promise<'connected' | 'rejected' | 'cancelled'> {
    this.stopConnection();
    this.connection = connection;
    const outcome = await connection.connect();
    if (outcome.kind === 'connected' && this.connection === connection) {
      await this.build(outcome.home);
    } else if (outcome.kind === 'rejected') {
      this.registry.markCachedUnavailable();
    }
    return outcome.kind;
  }

  private buildContext(): BuildContext {
    const { api, log, config } = this.options;
    return {
      deps: { api, log, config, gate: this.gate, switches: this.switches, pushes: this.options.pushes, pushState$: this.options.pushState$ },
      registry: this.registry,
      systemId: this.systemId,
    };
  }

  private async build(home: RingHome): Promise<void> {
    const { log, config } = this.options;
    const ctx = this.buildContext();
    this.registry.beginBuild();
    const privacyAccessory = this.registry.bridged(accessorySeed('privacy', 'global'), 'Privacy', SWITCH_CATEGORY, {
      ringId: 'privacy',
      family: 'privacy',
      locationId: '',
    });
    this.globalPrivacy = new GlobalPrivacyAccessory(this.options.api, privacyAccessory, this.switches);
    log.info(`Connected to Ring: ${home.locations.length} location${home.locations.length === 1 ? '' : 's'}.`);
    this.retireStandIns(home);
    const pollers = new Map<string, LocationModePoller>();
    for (const location of home.locations) {
      this.accessories.push(...buildLocationCameras(ctx, location));
      if (!location.hasAlarmBaseStation) {
        const poller = new LocationModePoller(location, config.locationModePollingSeconds || PRIVACY_MODE_POLL_S);
        this.modeFollows.push(this.tracker.followMode(location.id, poller.mode$));
        poller.start();
        this.pollers.push(poller);
        pollers.set(location.id, poller);
      }
    }
    this.registry.publish();
    // Only the cameras published: a hidden one is not kept, not even by name.
    const shown = new Set(this.accessories.flatMap((accessory) => (accessory instanceof CameraAccessory ? [accessory.ringId] : [])));
    this.options.onCameras?.(home.cameras.filter((camera) => shown.has(String(camera.id))).map(cameraRecord));

    const incomplete = new Set<string>();
    this.modeLocations.clear();
    for (const [index, location] of home.locations.entries()) {
      const poller = pollers.get(location.id);
      // After the cameras are published: this asks Ring once more, and may wait for it.
      if (poller && config.locationModePollingSeconds > 0 && (await modeSwitchable(location))) {
        this.modeLocations.add(location.id);
        const modeAccessory = buildLocationMode(ctx, location, poller);
        if (modeAccessory) this.accessories.push(modeAccessory);
      }
      const alarmCount = location.hasHubs ? await this.buildAlarm(ctx, location, incomplete) : 0;
      log.info(
        `Location ${index + 1} of ${home.locations.length}: ${countsLine(location.cameras.length, location.chimes.length, alarmCount, location.intercoms.length)}.`,
      );
      log.debug(`Location ${index + 1} is "${location.name}".`);
    }
    this.registry.publish();
    this.registry.removeStale(incomplete);
    this.locations = home.locations;
    this.publishDirectory();
    const cameras = new Map<string, CameraAccessory>();
    for (const accessory of this.accessories) {
      if (accessory instanceof CameraAccessory) cameras.set(accessory.ringId, accessory);
    }
    this.pushWatch?.stop();
    this.pushWatch = this.options.watchPushes?.(home, cameras);
  }

  /** Tells the settings panel what there is, and lets it ask for each camera's current view. */
  private publishDirectory(): void {
    for (const accessory of this.accessories) {
      if (accessory instanceof CameraAccessory) {
        this.options.snapshots.set(accessory.device.id, (width, height) => accessory.currentView(width, height));
      }
    }
    this.options.status.update(
      homeDirectory(this.options.config, this.locations, {
        alarmDevices: this.alarmDevices,
        modeLocations: this.modeLocations,
        modeOf: (id) => this.tracker.modeOf(id),
        uuid: this.options.api.hap.uuid.generate,
      }),
    );
  }

  /** Builds a location's alarm accessories; a slow hub is waited for in the background. */
  private async buildAlarm(ctx: BuildContext, location: Location, incomplete: Set<string>): Promise<number> {
    const devicesPromise = location.getDevices();
    const devices = await Promise.race([devicesPromise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ALARM_LIST_WAIT_MS).unref())]);
    if (!devices) {
      incomplete.add(location.id);
      this.options.log.warn('The Ring Alarm of a location has not answered yet; its accessories will follow when it does.');
      const connection = this.connection;
      void devicesPromise.then(
        (late) => {
          // A late answer from a connection that has since been replaced belongs to nobody.
          if (this.connection && this.connection === connection) {
            this.addAlarmDevices(ctx, location, late);
            this.registry.publish();
            this.publishDirectory();
          }
        },
        () => undefined,
      );
      return 0;
    }
    return this.addAlarmDevices(ctx, location, devices);
  }

  private addAlarmDevices(ctx: BuildContext, location: Location, devices: Awaited<ReturnType<Location['getDevices']>>): number {
    this.alarmDevices.set(location.id, devices);
    const panel = devices.find((device) => device.deviceType === 'security-panel');
    if (panel) {
      this.modeFollows.push(this.tracker.followMode(location.id, alarmMode$(location, panel)));
      const panic = buildPanicButtons(ctx, location, panel);
      if (panic) {
        this.accessories.push(panic);
      }
    }
    for (const device of devices) {
      const accessory = buildAlarmDevice(ctx, location, device);
      if (accessory) {
        this.accessories.push(accessory);
      }
    }
    return devices.length;
  }

  shutdown(): void {
    this.stopConnection();
    for (const standIn of this.standIns.values()) standIn.dispose();
    this.standIns.clear();
    this.tracker.dispose();
  }
}
