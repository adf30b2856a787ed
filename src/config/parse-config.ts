import { HIDEABLE_FAMILIES } from './device-kinds.js';
import { OPTIONS, type DeviceFamily, type OptionSpec } from './options.js';
import { homebridgeRingOption } from './homebridge-ring-options.js';

/** The platform block after validation: every option present, with defaults filled in. */
export interface TrygrConfig {
  name: string;
  refreshToken?: string;
  locationIds: string[];
  hideDeviceIds: string[];
  hideDeviceFamilies: DeviceFamily[];
  cameraStatusPollingSeconds: number;
  locationModePollingSeconds: number;
  motionResetSeconds: number;
  motionSensor: boolean;
  personSensor: boolean;
  vehicleSensor: boolean;
  packageSensor: boolean;
  doorbellRepeatSeconds: number;
  lateDingSeconds: number;
  pushFaultStatus: boolean;
  doorbellSwitch: boolean;
  cameraLight: boolean;
  cameraSirenSwitch: boolean;
  inHomeChimeSwitch: boolean;
  snapshotCacheSeconds: number;
  batterySnapshotSeconds: number;
  eventSnapshotWaitMs: number;
  liveViewMaxSeconds: number;
  liveViewIdleSeconds: number;
  chimeSnoozeMinutes: number;
  alarmNightMode: boolean;
  alarmNightBypass: boolean;
  alarmOnEntryDelay: boolean;
  showPanicButtons: boolean;
  hideLightGroups: boolean;
  beamDurationSeconds: number;
  alarmSirenSwitch: boolean;
  opaqueSerialNumbers: boolean;
  ffmpegPath?: string;
  debug: boolean;
  /** Raw privacy policy; the privacy layer validates it. */
  privacy: unknown;
  /** The child bridge this block runs in, if any. */
  bridgeUsername?: string;
}

export interface ConfigProblem {
  field: string;
  message: string;
}

export interface ParsedConfig {
  config: TrygrConfig;
  problems: ConfigProblem[];
}

/** Keys that Homebridge or the UI put in a platform block, and that are ours but not in the catalogue. */
const STRUCTURAL_KEYS = new Set(['platform', 'name', '_bridge', 'privacy']);

/** Only these count as an integer written as text. */
const PLAIN_INTEGER = /^-?[0-9]{1,15}$/;
/** Lists longer than any home needs (ids, locations) are refused whole, not read item by item. */
const MAX_LIST = 1000;
const MAX_ENTRY = 200;
/** Unknown keys are named up to this many, each cut to MAX_KEY characters; their values never. */
const MAX_UNKNOWN_REPORTED = 5;
const MAX_KEY = 40;

const KNOWN_KEYS = new Set(OPTIONS.map((spec) => spec.key));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return 'text';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return value === null ? 'null' : typeof value;
}

/** Text from the config, quoted for a log line: bounded, with control characters escaped by JSON.stringify. */
function quoted(text: string, max = MAX_KEY): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** A wrong integer named by its kind, or shown when it is a short number-like text ("0x20", "1e2"): nothing else is echoed. */
function describeValue(value: unknown): string {
  return typeof value === 'string' && /^[0-9A-Za-z.+ -]{1,12}$/.test(value) && /[0-9]/.test(value) ? quoted(value) : describe(value);
}

/**
 * One problem per unknown key, for the first few; the rest are counted in one more line, so a block
 * with thousands of stray keys cannot flood the log. Only key names are shown, cut short.
 */
function unknownKeyProblems(keys: readonly string[]): ConfigProblem[] {
  const unknown = keys.filter((key) => !KNOWN_KEYS.has(key) && !STRUCTURAL_KEYS.has(key));
  const named = unknown.slice(0, MAX_UNKNOWN_REPORTED).map((key) => {
    const moved = homebridgeRingOption(key);
    return {
      field: key.length > MAX_KEY ? `${key.slice(0, MAX_KEY)}…` : key,
      message: moved
        ? `\`${key}\` is a homebridge-ring option and is ignored here. ${moved.here.replace(/\*\*/g, '')}`
        : `Unknown option \`${quoted(key).slice(1, -1)}\` is ignored.`,
    };
  });
  const rest = unknown.length - named.length;
  return rest > 0 ? [...named, { field: '(unknown options)', message: `${rest} more unknown option${rest === 1 ? ' is' : 's are'} ignored.` }] : named;
}

/**
 * Returns the option's valid value, or a problem explaining why the given one was not used; both
 * when part of a list was refused and the rest is used. Exported for the panel's move from
 * homebridge-ring, which takes a value over only as the plugin would read it.
 */
export function readOption(spec: OptionSpec, value: unknown): { value?: unknown; problem?: string } {
  const fallback = spec.default === undefined ? 'It is ignored.' : `Using ${JSON.stringify(spec.default)}.`;
  switch (spec.type) {
    case 'string':
      if (typeof value === 'string') {
        return { value: value.trim() === '' ? undefined : value.trim() };
      }
      return { problem: `should be text, not ${describe(value)}. ${fallback}` };
    case 'boolean':
      if (typeof value === 'boolean') {
        return { value };
      }
      return { problem: `should be true or false, not ${describe(value)}. ${fallback}` };
    case 'integer': {
      // Text only as plain decimal digits: Number() would also take "0x20", "1e2", "0b1" and " 2 ".
      const number = typeof value === 'string' ? (PLAIN_INTEGER.test(value) ? Number(value) : NaN) : value;
      const range = `${spec.off !== undefined ? `${spec.off} (off) or ` : ''}a whole number from ${spec.minimum} to ${spec.maximum}`;
      if (typeof number !== 'number' || !Number.isInteger(number)) {
        return { problem: `should be ${range}, not ${describeValue(value)}. ${fallback}` };
      }
      if (number === spec.off) {
        return { value: spec.off }; // "-0" is 0
      }
      if ((spec.minimum !== undefined && number < spec.minimum) || (spec.maximum !== undefined && number > spec.maximum)) {
        return { problem: `should be ${range}; ${number} is out of range. ${fallback}` };
      }
      return { value: number };
    }
    case 'string-list':
    case 'enum-list': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' || typeof item === 'number')) {
        return { problem: `should be a list of text values, not ${describe(value)}. ${fallback}` };
      }
      if (list.length > MAX_LIST) {
        return { problem: `has ${list.length} entries; at most ${MAX_LIST} are allowed. ${fallback}` };
      }
      if (list.some((item) => String(item).length > MAX_ENTRY)) {
        return { problem: `has an entry longer than ${MAX_ENTRY} characters. ${fallback}` };
      }
      const named = list.map((item) => String(item).trim()).filter((item) => item !== '');
      const refused = [...new Set(named.filter((item) => spec.refused?.values.includes(item)))];
      const items = named.filter((item) => !refused.includes(item));
      const unknown = spec.values ? items.filter((item) => !spec.values!.includes(item)) : [];
      if (unknown.length > 0) {
        return { problem: `has unknown value ${quoted(unknown[0]!)}; allowed: ${spec.values!.join(', ')}. ${fallback}` };
      }
      if (refused.length > 0) {
        // Only the refused entries are dropped: the user's other choices still count.
        const names = refused.map((item) => JSON.stringify(item)).join(', ');
        return {
          value: [...new Set(items)],
          problem: `cannot hold ${names}: ${spec.refused!.reason}. ${refused.length === 1 ? 'It is' : 'They are'} ignored; the rest of the list applies.`,
        };
      }
      return { value: [...new Set(items)] };
    }
  }
}

/**
 * Validates a platform block. It never throws: every problem is reported with the field it concerns
 * and the value used instead, so one typo cannot take the whole plugin down.
 */
export function parseConfig(raw: unknown): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const block: Record<string, unknown> = isRecord(raw) ? raw : {};
  if (!isRecord(raw)) {
    problems.push({ field: '(block)', message: `The Trygr platform block should be an object, not ${describe(raw)}. Using defaults.` });
  }

  const values: Record<string, unknown> = {};
  for (const spec of OPTIONS) {
    values[spec.key] = spec.default === undefined ? undefined : structuredClone(spec.default);
    const given = block[spec.key];
    if (given === undefined || given === null) {
      continue;
    }
    const { value, problem } = readOption(spec, given);
    if (problem) {
      problems.push({ field: spec.key, message: `\`${spec.key}\` ${problem}` });
    }
    if (!problem || value !== undefined) {
      values[spec.key] = value;
    }
  }

  problems.push(...unknownKeyProblems(Object.keys(block)));

  const name = typeof block.name === 'string' && block.name.trim() !== '' ? block.name.trim() : 'Trygr';
  const bridge = block._bridge;
  const bridgeUsername = isRecord(bridge) && typeof bridge.username === 'string' ? bridge.username : undefined;

  return {
    config: {
      ...(values as Omit<TrygrConfig, 'name' | 'privacy' | 'bridgeUsername'>),
      hideDeviceFamilies: (values.hideDeviceFamilies as string[]).filter((f): f is DeviceFamily => (HIDEABLE_FAMILIES as readonly string[]).includes(f)),
      name,
      privacy: block.privacy,
      bridgeUsername,
    },
    problems,
  };
}
