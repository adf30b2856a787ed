import type { Categories } from 'homebridge';
import type { Location, RingChime, RingDevice, RingIntercom } from 'ring-client-api';
import { alarmCategory, createAlarmAccessory, showsAlarmDevice } from '../accessories/alarm/alarm-factory.js';
import { PanicButtonsAccessory } from '../accessories/alarm/panic-buttons.js';
import { CameraAccessory } from '../accessories/camera/camera-accessory.js';
import { ChimeAccessory } from '../accessories/chime/chime-accessory.js';
import { IntercomAccessory } from '../accessories/intercom/intercom-accessory.js';
import { LocationModeAccessory, type LocationModeSource } from '../accessories/location/location-mode-accessory.js';
import type { AccessoryDeps, BaseAccessory } from '../accessories/base-accessory.js';
import { alarmKind, cameraKind, familyOf } from '../ring/classify.js';
import type { CameraPort } from '../ring/known-cameras/camera-port.js';
import type { Device } from '../privacy/types.js';
import type { AccessoryRegistry } from './accessory-registry.js';
import { hidingOf, isHidden, refusedHideMessage } from './hidden.js';
import { accessorySeed, homebridgeRingSeed, opaqueSerial } from './identity.js';

// HAP's Categories is a const enum; these are its values for the accessories built here.
export const SWITCH_CATEGORY = 8 as Categories;
const CAMERA_CATEGORY = 17 as Categories;
const DOORBELL_CATEGORY = 18 as Categories;
const SECURITY_SYSTEM_CATEGORY = 11 as Categories;
const DOOR_LOCK_CATEGORY = 6 as Categories;

export interface BuildContext {
  deps: AccessoryDeps;
  registry: AccessoryRegistry;
  systemId: string;
}

/** The UUID homebridge-ring gave the device, which `hideDeviceIds` may name it by. */
export function homebridgeRingId(uuid: (seed: string) => string, family: Parameters<typeof homebridgeRingSeed>[0], ringId: string | number): string {
  return uuid(homebridgeRingSeed(family, ringId));
}

const aliasOf = (ctx: BuildContext, family: Parameters<typeof homebridgeRingSeed>[0], ringId: string | number) =>
  homebridgeRingId(ctx.deps.api.hap.uuid.generate, family, ringId);

export function serialFor(ctx: BuildContext, ringId: string | number, ringSerial: string | undefined): string {
  return ctx.deps.config.opaqueSerialNumbers || !ringSerial ? opaqueSerial(ctx.systemId, ringId) : ringSerial;
}

export function cameraDevice(camera: Pick<CameraPort, 'id' | 'name' | 'deviceType' | 'isDoorbot' | 'data'>): Device {
  return {
    id: String(camera.id),
    name: camera.name,
    kind: cameraKind(String(camera.deviceType), camera.isDoorbot),
    locationId: camera.data.location_id,
  };
}

/** A camera from Ring, or from the last connection's list before Ring answers (the same accessory either way). */
export function buildCamera(ctx: BuildContext, camera: CameraPort): CameraAccessory | undefined {
  const device = cameraDevice(camera);
  if (isHidden(ctx.deps.config, camera.id, familyOf(device.kind), aliasOf(ctx, 'camera', camera.id))) {
    return undefined;
  }
  const category: Categories = device.kind === 'doorbell' ? DOORBELL_CATEGORY : CAMERA_CATEGORY;
  const accessory = ctx.registry.external(accessorySeed('camera', camera.id), camera.name, category, {
    ringId: device.id,
    family: 'camera',
    locationId: device.locationId,
  });
  const ringSerial = (camera.data as { device_id?: string }).device_id;
  return new CameraAccessory(ctx.deps, accessory, device, camera, serialFor(ctx, camera.id, ringSerial));
}

export function buildChime(ctx: BuildContext, chime: RingChime): BaseAccessory | undefined {
  const device: Device = { id: String(chime.id), name: chime.name, kind: 'chime', locationId: chime.data.location_id };
  if (isHidden(ctx.deps.config, chime.id, 'chime', aliasOf(ctx, 'chime', chime.id))) {
    return undefined;
  }
  const accessory = ctx.registry.bridged(accessorySeed('chime', chime.id), chime.name, SWITCH_CATEGORY, {
    ringId: device.id,
    family: 'chime',
    locationId: device.locationId,
  });
  return new ChimeAccessory(ctx.deps, accessory, device, chime, serialFor(ctx, chime.id, chime.data.device_id));
}

export function intercomDevice(intercom: RingIntercom): Device {
  return { id: String(intercom.id), name: intercom.name, kind: 'intercom', locationId: intercom.data.location_id };
}

export function buildIntercom(ctx: BuildContext, intercom: RingIntercom): BaseAccessory | undefined {
  const device = intercomDevice(intercom);
  if (isHidden(ctx.deps.config, intercom.id, 'intercom', aliasOf(ctx, 'intercom', intercom.id))) {
    return undefined;
  }
  const accessory = ctx.registry.bridged(accessorySeed('intercom', intercom.id), intercom.name, DOOR_LOCK_CATEGORY, {
    ringId: device.id,
    family: 'intercom',
    locationId: device.locationId,
  });
  return new IntercomAccessory(ctx.deps, accessory, device, intercom, serialFor(ctx, intercom.id, intercom.data.device_id));
}

/** Cameras, chimes and intercoms: the devices ring-client-api keeps current by polling and pushes. */
export function buildLocationCameras(ctx: BuildContext, location: Location): BaseAccessory[] {
  return [
    ...location.cameras.map((camera) => buildCamera(ctx, camera)),
    ...location.chimes.map((chime) => buildChime(ctx, chime)),
    ...location.intercoms.map((intercom) => buildIntercom(ctx, intercom)),
  ].filter((accessory): accessory is BaseAccessory => accessory !== undefined);
}

export function buildAlarmDevice(ctx: BuildContext, location: Location, device: RingDevice): BaseAccessory | undefined {
  const kind = alarmKind(device.deviceType);
  const hiding = hidingOf(ctx.deps.config, device.zid, familyOf(kind), aliasOf(ctx, 'alarm', device.zid));
  if (hiding === 'refused') {
    ctx.deps.log.error(refusedHideMessage(device.name, device.zid));
  }
  if (hiding === 'hidden' || !showsAlarmDevice(device) || (device.deviceType === 'group.light-group.beams' && ctx.deps.config.hideLightGroups)) {
    return undefined;
  }
  const gateDevice: Device = { id: device.zid, name: device.name, kind, locationId: location.id };
  const accessory = ctx.registry.bridged(accessorySeed('alarm', device.zid), device.name, alarmCategory(kind), {
    ringId: device.zid,
    family: 'alarm',
    locationId: location.id,
  });
  const ringSerial = (device.data as { serialNumber?: string }).serialNumber;
  return createAlarmAccessory(ctx.deps, accessory, device, location, gateDevice, serialFor(ctx, device.zid, ringSerial));
}

/**
 * A location's panic buttons (`showPanicButtons`), on its security panel: the gate and the ledger
 * know them as the panel, whose alarms they raise.
 */
export function buildPanicButtons(ctx: BuildContext, location: Location, panel: RingDevice): BaseAccessory | undefined {
  if (!ctx.deps.config.showPanicButtons) {
    return undefined;
  }
  const device: Device = { id: panel.zid, name: `${location.name} Panic Buttons`, kind: 'security-panel', locationId: location.id };
  const accessory = ctx.registry.bridged(accessorySeed('alarm', `${panel.zid}:panic`), device.name, SWITCH_CATEGORY, {
    ringId: panel.zid,
    family: 'alarm',
    locationId: location.id,
  });
  return new PanicButtonsAccessory(ctx.deps, accessory, device, panel, location, opaqueSerial(ctx.systemId, `panic:${panel.zid}`));
}

/** The device the privacy layer and the panel know a location's mode by: the location's id, and a name from the Ring app's. */
export function locationModeDevice(location: Location): Device {
  return { id: location.id, name: `${location.name} Mode`, kind: 'location-mode', locationId: location.id };
}

/**
 * A location's Ring mode as a Security System, for a location whose mode can be switched (see
 * modeSwitchable); a hide leaves it out.
 */
export function buildLocationMode(ctx: BuildContext, location: Location, source: LocationModeSource): BaseAccessory | undefined {
  const device = locationModeDevice(location);
  if (isHidden(ctx.deps.config, location.id, 'location-mode', aliasOf(ctx, 'location-mode', location.id))) {
    return undefined;
  }
  const accessory = ctx.registry.bridged(accessorySeed('location-mode', location.id), device.name, SECURITY_SYSTEM_CATEGORY, {
    ringId: device.id,
    family: 'location-mode',
    locationId: location.id,
  });
  return new LocationModeAccessory(ctx.deps, accessory, device, source, opaqueSerial(ctx.systemId, `location-mode:${location.id}`));
}
