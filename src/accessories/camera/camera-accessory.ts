import type { CameraController, DoorbellController, PlatformAccessory, Service } from 'homebridge';
import type { CameraPort } from '../../ring/known-cameras/camera-port.js';
import { distinctUntilChanged, filter, map, of, type Observable } from 'rxjs';
import type { PushHealthState } from '../../config/plugin-status.js';
import type { DetectionType } from '../../config/device-kinds.js';
import { readCameraEvent, type RingCameraEvent } from '../../ring/notifications.js';
import { pushSignal } from '../../privacy/decide-signal.js';
import type { PushVerdict } from '../../privacy/gate.js';
import type { Device } from '../../privacy/types.js';
import { BaseAccessory, type AccessoryDeps, type HeldSetting } from '../base-accessory.js';
import { READ_REFRESH_MIN_INTERVAL_MS, ReadRefresh } from '../read-refresh.js';
import { CameraDelegate } from './camera-delegate.js';
import { CameraSnapshots } from './camera-snapshots.js';
import { isRepeatPress } from './doorbell-repeat.js';
import { pushStatusFault } from './push-fault.js';
import { streamingOptions } from './streaming-options.js';
import { cameraLiveView } from './streaming/camera-live-view.js';
import type { CameraLiveView } from './streaming/lazy-live-view.js';

/** A snapshot request this soon after an event is taken to be for that event's notification. */
const EVENT_SNAPSHOT_WINDOW_MS = 15_000;

const DETECTION_SENSORS: Array<{ type: DetectionType; option: 'personSensor' | 'vehicleSensor' | 'packageSensor'; label: string }> = [
  { type: 'person', option: 'personSensor', label: 'Person' },
  { type: 'vehicle', option: 'vehicleSensor', label: 'Vehicle' },
  { type: 'package', option: 'packageSensor', label: 'Package' },
];

/** One Ring camera or doorbell, published as its own HomeKit camera. */
export class CameraAccessory extends BaseAccessory {
  readonly controller: CameraController;
  private readonly snapshots: CameraSnapshots;
  private readonly liveView: CameraLiveView;
  private readonly resetTimers = new Map<Service, NodeJS.Timeout>();
  /** The latest Ring push, forwarded or not: snapshots right after it are its picture. */
  private lastPush?: { verdict: PushVerdict; at: number };
  private lastPressAt?: number;
  /** Absent with `motionSensor: false`: motion is then decided and recorded, and shows nowhere. */
  private motion?: Service;
  private readonly detectionServices = new Map<DetectionType, Service>();
  private doorbellSwitch?: Service;
  private readonly readRefresh: ReadRefresh;
  private readonly now: () => number;

  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    private readonly camera: CameraPort,
    serial: string,
  ) {
    super(deps, accessory, device);
    this.readRefresh = new ReadRefresh(() => camera.requestUpdate(), READ_REFRESH_MIN_INTERVAL_MS);
    const data = camera.data as { firmware_version?: string };
    this.information(camera.model, serial, data.firmware_version);
    this.now = deps.now ?? Date.now;
    this.snapshots = new CameraSnapshots(camera, deps.config, deps.log, this.now);

    this.liveView = cameraLiveView(deps, device, camera, (sessionId) => this.controller.forceStopStreamingSession(sessionId));
    const delegate = new CameraDelegate(this.hap, this.log, deps.gate, device, this.snapshots, () => this.recentPush(), this.liveView);
    const options = { cameraStreamCount: 2, delegate, streamingOptions: streamingOptions(this.hap) };
    this.controller = camera.isDoorbot ? new this.hap.DoorbellController(options) : new this.hap.CameraController(options);
    accessory.configureController(this.controller);

    this.setUpMotion();
    this.setUpPushFault();
    this.setUpDoorbell();
    this.setUpLight();
    this.setUpSiren();
    this.setUpInHomeDoorbell();
    this.setUpBattery();
    this.setUpPrivacySwitch();
    this.subscriptions.push(
      camera.onNewNotification.subscribe((notification) => {
        // A throw inside an rxjs subscriber would end the process; a bad push must only be skipped.
        try {
          const event = readCameraEvent(notification);
          // A ding Ring sent twice is dropped here, before the gate: it is neither shown nor recorded twice.
          if (event && (this.deps.pushes?.admit(String(this.camera.id), event.dingId) ?? true)) {
            this.onEvent(event);
          }
        } catch (error) {
          this.log.warn(`${this.device.name}: a Ring notification could not be handled: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
  }

  /** Ring's id of the camera, as pushes and Ring's history name it. */
  get ringId(): string {
    return String(this.camera.id);
  }

  private recentPush(): PushVerdict | undefined {
    const push = this.lastPush;
    return push && this.now() - push.at < EVENT_SNAPSHOT_WINDOW_MS ? push.verdict : undefined;
  }

  /** The current view at a size, through the privacy gate (for the settings panel's zone editor). */
  currentView(width: number, height: number): Promise<Buffer> {
    return this.deps.gate.snapshot(this.device, { width, height, purpose: 'on-demand' }, () => this.snapshots.latest());
  }

  protected override beforeRead(): void {
    this.readRefresh.read();
  }

  /** Throws HAP's "No Response" while Ring reports the camera offline. */
  private online<T>(value: () => T): () => T {
    return () => {
      if (this.camera.isOffline) {
        throw this.noResponse();
      }
      return value();
    };
  }

  private setUpMotion(): void {
    const { Service, Characteristic } = this.hap;
    if (this.deps.config.motionSensor) {
      const motion = this.service(Service.MotionSensor, `${this.device.name} Motion`, 'motion');
      this.motion = motion;
      this.bind(motion, Characteristic.MotionDetected, {
        onGet: this.online(() => motion.getCharacteristic(Characteristic.MotionDetected).value as boolean),
      });
    }
    // Ring ends motion on its own timer; follow it when it is sooner than ours.
    this.subscriptions.push(
      this.camera.onMotionDetected.subscribe((active) => {
        if (!active) {
          this.clearAllSensors();
        }
      }),
    );
    for (const sensor of DETECTION_SENSORS) {
      if (this.deps.config[sensor.option]) {
        const service = this.service(Service.MotionSensor, `${this.device.name} ${sensor.label}`, sensor.type);
        this.bind(service, Characteristic.MotionDetected, {
          onGet: this.online(() => service.getCharacteristic(Characteristic.MotionDetected).value as boolean),
        });
        this.detectionServices.set(sensor.type, service);
      }
    }
  }

  /**
   * Status Fault on the camera's motion sensors while the push channel is down (`pushFaultStatus`).
   * HAP allows StatusFault on a MotionSensor, not on the Doorbell or the button, so a camera whose
   * motion sensors are all hidden shows none. Off: a Status Fault a cached sensor carries goes.
   */
  private setUpPushFault(): void {
    const { Characteristic } = this.hap;
    const sensors = [...(this.motion ? [this.motion] : []), ...this.detectionServices.values()];
    const enabled = this.deps.config.pushFaultStatus;
    for (const sensor of sensors) {
      if (!enabled) {
        if (sensor.testCharacteristic(Characteristic.StatusFault)) sensor.removeCharacteristic(sensor.getCharacteristic(Characteristic.StatusFault));
        continue;
      }
      const state$: Observable<PushHealthState | undefined> = this.deps.pushState$ ?? of(undefined);
      this.bind<number>(sensor, Characteristic.StatusFault, {
        value$: state$.pipe(
          map((state) => pushStatusFault(state, true)),
          distinctUntilChanged(),
        ),
      });
    }
  }

  private setUpDoorbell(): void {
    if (this.camera.isDoorbot && this.deps.config.doorbellSwitch) {
      const { Service, Characteristic } = this.hap;
      this.doorbellSwitch = this.service(Service.StatelessProgrammableSwitch, `${this.device.name} Button`, 'doorbell-button');
      this.doorbellSwitch.getCharacteristic(Characteristic.ProgrammableSwitchEvent).setProps({
        validValues: [Characteristic.ProgrammableSwitchEvent.SINGLE_PRESS],
      });
    }
  }

  private setUpLight(): void {
    if (this.camera.hasLight && this.deps.config.cameraLight) {
      this.bindHeld(
        this.service(this.hap.Service.Lightbulb, `${this.device.name} Light`, 'light'),
        this.hap.Characteristic.On,
        this.cameraSetting(
          (data) => (data as { led_status?: string }).led_status === 'on',
          (on) => this.camera.setLight(on),
        ),
      );
    }
  }

  private setUpSiren(): void {
    if (this.camera.hasSiren && this.deps.config.cameraSirenSwitch) {
      this.bindHeld(
        this.service(this.hap.Service.Switch, `${this.device.name} Siren`, 'siren'),
        this.hap.Characteristic.On,
        this.cameraSetting(
          (data) => ((data as { siren_status?: { seconds_remaining?: number } }).siren_status?.seconds_remaining ?? 0) > 0,
          (on) => this.camera.setSiren(on),
        ),
      );
    }
  }

  private setUpInHomeDoorbell(): void {
    if (this.camera.isDoorbot && this.camera.hasInHomeDoorbell && this.deps.config.inHomeChimeSwitch) {
      this.bindHeld(
        this.service(this.hap.Service.Switch, `${this.device.name} In-Home Chime`, 'in-home-doorbell'),
        this.hap.Characteristic.On,
        this.cameraSetting(
          (data) => (data as { settings?: { chime_settings?: { enable?: boolean } } }).settings?.chime_settings?.enable === true,
          (on) => this.camera.setInHomeDoorbell(on),
        ),
      );
    }
  }

  private cameraSetting(reported: (data: object) => boolean, write: (on: boolean) => Promise<unknown>): HeldSetting<boolean> {
    return { data$: this.camera.onData, data: () => this.camera.data, reported, write, guard: (read) => this.online(read) };
  }

  private setUpBattery(): void {
    if (!this.camera.hasBattery) {
      return;
    }
    const { Service, Characteristic } = this.hap;
    const battery = this.service(Service.Battery, `${this.device.name} Battery`, 'battery');
    const level = () => Math.max(0, Math.min(100, this.camera.batteryLevel ?? 100));
    const low = () => (this.camera.hasLowBattery ? Characteristic.StatusLowBattery.BATTERY_LEVEL_LOW : Characteristic.StatusLowBattery.BATTERY_LEVEL_NORMAL);
    const charging = () => (this.camera.isCharging ? Characteristic.ChargingState.CHARGING : Characteristic.ChargingState.NOT_CHARGING);
    this.bind(battery, Characteristic.BatteryLevel, { value$: this.camera.onData.pipe(map(level), distinctUntilChanged()), onGet: level });
    this.bind(battery, Characteristic.StatusLowBattery, { value$: this.camera.onData.pipe(map(low), distinctUntilChanged()), onGet: low });
    this.bind(battery, Characteristic.ChargingState, { value$: this.camera.onData.pipe(map(charging), distinctUntilChanged()), onGet: charging });
  }

  /** The camera's own Privacy switch; turning it on also clears motion that is showing. */
  private setUpPrivacySwitch(): void {
    const { Service, Characteristic } = this.hap;
    const { switches } = this.deps;
    const service = this.service(Service.Switch, `${this.device.name} Privacy`, 'privacy');
    const changes$ = switches.changes$.pipe(filter((change) => change.deviceId === this.device.id || change.deviceId === undefined));
    this.bind(service, Characteristic.On, {
      value$: changes$.pipe(
        filter((change) => change.deviceId === this.device.id),
        map((change) => change.on),
      ),
      onGet: () => switches.device(this.device.id),
      onSet: (on) => switches.setDevice(this.device.id, on),
      local: true,
    });
    // Motion still showing from before would otherwise linger in the Home app after going private.
    this.subscriptions.push(changes$.pipe(filter((change) => change.on)).subscribe(() => this.clearAllSensors()));
  }

  /**
   * An event Ring's history lists that never came by push (src/ring/push-reconcile.ts). It is
   * decided by the same policy and recorded as missed by push; a recent doorbell press
   * (`deliverLate`) then rings like a push would, anything else is only recorded. It carries no
   * picture of its own: the notification's image is whatever the gate allows of the latest one.
   */
  missedByPush(event: RingCameraEvent, deliverLate: boolean): void {
    const signal = pushSignal(event.kind === 'ding' ? 'doorbell' : 'motion', event.detectionType);
    const verdict = this.deps.gate.push(this.device, signal, { lateDelivery: deliverLate });
    if (deliverLate) this.deliver(event, verdict, false);
  }

  /**
   * Decides the push once, with everything Ring said about it; that one verdict sets the sensors
   * (at once) and governs the picture, whose fetch starts beside them: the event never waits for
   * the image, and a push that may not show its picture never asks Ring for one.
   */
  private onEvent(event: RingCameraEvent): void {
    this.deliver(event, this.deps.gate.push(this.device, pushSignal(event.kind === 'ding' ? 'doorbell' : 'motion', event.detectionType)));
  }

  /** `eventImage` false: no image is fetched for it (a late press must not wake a battery camera). */
  private deliver(event: RingCameraEvent, verdict: PushVerdict, eventImage = true): void {
    const now = this.now();
    this.lastPush = { verdict, at: now };
    if (!verdict.forwards) {
      return;
    }
    if (event.kind === 'ding') {
      if (isRepeatPress(this.lastPressAt, now, this.deps.config.doorbellRepeatSeconds)) {
        return;
      }
      this.lastPressAt = now;
      (this.controller as DoorbellController).ringDoorbell?.();
      this.doorbellSwitch?.updateCharacteristic(this.hap.Characteristic.ProgrammableSwitchEvent, this.hap.Characteristic.ProgrammableSwitchEvent.SINGLE_PRESS);
    } else {
      if (this.motion) {
        this.trigger(this.motion);
      }
      const detection = event.detectionType;
      const service = detection && detection !== 'unknown' ? this.detectionServices.get(detection) : undefined;
      if (service) {
        this.trigger(service);
      }
    }
    if (verdict.showsImage && eventImage) {
      this.snapshots.onEvent(event.snapshotUuid);
    }
  }

  private trigger(service: Service): void {
    service.updateCharacteristic(this.hap.Characteristic.MotionDetected, true);
    clearTimeout(this.resetTimers.get(service));
    this.resetTimers.set(
      service,
      setTimeout(() => this.clearSensor(service), this.deps.config.motionResetSeconds * 1000),
    );
  }

  private clearAllSensors(): void {
    if (this.motion) {
      this.clearSensor(this.motion);
    }
    this.detectionServices.forEach((detection) => this.clearSensor(detection));
  }

  private clearSensor(service: Service): void {
    clearTimeout(this.resetTimers.get(service));
    this.resetTimers.delete(service);
    service.updateCharacteristic(this.hap.Characteristic.MotionDetected, false);
  }

  override dispose(): void {
    super.dispose();
    void this.liveView.shutdown();
    // A new sign-in rebuilds this camera on the same published accessory with a new controller.
    this.accessory.removeController(this.controller);
    for (const timer of this.resetTimers.values()) {
      clearTimeout(timer);
    }
    this.resetTimers.clear();
  }
}
