/**
 * The settings panel's "Move from homebridge-ring", as pure functions over parsed config.json: which
 * `Ring` block to move, what each of its options becomes here (by the rows of
 * homebridge-ring-options.ts), and config.json after the move. The panel's server does the I/O.
 *
 * Decisions, said in the panel too:
 * - An option Trygr's block already sets wins, unless it holds Trygr's default: the Homebridge UI's
 *   form writes every default into the block, so a default says nothing about what the user chose.
 * - Values are taken only as the plugin reads them (parse-config.ts `readOption`): a value outside
 *   Trygr's limits, or of the wrong type, is listed as not carried, with why, never clamped.
 * - The refresh token never goes through the option mapping. The panel moves it on its own, through
 *   its sign-in save, once the user confirms homebridge-ring is stopped.
 * - homebridge-ring is disabled the way the Homebridge UI's "Disable" does it (`disabledPlugins`);
 *   its block stays as it was.
 */
import { isDeepStrictEqual } from 'node:util';
import { DEVICE_FAMILIES, HIDEABLE_FAMILIES, UNHIDEABLE_FAMILIES, UNHIDEABLE_REASON } from './device-kinds.js';
import { HOMEBRIDGE_RING_OPTIONS, type Carry, type HomebridgeRingOption } from './homebridge-ring-options.js';
import { OPTIONS, type OptionSpec } from './options.js';
import { ourBlock, type JsonObject } from './our-block.js';
import { readOption } from './parse-config.js';
import { PLATFORM_NAME } from '../settings.js';

export const HOMEBRIDGE_RING_PLUGIN = 'homebridge-ring';
const RING_PLATFORM = 'Ring';

export interface CarriedOption {
  /** homebridge-ring's key. */
  readonly from: string;
  /** Trygr's key. */
  readonly to: string;
  readonly value: unknown;
  /** Part of the value was left out, or it means a little less here. */
  readonly note?: string;
}

export interface LeftOption {
  readonly key: string;
  readonly reason: string;
}

export interface OptionMove {
  /** Trygr options to set: keys of options.ts, and `name`; never `refreshToken`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly carried: readonly CarriedOption[];
  readonly notCarried: readonly LeftOption[];
}

const isRecord = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const SPEC = new Map<string, OptionSpec>(OPTIONS.map((spec) => [spec.key, spec]));
/** Markdown of the table's `here`, as plain panel text. */
const plain = (text: string) => text.replace(/\*\*/g, '');
const MAX_NAME = 100;

/**
 * homebridge-ring's `onlyDeviceTypes` names Ring's device types (ring-client-api's RingDeviceType,
 * a camera's or chime's `kind`, and its own `location.mode`); the families each shows here. An empty
 * list: a type Trygr knows that has no family (it cannot be hidden by family, or is not supported).
 */
const FAMILIES_OF_TYPE: Readonly<Record<string, readonly string[]>> = {
  'security-panel': ['security-panel'],
  'sensor.contact': ['contact-sensor'],
  'sensor.zone': ['contact-sensor'],
  'sensor.tilt': ['contact-sensor'],
  'sensor.glassbreak': ['contact-sensor'],
  'sensor.motion': ['motion-sensor'],
  'motion-sensor.beams': ['motion-sensor'],
  // A generic sensor: homebridge-ring made it a motion or a contact sensor by its name.
  sensor: ['contact-sensor', 'motion-sensor'],
  'sensor.flood-freeze': ['flood-freeze-sensor'],
  'sensor.freeze': ['flood-freeze-sensor'],
  'sensor.water': ['flood-freeze-sensor'],
  'listener.smoke-co': ['smoke-co-sensor'],
  'comp.bluejay.sensor_bluejay_wsc': ['smoke-co-sensor'],
  'alarm.smoke': ['smoke-co-sensor'],
  'alarm.co': ['smoke-co-sensor'],
  switch: ['smart-switch'],
  'switch.multilevel': ['smart-switch'],
  'switch.multilevel.bulb': ['smart-switch'],
  'unknown.zwave': ['smart-switch'],
  lock: ['lock'],
  'security-keypad': ['keypad'],
  'hub.redsky': ['base-station'],
  'hub.kili': ['base-station'],
  'location.mode': ['location-mode'],
  chime: ['chime'],
  chime_pro: ['chime'],
  chime_v2: ['chime'],
  chime_pro_v2: ['chime'],
  'sensor.temperature': [],
  'temperature-control.thermostat': ['thermostat'],
  'valve.water': ['water-valve'],
  'switch.beams': ['smart-light'],
  'switch.multilevel.beams': ['smart-light'],
  'switch.transformer.beams': ['smart-light'],
  'group.light-group.beams': ['smart-light'],
  intercom_handset_audio: ['intercom'],
  intercom_handset_video: ['intercom'],
  third_party_gdo: [],
};

/** ring-client-api's RingCameraKind values that are not doorbells (those are told by their name). */
const CAMERA_TYPES = new Set([
  'stickup_cam',
  'stickup_cam_v3',
  'stickup_cam_v4',
  'stickup_cam_elite',
  'stickup_cam_longfin',
  'stickup_cam_lunar',
  'stickup_cam_mini',
  'spotlightw_v2',
  'hp_cam_v1',
  'hp_cam_v2',
  'floodlight_v1',
  'floodlight_v2',
  'floodlight_pro',
  'cocoa_camera',
  'cocoa_floodlight',
  'cocoa_spotlight',
  'onvif_camera',
]);

const KNOWN_FAMILIES = new Set<string>(DEVICE_FAMILIES);

/** The device types of `onlyDeviceTypes` that are not cameras or doorbells. */
export const RING_DEVICE_TYPES: readonly string[] = Object.keys(FAMILIES_OF_TYPE);

/** The families a homebridge-ring device type shows here; undefined for a type Trygr does not know. */
export function familiesOfRingType(type: string): readonly string[] | undefined {
  // The same test src/ring/classify.ts tells a doorbell by.
  const families = /^lock\./.test(type)
    ? ['lock']
    : Object.hasOwn(FAMILIES_OF_TYPE, type)
      ? FAMILIES_OF_TYPE[type]!
      : /doorb|^lpd_|^jbox_/.test(type)
        ? ['doorbell']
        : CAMERA_TYPES.has(type)
          ? ['camera']
          : undefined;
  // A family this version does not have (yet) is no family at all.
  return families?.filter((family) => KNOWN_FAMILIES.has(family));
}

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

function list(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map(quote).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

type Candidate = { readonly to: string; readonly value: unknown; readonly note?: string } | { readonly refused: string } | undefined;

/** `onlyDeviceTypes` (types to show) as `hideDeviceFamilies` (families to leave out). */
function deviceTypes(value: unknown): Candidate {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    return { refused: 'should be a list of Ring device types; nothing is hidden by family.' };
  }
  const types = [...new Set(value.map((item) => item.trim()).filter((item) => item !== ''))];
  // homebridge-ring shows every type for an empty list, as Trygr does by default.
  if (types.length === 0) return undefined;
  const unknown = types.filter((type) => familiesOfRingType(type) === undefined);
  if (unknown.length === types.length) {
    return { refused: `none of its device types (${list(unknown)}) is one Trygr knows, so nothing is hidden by family.` };
  }
  const shown = new Set(types.flatMap((type) => familiesOfRingType(type) ?? []));
  const hide = HIDEABLE_FAMILIES.filter((family) => !shown.has(family));
  const notes = [
    unknown.length > 0 && `Device types Trygr does not know are left out: ${list(unknown)}.`,
    UNHIDEABLE_FAMILIES.some((family) => !shown.has(family)) &&
      `${UNHIDEABLE_FAMILIES.filter((family) => !shown.has(family)).join(', ')} stay shown: ${UNHIDEABLE_REASON}.`,
    !types.includes('sensor.temperature') && 'Temperature sensors have no family here and stay shown; hide them by id.',
  ].filter((note): note is string => typeof note === 'string');
  if (hide.length === 0) return notes.length > 0 ? { refused: `every family Trygr can hide is among them. ${notes.join(' ')}` } : undefined;
  return { to: 'hideDeviceFamilies', value: hide, ...(notes.length > 0 && { note: notes.join(' ') }) };
}

function nightMode(value: unknown): Candidate {
  if (value === 'some')
    return { to: 'alarmNightMode', value: true, note: 'Night arms Home; to bypass open contact sensors when arming Night, also turn on alarmNightBypass.' };
  if (value === 'all') return { refused: "homebridge-ring's Night armed Away; Trygr's Night arms Home, so Night mode is left off." };
  return { refused: `should be "some" or "all", not ${typeof value === 'string' ? quote(value) : typeof value}.` };
}

/** The value as the plugin would read it, under `to`; or why it is not carried. */
function candidate(option: HomebridgeRingOption, carry: Exclude<Carry, { kind: 'token' }>, value: unknown): Candidate {
  switch (carry.kind) {
    case 'same': {
      const { value: read, problem } = readOption(SPEC.get(option.key)!, value);
      // The parser's "Using 20." speaks of Trygr's block; here nothing is used from this value.
      const why = problem?.replace(/ (Using .*|It is ignored\.)$/, '');
      if (read === undefined) return problem ? { refused: `Trygr's \`${option.key}\` ${why}` } : undefined;
      return { to: option.key, value: read, ...(why && { note: why }) };
    }
    case 'inverse':
      return typeof value === 'boolean'
        ? { to: carry.to, value: !value }
        : { refused: `should be true or false, not ${Array.isArray(value) ? 'a list' : typeof value}.` };
    case 'device-types':
      return deviceTypes(value);
    case 'night-mode':
      return nightMode(value);
    case 'name': {
      if (typeof value !== 'string') return { refused: `should be text, not ${Array.isArray(value) ? 'a list' : typeof value}.` };
      const name = value.trim();
      if (name === '') return undefined;
      return name.length > MAX_NAME ? { refused: `is longer than ${MAX_NAME} characters.` } : { to: 'name', value: name };
    }
  }
}

/**
 * Whether Trygr's block holds its own choice for `key` (a default is not one; see the header). The
 * same value as homebridge-ring's counts as carried, so moving twice says the same.
 */
function trygrSets(trygr: JsonObject, key: string): boolean {
  const value = trygr[key];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return false;
  const spec = SPEC.get(key);
  return !(spec?.default !== undefined && JSON.stringify(value) === JSON.stringify(spec.default));
}

/**
 * What homebridge-ring's block becomes in Trygr's. Never throws; `trygrBlock` is Trygr's block as it
 * is (its own values win, see the header).
 */
export function mapRingOptions(ringBlock: unknown, trygrBlock?: unknown): OptionMove {
  const ring = isRecord(ringBlock) ? ringBlock : {};
  const trygr = isRecord(trygrBlock) ? trygrBlock : {};
  const options: Record<string, unknown> = {};
  const carried: CarriedOption[] = [];
  const notCarried: LeftOption[] = [];
  for (const option of HOMEBRIDGE_RING_OPTIONS) {
    const carry = option.carry;
    if (carry?.kind === 'token') continue;
    const value = Object.hasOwn(ring, option.key) ? ring[option.key] : undefined;
    if (value === undefined || value === null) {
      if (option.unset && carry?.kind === 'inverse' && !trygrSets(trygr, carry.to)) notCarried.push({ key: option.key, reason: plain(option.unset) });
      continue;
    }
    if (!carry) {
      notCarried.push({ key: option.key, reason: plain(option.here) });
      continue;
    }
    const next = candidate(option, carry, value);
    if (next === undefined) continue;
    if ('refused' in next) {
      notCarried.push({ key: option.key, reason: next.refused });
    } else if (trygrSets(trygr, next.to) && !isDeepStrictEqual(trygr[next.to], next.value)) {
      notCarried.push({ key: option.key, reason: `Trygr's block already sets \`${next.to}\`; its value is kept.` });
    } else {
      options[next.to] = next.value;
      carried.push({ from: option.key, to: next.to, value: next.value, ...(next.note && { note: next.note }) });
    }
  }
  return { options, carried, notCarried };
}

export function isRingPlatform(platform: unknown): boolean {
  return platform === RING_PLATFORM || platform === `${HOMEBRIDGE_RING_PLUGIN}.${RING_PLATFORM}`;
}

/** Every homebridge-ring block of a parsed config.json, in file order. */
export function ringBlocks(config: unknown): JsonObject[] {
  const platforms = isRecord(config) && Array.isArray(config.platforms) ? config.platforms : [];
  return platforms.filter((block): block is JsonObject => isRecord(block) && isRingPlatform(block.platform));
}

/** A block's refresh token, if it has one. Only the panel's server reads homebridge-ring's. */
export function blockToken(block: unknown): string | undefined {
  const token = isRecord(block) ? block.refreshToken : undefined;
  return typeof token === 'string' && token.trim() !== '' ? token.trim() : undefined;
}

export function homebridgeRingDisabled(config: unknown): boolean {
  return isRecord(config) && Array.isArray(config.disabledPlugins) && config.disabledPlugins.includes(HOMEBRIDGE_RING_PLUGIN);
}

export interface MovePlan extends OptionMove {
  /** The moved block among homebridge-ring's blocks (0-based), and how many there are. */
  readonly ringIndex: number;
  readonly ringCount: number;
  readonly ringName?: string;
  readonly ringHasToken: boolean;
  readonly alreadyDisabled: boolean;
  /** Some carried option is not in Trygr's block yet (false once moved, or when nothing carries). */
  readonly settingsPending: boolean;
  readonly trygrBlockExists: boolean;
  /** Trygr's block in config.json has a refresh token of its own. */
  readonly trygrHasToken: boolean;
}

/**
 * The move for a parsed config.json; undefined when it has no homebridge-ring block. Homebridge has
 * no switch to turn one block off, so of several blocks the one in use is the first that holds a
 * refresh token (a block without one cannot have signed in), else the first.
 */
export function planMove(config: unknown): MovePlan | undefined {
  const blocks = ringBlocks(config);
  if (blocks.length === 0) return undefined;
  const withToken = blocks.findIndex((block) => blockToken(block) !== undefined);
  const ringIndex = withToken >= 0 ? withToken : 0;
  const ring = blocks[ringIndex]!;
  const trygr = ourBlock(config);
  const name = typeof ring.name === 'string' && ring.name.trim() !== '' ? ring.name.trim().slice(0, MAX_NAME) : undefined;
  const move = mapRingOptions(ring, trygr);
  return {
    ...move,
    settingsPending: move.carried.some(({ to, value }) => !isDeepStrictEqual(trygr?.[to], value)),
    ringIndex,
    ringCount: blocks.length,
    ...(name !== undefined && { ringName: name }),
    ringHasToken: blockToken(ring) !== undefined,
    alreadyDisabled: homebridgeRingDisabled(config),
    trygrBlockExists: trygr !== undefined,
    trygrHasToken: blockToken(trygr) !== undefined,
  };
}

/**
 * config.json after the move: Trygr's block (the one the panel edits, a new one at the end when
 * there is none) with `options` set, and homebridge-ring in `disabledPlugins`. Everything else,
 * homebridge-ring's block included, is left as it was. `config` itself is not changed.
 */
export function movedConfig(config: JsonObject, options: Readonly<Record<string, unknown>>): JsonObject {
  const next = JSON.parse(JSON.stringify(config)) as JsonObject;
  const platforms = Array.isArray(next.platforms) ? next.platforms : (next.platforms = []);
  const trygr = ourBlock(next);
  if (trygr) Object.assign(trygr, options);
  else platforms.push({ platform: PLATFORM_NAME, name: PLATFORM_NAME, ...options });
  if (!Array.isArray(next.disabledPlugins)) next.disabledPlugins = [];
  const disabled = next.disabledPlugins as unknown[];
  if (!disabled.includes(HOMEBRIDGE_RING_PLUGIN)) disabled.push(HOMEBRIDGE_RING_PLUGIN);
  return next;
}
