/**
 * Ring Alarm keypads and base stations to HomeKit values, as pure functions over plain data. Ring
 * reports `volume` and, on devices with lights, `brightness` as fractions from 0 to 1, and takes a
 * new one as a `device.v1` setting. Both run on mains power with a backup battery.
 */
import { Charging, chargingState, hasBattery, statusView, type AlarmData, type View } from './alarm-mapping.js';
import { percentOf } from './switch-mapping.js';

export interface StationData extends AlarmData {
  volume?: unknown;
  brightness?: unknown;
  /** 'ok' while on mains power, 'error' when unplugged. */
  acStatus?: unknown;
}

/** What one keypad or base station shows, fixed at setup from its first report. */
export interface StationLayout {
  /** A Speaker: volume, and mute as volume 0. */
  readonly volume: boolean;
  /** A Lightbulb for its lights: on while the brightness is above 0. */
  readonly brightness: boolean;
  readonly battery: boolean;
}

export type StationSetting = 'volume' | 'brightness';

function reports(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Only what the device reports: a base station without lights gets no Lightbulb. */
export function stationLayout(data: StationData): StationLayout {
  return { volume: reports(data.volume), brightness: reports(data.brightness), battery: hasBattery(data) };
}

/** Whether the layout shows anything at all; a device that reports none of these gets no accessory. */
export function showsStation(layout: StationLayout): boolean {
  return layout.volume || layout.brightness || layout.battery;
}

/**
 * The backup battery charges from mains: a device that reports its mains power is chargeable, so
 * HomeKit hears "not charging" rather than "not chargeable" while it runs on the battery.
 */
export function stationCharging(data: StationData): number {
  const charging = chargingState(data);
  return charging === Charging.NOT_CHARGEABLE && typeof data.acStatus === 'string' ? Charging.NOT_CHARGING : charging;
}

export function stationView(layout: StationLayout, data: StationData): View {
  const volume = percentOf(data.volume);
  const brightness = percentOf(data.brightness);
  const { fault: _unshown, ...battery } = statusView({ battery: layout.battery, tamper: false }, data);
  return {
    ...(layout.volume && { volume, muted: volume === 0 }),
    ...(layout.brightness && { brightness, lit: brightness > 0 }),
    ...battery,
    ...(layout.battery && { charging: stationCharging(data) }),
  };
}

/** Until the gate has allowed a first view: silent, dark, a full battery on mains. */
export function neutralStationView(layout: StationLayout): View {
  return stationView(layout, { volume: 0, brightness: 0, batteryStatus: 'full', acStatus: 'ok' });
}

/** Switching back on (unmute, light on) restores the last level Ring reported above 0, or these. */
export const RESTORED_PERCENT: Readonly<Record<StationSetting, number>> = { volume: 50, brightness: 100 };

/**
 * The `device.v1` setting Ring takes for a HomeKit percentage, and how to tell Ring has applied it.
 * ring-client-api's `setVolume` sends this same body, but refuses device types it does not list
 * (the Base Station Pro), so the body is sent as it is.
 */
export function stationCommand(
  setting: StationSetting,
  percent: number,
): { body: { device: { v1: Partial<Record<StationSetting, number>> } }; applied: (data: StationData) => boolean } {
  const wanted = Math.min(100, Math.max(0, Math.round(percent)));
  return {
    body: { device: { v1: { [setting]: wanted / 100 } } },
    applied: (data) => reports(data[setting]) && percentOf(data[setting]) === wanted,
  };
}

/** The level an on / unmute write asks for: none when it is already on, else the remembered one. */
export function switchedOnPercent(current: unknown, remembered: number | undefined, setting: StationSetting): number | undefined {
  if (percentOf(current) > 0) return undefined;
  return remembered !== undefined && remembered > 0 ? remembered : RESTORED_PERCENT[setting];
}
