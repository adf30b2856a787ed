import type { CameraRecord } from '../../src/ring/known-cameras/camera-record.js';

/** A doorbell as the camera list keeps it between starts (src/ring/known-cameras/). */
export const FRONT_DOOR_RECORD: CameraRecord = {
  id: 101,
  name: 'Front Door',
  locationId: 'loc-1',
  deviceType: 'lpd_v2',
  isDoorbot: true,
  model: 'Doorbell Pro 2',
  serial: 'aa:bb:cc',
  firmware: 'cam-1.27.3500',
  hasLight: false,
  hasSiren: false,
  hasInHomeDoorbell: true,
  batteryLevel: null,
};
