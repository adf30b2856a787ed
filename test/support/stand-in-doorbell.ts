import { BehaviorSubject, Subject } from 'rxjs';

/**
 * ring-client-api's RingCamera as a CameraAccessory reads it, for a wired doorbell with no light,
 * siren or battery: Ring's pushes and motion are subjects the test drives.
 */
export class StandInDoorbell {
  readonly model = 'Video Doorbell';
  readonly isDoorbot = true;
  readonly hasLight = false;
  readonly hasSiren = false;
  readonly hasInHomeDoorbell = false;
  readonly hasBattery = false;
  readonly isOffline = false;
  readonly operatingOnBattery = false;
  readonly deviceType = 'doorbell_v4';
  readonly onNewNotification = new Subject<unknown>();
  readonly onMotionDetected = new Subject<boolean>();
  readonly onData: BehaviorSubject<object>;

  constructor(
    readonly id: number,
    readonly name: string,
    locationId: string,
  ) {
    this.onData = new BehaviorSubject<object>({ location_id: locationId, settings: { motion_detection_enabled: true }, firmware_version: 'cam-1.2.3' });
  }

  get data(): object {
    return this.onData.getValue();
  }

  requestUpdate(): void {}
}
