/**
 * A minimal ring-client-api user for the register.js test: started as
 * `node --import ./.build/test/redirect/register.js .build/test/redirect/ring-child.js` with
 * TRYGR_RING_CLOUD_URL and RING_REFRESH_TOKEN set. Prints one JSON line per event; exits on SIGTERM.
 */
import { RingApi } from 'ring-client-api';

function print(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

const api = new RingApi({ refreshToken: process.env.RING_REFRESH_TOKEN ?? '', systemId: 'trygr-register-test' });
const locations = await api.getLocations();
const cameras = await api.getCameras();
const devices = await locations[0].getDevices();
for (const camera of cameras) {
  camera.onNewNotification.subscribe((notification) => {
    print({
      event: 'notification',
      camera: camera.name,
      category: notification.android_config.category,
      detection: notification.data.event.ding.detection_type ?? null,
    });
  });
}
print({ event: 'ready', cameras: cameras.map((camera) => camera.name), alarmDevices: devices.length });

process.on('SIGTERM', () => {
  api.disconnect();
  // the library keeps its 65 s "motion active" timers; this child has done its job
  process.exit(0);
});
