/**
 * app-snaps.ring.com `/snapshots/next/{id}` (ring-camera.js `getNextSnapshot`): a fresh JPEG, or with
 * `uuid=` the snapshot of an event; `/clients_api/snapshots/uuid` serves event snapshots too.
 * `x-time-millis` is the capture time: the library compares it with the `Date` header to decide
 * how old the picture is and keeps it for 10 s.
 * Refusals: an offline camera answers 404, one with motion detection off (Modes / privacy) 403;
 * the library checks both itself first and normally does not even ask.
 */
import type { CloudState } from './cloud-state.js';
import { json, notFound, type Reply, type Route } from './route-types.js';
import { findCamera } from './scenario.js';
import type { RenderedSnapshot } from './snapshot-store.js';

function jpegReply(snapshot: RenderedSnapshot): Reply {
  return {
    status: 200,
    raw: snapshot.jpeg,
    headers: {
      'content-type': 'image/jpeg',
      'x-time-millis': String(snapshot.time),
      'x-ring-cloud-counter': String(snapshot.counter),
      'x-ring-cloud-camera': String(snapshot.cameraId),
    },
  };
}

export async function renderEventSnapshot(state: CloudState, uuid: string): Promise<Reply> {
  const rendered = state.snapshots.forEvent(uuid.replace(/:.*$/, ''));
  return rendered ? jpegReply(await rendered) : notFound('snapshot');
}

export const snapshotRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/snapshots\/next\/(\d+)$/,
    guard: 'token',
    handle: async (request, params, state) => {
      const camera = findCamera(state.scenario, Number(params[0]));
      if (!camera) return notFound('doorbot');
      if (camera.alerts.connection === 'offline') return json({ error: 'device is offline' }, 404);
      if (camera.settings.motion_detection_enabled === false) return json({ error: 'snapshots are disabled for this device' }, 403);
      const uuid = request.query.get('uuid');
      if (uuid) return renderEventSnapshot(state, uuid);
      return jpegReply(await state.snapshots.fresh(camera.id, camera.description));
    },
  },
];
