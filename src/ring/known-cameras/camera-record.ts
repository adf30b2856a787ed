import type { CameraPort } from './camera-port.js';

/**
 * What the plugin keeps of each camera between starts, so that the camera can be published before
 * Ring answers with the same HomeKit shape (services, category, serial) it had: no address, no
 * settings, no history. Plain data; the list file is read and written by the platform.
 */
export interface CameraRecord {
  readonly id: number;
  readonly name: string;
  readonly locationId: string;
  readonly deviceType: string;
  readonly isDoorbot: boolean;
  readonly model: string;
  /** Ring's serial (device_id), for the serial number HomeKit shows unless `opaqueSerialNumbers`. */
  readonly serial?: string;
  readonly firmware?: string;
  readonly hasLight: boolean;
  readonly hasSiren: boolean;
  readonly hasInHomeDoorbell: boolean;
  /** The last battery level Ring reported; null for a wired camera. */
  readonly batteryLevel: number | null;
}

/** The list file's format; a file of another version is ignored (the cameras then wait for Ring). */
export const CAMERA_LIST_VERSION = 1;

type RecordSource = Pick<CameraPort, 'id' | 'name' | 'deviceType' | 'isDoorbot' | 'model' | 'data' | 'hasLight' | 'hasSiren' | 'hasInHomeDoorbell' | 'batteryLevel'>;

export function cameraRecord(camera: RecordSource): CameraRecord {
  const data = camera.data as { location_id?: unknown; device_id?: unknown; firmware_version?: unknown };
  return {
    id: camera.id,
    name: camera.name,
    locationId: typeof data.location_id === 'string' ? data.location_id : '',
    deviceType: String(camera.deviceType),
    isDoorbot: camera.isDoorbot,
    model: camera.model,
    ...(typeof data.device_id === 'string' && { serial: data.device_id }),
    ...(typeof data.firmware_version === 'string' && { firmware: data.firmware_version }),
    hasLight: camera.hasLight,
    hasSiren: camera.hasSiren,
    hasInHomeDoorbell: camera.hasInHomeDoorbell,
    batteryLevel: typeof camera.batteryLevel === 'number' ? camera.batteryLevel : null,
  };
}

export function cameraListText(records: readonly CameraRecord[]): string {
  return JSON.stringify({ version: CAMERA_LIST_VERSION, cameras: records }, null, 2) + '\n';
}

export type CameraListRead = { readonly cameras: CameraRecord[]; readonly problem?: string };

const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

function recordOf(value: unknown): CameraRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  const { id, name, locationId, deviceType, isDoorbot, model, serial, firmware, hasLight, hasSiren, hasInHomeDoorbell, batteryLevel } = entry;
  if (
    typeof id !== 'number' ||
    !Number.isSafeInteger(id) ||
    !isString(name) ||
    name.trim() === '' ||
    !isString(locationId) ||
    !isString(deviceType) ||
    !isString(model)
  ) {
    return undefined;
  }
  if (!isBoolean(isDoorbot) || !isBoolean(hasLight) || !isBoolean(hasSiren) || !isBoolean(hasInHomeDoorbell)) return undefined;
  if ((serial !== undefined && !isString(serial)) || (firmware !== undefined && !isString(firmware))) return undefined;
  if (batteryLevel !== null && (typeof batteryLevel !== 'number' || !Number.isFinite(batteryLevel))) return undefined;
  return {
    id,
    name,
    locationId,
    deviceType,
    isDoorbot,
    model,
    ...(serial !== undefined && { serial }),
    ...(firmware !== undefined && { firmware }),
    hasLight,
    hasSiren,
    hasInHomeDoorbell,
    batteryLevel,
  };
}

/**
 * The cameras of a list file's text. Whatever is not a well-formed entry is left out (that camera
 * waits for Ring, as every camera did before the list existed) and said once in `problem`.
 */
export function readCameraList(text: string): CameraListRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { cameras: [], problem: 'it is not JSON' };
  }
  const list = parsed as { version?: unknown; cameras?: unknown } | null;
  if (typeof list !== 'object' || list === null || !Array.isArray(list.cameras)) return { cameras: [], problem: 'it has no camera list' };
  if (list.version !== CAMERA_LIST_VERSION) return { cameras: [], problem: `it is of version ${JSON.stringify(list.version)}, not ${CAMERA_LIST_VERSION}` };
  const cameras: CameraRecord[] = [];
  const seen = new Set<number>();
  let skipped = 0;
  for (const value of list.cameras as unknown[]) {
    const record = recordOf(value);
    if (record && !seen.has(record.id)) {
      seen.add(record.id);
      cameras.push(record);
    } else {
      skipped++;
    }
  }
  return skipped > 0 ? { cameras, problem: `${skipped} of its entries ${skipped === 1 ? 'is' : 'are'} malformed or repeated` } : { cameras };
}
