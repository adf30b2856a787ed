import { HIDEABLE_FAMILIES } from './device-kinds.js';
import { OPTIONS, type DeviceFamily, type OptionSpec } from './options.js';

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
  personSensor: boolean;
  vehicleSensor: boolean;
  packageSensor: boolean;
  doorbellRepeatSeconds: number;
  doorbellSwitch: boolean;
  snapshotCacheSeconds: number;
  batterySnapshotSeconds: number;
  eventSnapshotWaitMs: number;
  liveViewMaxSeconds: number;
  liveViewIdleSeconds: number;
  chimeSnoozeMinutes: number;
  alarmNightMode: boolean;
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return 'text';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  return value === null ? 'null' : typeof value;
}

/**
 * Returns the option's valid value, or a problem explaining why the given one was not used; both
 * when part of a list was refused and the rest is used.
 */
function readOption(spec: OptionSpec, value: unknown): { value?: unknown; problem?: string } {
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
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      const range = `a whole number from ${spec.minimum} to ${spec.maximum}`;
      if (typeof number !== 'number' || !Number.isInteger(number)) {
        return { problem: `should be ${range}, not ${describe(value)}. ${fallback}` };
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
      const named = list.map((item) => String(item).trim()).filter((item) => item !== '');
      const refused = [...new Set(named.filter((item) => spec.refused?.values.includes(item)))];
      const items = named.filter((item) => !refused.includes(item));
      const unknown = spec.values ? items.filter((item) => !spec.values!.includes(item)) : [];
      if (unknown.length > 0) {
        return { problem: `has unknown value ${JSON.stringify(unknown[0])}; allowed: ${spec.values!.join(', ')}. ${fallback}` };
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

  const known = new Set(OPTIONS.map((spec) => spec.key));
  for (const key of Object.keys(block)) {
    if (!known.has(key) && !STRUCTURAL_KEYS.has(key)) {
      problems.push({ field: key, message: `Unknown option \`${key}\` is ignored.` });
    }
  }

  const name = typeof block.name === 'string' && block.name.trim() !== '' ? block.name.trim() : 'Trygr';
  const bridge = block._bridge;
  const bridgeUsername = isRecord(bridge) && typeof bridge.username === 'string' ? bridge.username : undefined;

  return {
    config: {
      ...(values as Omit<TrygrConfig, 'name' | 'privacy' | 'bridgeUsername'>),
      hideDeviceFamilies: (values.hideDeviceFamilies as string[]).filter((f): f is DeviceFamily =>
        (HIDEABLE_FAMILIES as readonly string[]).includes(f)),
      name,
      privacy: block.privacy,
      bridgeUsername,
    },
    problems,
  };
}
