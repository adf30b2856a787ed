/**
 * A camera's current view for the mask-zone editor, from the running plugin's loopback endpoint
 * (status.json `snapshots`): the image has passed the privacy gate, like HomeKit's snapshots.
 */
import { readPluginStatus, processAlive } from './plugin-status.js';

export type CameraView = { available: true; dataUrl: string } | { available: false; reason: string };

const TIMEOUT_MS = 15_000;

/** `statusFile`: the status of the bridge the edited block runs on (PluginFiles.statusFile). */
export async function fetchCameraView(statusFile: string, deviceId: unknown, width: unknown, height: unknown): Promise<CameraView> {
  if (typeof deviceId !== 'string' || deviceId === '') return { available: false, reason: 'No camera was named.' };
  const status = await readPluginStatus(statusFile);
  if (!status?.snapshots || status.state === 'stopped' || !processAlive(status.pid)) {
    return { available: false, reason: 'The plugin is not running, so there is no current view; zones are drawn on a blank frame.' };
  }
  const size = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback);
  const url = new URL(`${status.snapshots.url}/snapshot/${encodeURIComponent(deviceId)}`);
  url.searchParams.set('width', String(size(width, 640)));
  url.searchParams.set('height', String(size(height, 360)));
  if (url.hostname !== '127.0.0.1') return { available: false, reason: 'The plugin published an endpoint that is not on this machine.' };
  try {
    const response = await fetch(url, { headers: { 'x-trygr-key': status.snapshots.key }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) {
      return {
        available: false,
        reason:
          response.status === 404 ? 'The plugin has no view of this camera (hidden, or not connected yet).' : `The camera did not answer (HTTP ${response.status}).`,
      };
    }
    const type = response.headers.get('content-type') ?? 'image/jpeg';
    return { available: true, dataUrl: `data:${type};base64,${Buffer.from(await response.arrayBuffer()).toString('base64')}` };
  } catch {
    return { available: false, reason: 'The camera did not answer in time.' };
  }
}
