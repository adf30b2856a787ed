/**
 * The real side of the privacy model test: the real gate, context tracker and Privacy switches,
 * a real CameraAccessory (doorbell, with Person, Vehicle and Package sensors) and a real Ring
 * Alarm contact sensor, on real HAP objects in process. Ring's side is a stand-in that emits the
 * pushes and data updates ring-client-api would, and whose snapshot fetches wait until released.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Characteristic, Logging, PlatformAccessory, SnapshotRequest } from 'homebridge';
import type { Location, RingCamera, RingDevice } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import sharp from 'sharp';
import { createAlarmAccessory } from '../../src/accessories/alarm/alarm-factory.js';
import type { AlarmAccessory } from '../../src/accessories/alarm/alarm-accessory.js';
import { CameraAccessory } from '../../src/accessories/camera/camera-accessory.js';
import { StreamGuard } from '../../src/accessories/camera/streaming/stream-guard.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { CompiledPolicy } from '../../src/privacy/compile-policy.js';
import { ContextTracker } from '../../src/privacy/context-tracker.js';
import { PrivacyGate, type DecisionRecord } from '../../src/privacy/privacy-gate.js';
import { PrivacySwitches } from '../../src/privacy/privacy-switches.js';
import { newHomebridgeApi } from '../support/host-homebridge.js';
import { StandInDoorbell } from '../support/stand-in-doorbell.js';
import type { Device } from '../../src/privacy/types.js';

export const api = await newHomebridgeApi();
const { Service, Characteristic: C } = api.hap;

export const LOCATION = 'loc-1';
export const CAMERA: Device = { id: '101', name: 'Front Door', kind: 'doorbell', locationId: LOCATION };
export const CONTACT: Device = { id: 'zid-contact', name: 'Back Door', kind: 'contact-sensor', locationId: LOCATION };
/** Small pictures keep 10,000 runs quick; the gate's logic does not depend on the size. */
export const SNAPSHOT_SIZE = { width: 64, height: 36 };

const quiet = Object.assign(() => undefined, {
  prefix: 'model',
  info: () => undefined,
  success: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  log: () => undefined,
}) as unknown as Logging;

/** One folder for the switch file of every run: writes are serialised by the switches themselves. */
const switchFile = join(mkdtempSync(join(tmpdir(), 'trygr-model-')), 'privacy-switches.json');

/** Ring's camera as the accessory reads it; `getNextSnapshot` waits until the test releases it. */
class StandInCamera extends StandInDoorbell {
  readonly waiting: Array<() => void> = [];
  fetches = 0;

  constructor() {
    super(Number(CAMERA.id), CAMERA.name, LOCATION);
  }

  getNextSnapshot(): Promise<Buffer> {
    const shade = (this.fetches++ * 37) % 200;
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(solidJpeg(40 + shade)));
    });
  }
}

const jpegs = new Map<number, Promise<Buffer>>();
function solidJpeg(shade: number): Promise<Buffer> {
  let jpeg = jpegs.get(shade);
  if (!jpeg) {
    jpeg = sharp({ create: { width: 160, height: 90, channels: 3, background: { r: shade, g: 255 - shade, b: 90 } } })
      .jpeg()
      .toBuffer();
    jpegs.set(shade, jpeg);
  }
  return jpeg;
}

class StandInContact {
  readonly onData = new BehaviorSubject<Record<string, unknown>>({
    zid: CONTACT.id,
    name: CONTACT.name,
    deviceType: 'sensor.contact',
    faulted: false,
    tamperStatus: 'ok',
    batteryStatus: 'none',
    commStatus: 'ok',
  });
  get data() {
    return this.onData.getValue();
  }
  get zid() {
    return CONTACT.id;
  }
  get deviceType() {
    return 'sensor.contact';
  }
  get name() {
    return CONTACT.name;
  }
}

export interface SnapshotAnswer {
  readonly jpeg?: Buffer;
  readonly error?: unknown;
}

/** Everything one model run drives, built fresh for each run. */
export class ModelHome {
  /** The one clock of this run: the gate's context and the accessories read it. */
  nowMs: number;
  readonly tracker = new ContextTracker(() => this.nowMs);
  readonly records: DecisionRecord[] = [];
  readonly gate: PrivacyGate;
  readonly switches: PrivacySwitches;
  readonly camera: CameraAccessory;
  readonly contact: AlarmAccessory;
  private readonly ringCamera = new StandInCamera();
  private readonly ringContact = new StandInContact();
  private readonly cameraAccessory: PlatformAccessory;
  private readonly contactAccessory: PlatformAccessory;
  /** Values each characteristic was given, in order (HAP's `change` event fires on every update). */
  readonly updates = new Map<string, unknown[]>();
  /** Stands in for a running live view: the real guard ends it. */
  stream: 'none' | 'live' = 'none';
  streamsEnded = 0;
  private readonly guard: StreamGuard;

  constructor(policy: CompiledPolicy | undefined, startMs: number) {
    this.nowMs = startMs;
    this.tracker.checkClock();
    this.gate = new PrivacyGate({ policy, context: this.tracker, onDecision: (record) => this.records.push(record) });
    this.switches = new PrivacySwitches(switchFile, this.tracker, quiet);
    const config = { ...parseConfig({}).config, personSensor: true, vehicleSensor: true, packageSensor: true };
    const deps = { api, log: quiet, config, gate: this.gate, switches: this.switches, now: () => this.nowMs };
    this.cameraAccessory = new api.platformAccessory(CAMERA.name, api.hap.uuid.generate(`model:${CAMERA.id}`), 18);
    this.camera = new CameraAccessory(deps, this.cameraAccessory, CAMERA, this.ringCamera as unknown as RingCamera, 'SERIAL');
    this.contactAccessory = new api.platformAccessory(CONTACT.name, api.hap.uuid.generate(`model:${CONTACT.id}`), 10);
    this.contact = createAlarmAccessory(deps, this.contactAccessory, this.ringContact as unknown as RingDevice, {} as Location, CONTACT, 'SERIAL')!;
    this.guard = new StreamGuard(
      this.gate,
      CAMERA,
      () => this.stream === 'live',
      () => {
        this.stream = 'none';
        this.streamsEnded++;
      },
    );
    this.watch('motion', this.characteristic(this.cameraAccessory, Service.MotionSensor, C.MotionDetected, 'motion'));
    for (const type of ['person', 'vehicle', 'package']) {
      this.watch(type, this.characteristic(this.cameraAccessory, Service.MotionSensor, C.MotionDetected, type));
    }
    this.watch('doorbell', this.cameraAccessory.getService(Service.Doorbell)!.getCharacteristic(C.ProgrammableSwitchEvent));
  }

  private characteristic(accessory: PlatformAccessory, service: typeof Service.MotionSensor, type: typeof C.MotionDetected, subtype: string): Characteristic {
    const found = accessory.getServiceById(service, subtype);
    if (!found) throw new Error(`no ${subtype} service`);
    return found.getCharacteristic(type);
  }

  private watch(name: string, characteristic: Characteristic): void {
    const values: unknown[] = [];
    this.updates.set(name, values);
    characteristic.on('change', (change: { newValue: unknown }) => values.push(change.newValue));
  }

  /** How many times `name` was set to `value` since `mark` (an index into its updates). */
  updatesOf(name: string): unknown[] {
    return this.updates.get(name)!;
  }

  async setGlobalPrivacy(on: boolean): Promise<void> {
    await this.switches.setGlobal(on);
  }

  /** As HomeKit writes the camera's own Privacy switch. */
  async setCameraPrivacy(on: boolean): Promise<void> {
    const service = this.cameraAccessory.getServiceById(Service.Switch, 'privacy')!;
    await service.getCharacteristic(C.On).handleSetRequest(on);
  }

  motionPush(detection: string | undefined): void {
    this.ringCamera.onNewNotification.next({
      android_config: { category: 'com.ring.pn.live-event.motion' },
      data: { event: { ding: { id: String(Math.random()), ...(detection !== undefined && { detection_type: detection }) } } },
      img: { snapshot_uuid: 'uuid' },
    });
  }

  dingPush(): void {
    this.ringCamera.onNewNotification.next({
      android_config: { category: 'com.ring.pn.live-event.ding' },
      data: { event: { ding: { id: String(Math.random()), subtype: 'ding' } } },
    });
  }

  setContactOpen(open: boolean): void {
    this.ringContact.onData.next({ ...this.ringContact.data, faulted: open });
  }

  /** What HomeKit reads for the contact sensor (1: open, 0: closed). */
  contactShown(): Promise<unknown> {
    return this.contactAccessory.getService(Service.ContactSensor)!.getCharacteristic(C.ContactSensorState).handleGetRequest();
  }

  /** A snapshot request as HomeKit sends it to the camera's delegate. */
  requestSnapshot(): Promise<SnapshotAnswer> {
    const delegate = (this.camera.controller as unknown as { delegate: { handleSnapshotRequest(r: SnapshotRequest, cb: (error?: Error, jpeg?: Buffer) => void): void } })
      .delegate;
    return new Promise((resolve) => {
      delegate.handleSnapshotRequest({ ...SNAPSHOT_SIZE, reason: 0 } as unknown as SnapshotRequest, (error, jpeg) => resolve(error ? { error } : { jpeg }));
    });
  }

  /** Hands Ring's waiting snapshot fetches their images; returns how many there were. */
  releaseFetches(): number {
    const waiting = this.ringCamera.waiting.splice(0);
    for (const release of waiting) release();
    return waiting.length;
  }

  startStream(): boolean {
    const allowed = this.gate.allowStream(CAMERA);
    if (allowed) this.stream = 'live';
    return allowed;
  }

  async dispose(): Promise<void> {
    this.guard.dispose();
    this.camera.dispose();
    this.contact.dispose();
    this.tracker.dispose();
  }
}
