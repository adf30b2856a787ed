import type { RingCamera } from 'ring-client-api';
import type { Observable } from 'rxjs';

/**
 * What the camera accessory uses of a Ring camera: ring-client-api's own camera satisfies it, and so
 * does the offline stand-in a camera is published with before Ring has answered (offline-camera.ts).
 */
export type CameraPort = Pick<
  RingCamera,
  | 'id'
  | 'name'
  | 'deviceType'
  | 'model'
  | 'data'
  | 'isDoorbot'
  | 'isOffline'
  | 'operatingOnBattery'
  | 'hasLight'
  | 'hasSiren'
  | 'hasBattery'
  | 'hasInHomeDoorbell'
  | 'batteryLevel'
  | 'hasLowBattery'
  | 'isCharging'
  | 'requestUpdate'
  | 'getNextSnapshot'
  | 'setLight'
  | 'setSiren'
  | 'setInHomeDoorbell'
  | 'startLiveCall'
> & {
  // Only ever subscribed to: a stand-in need not be a Subject.
  readonly onData: Observable<RingCamera['data']>;
  readonly onNewNotification: Observable<Parameters<RingCamera['onNewNotification']['next']>[0]>;
  readonly onMotionDetected: Observable<boolean>;
};
