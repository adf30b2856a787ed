import { NEVER } from 'rxjs';
import type { CameraPort } from './camera-port.js';
import type { CameraRecord } from './camera-record.js';

/** Why a stand-in refuses what only Ring can do; shown where a request fails (debug log, the panel). */
export const NOT_CONNECTED = 'Ring has not answered yet since Homebridge started';

/**
 * A camera from the last connection's list, standing in until Ring answers: offline, so every
 * Ring-backed characteristic answers "No Response" and no snapshot or live view is attempted, yet
 * the camera's own HomeKit server is up with the services it had, and its local switches answer.
 * The platform replaces it with ring-client-api's camera on the same published accessory.
 */
export function offlineCamera(record: CameraRecord): CameraPort {
  const refuse = () => Promise.reject(new Error(NOT_CONNECTED));
  // Only the fields the accessory reads; the rest of Ring's camera document is not kept between starts.
  const data = {
    id: record.id,
    description: record.name,
    location_id: record.locationId,
    ...(record.serial !== undefined && { device_id: record.serial }),
    ...(record.firmware !== undefined && { firmware_version: record.firmware }),
    alerts: { connection: 'offline' },
  } as unknown as CameraPort['data'];
  return {
    id: record.id,
    name: record.name,
    deviceType: record.deviceType as CameraPort['deviceType'],
    model: record.model,
    data,
    isDoorbot: record.isDoorbot,
    isOffline: true,
    operatingOnBattery: record.batteryLevel !== null,
    hasLight: record.hasLight,
    hasSiren: record.hasSiren,
    hasBattery: record.batteryLevel !== null,
    hasInHomeDoorbell: record.hasInHomeDoorbell,
    batteryLevel: record.batteryLevel,
    hasLowBattery: false,
    isCharging: false,
    onData: NEVER,
    onNewNotification: NEVER,
    onMotionDetected: NEVER,
    requestUpdate: () => undefined,
    getNextSnapshot: refuse,
    setLight: refuse,
    setSiren: refuse,
    setInHomeDoorbell: refuse,
    startLiveCall: refuse,
  };
}
