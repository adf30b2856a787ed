import type { Categories } from 'homebridge';
import type { Location, RingCamera, RingChime } from 'ring-client-api';
import { CameraAccessory } from '../accessories/camera/camera-accessory.js';
import { ChimeAccessory } from '../accessories/chime/chime-accessory.js';
import type { AccessoryDeps, BaseAccessory } from '../accessories/base-accessory.js';
import { cameraKind, familyOf } from '../ring/classify.js';
import type { GateDevice } from '../privacy/gate.js';
import type { AccessoryRegistry } from './accessory-registry.js';
import { isHidden } from './hidden.js';
import { accessorySeed, opaqueSerial } from './identity.js';

export interface BuildContext {
  deps: AccessoryDeps;
  registry: AccessoryRegistry;
  systemId: string;
}

export function serialFor(ctx: BuildContext, ringId: string | number, ringSerial: string | undefined): string {
  return ctx.deps.config.opaqueSerialNumbers || !ringSerial ? opaqueSerial(ctx.systemId, ringId) : ringSerial;
}

export function cameraDevice(camera: RingCamera): GateDevice {
  return {
    id: String(camera.id),
    name: camera.name,
    kind: cameraKind(String(camera.deviceType), camera.isDoorbot),
    locationId: camera.data.location_id,
  };
}

export function buildCamera(ctx: BuildContext, camera: RingCamera): BaseAccessory | undefined {
  const device = cameraDevice(camera);
  if (isHidden(ctx.deps.config, camera.id, familyOf(device.kind))) {
    return undefined;
  }
  const { Categories: categories } = ctx.deps.api.hap;
  const category: Categories = device.kind === 'doorbell' ? categories.VIDEO_DOORBELL : categories.IP_CAMERA;
  const accessory = ctx.registry.external(accessorySeed('camera', camera.id), camera.name, category, {
    ringId: device.id,
    family: 'camera',
    locationId: device.locationId,
  });
  const ringSerial = (camera.data as { device_id?: string }).device_id;
  return new CameraAccessory(ctx.deps, accessory, device, camera, serialFor(ctx, camera.id, ringSerial));
}

export function buildChime(ctx: BuildContext, chime: RingChime): BaseAccessory | undefined {
  const device: GateDevice = { id: String(chime.id), name: chime.name, kind: 'chime', locationId: chime.data.location_id };
  if (isHidden(ctx.deps.config, chime.id, 'chime')) {
    return undefined;
  }
  const accessory = ctx.registry.bridged(accessorySeed('chime', chime.id), chime.name, ctx.deps.api.hap.Categories.SWITCH, {
    ringId: device.id,
    family: 'chime',
    locationId: device.locationId,
  });
  return new ChimeAccessory(ctx.deps, accessory, device, chime, serialFor(ctx, chime.id, chime.data.device_id));
}

export function buildLocationCameras(ctx: BuildContext, location: Location): BaseAccessory[] {
  return [
    ...location.cameras.map((camera) => buildCamera(ctx, camera)),
    ...location.chimes.map((chime) => buildChime(ctx, chime)),
  ].filter((accessory): accessory is BaseAccessory => accessory !== undefined);
}
