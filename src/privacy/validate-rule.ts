/** Reads one rule of the privacy policy from untrusted config (see policy-types.ts for the shape). */
import {
  DEFAULT_BLUR_STRENGTH,
  DEFAULT_PIXELATE_STRENGTH,
  MAX_STRENGTH,
  MIN_STRENGTH,
  PRIVACY_SWITCH_STATES,
  RULE_MODES,
  WEEKDAYS,
  type DeviceSelector,
  type PolicyRule,
  type RuleConditions,
  type RuleMode,
  type Schedule,
  type SnapshotConfig,
  type Weekday,
} from './policy-types.js';
import { parseClockTime } from './schedule.js';
import {
  ACTIONS,
  ANONYMIZE_TARGETS,
  DETECTION_TYPES,
  DEVICE_GROUPS,
  DEVICE_KINDS,
  REDACTION_METHODS,
  SIGNAL_KINDS,
  type DetectionType,
  type DeviceGroup,
  type DeviceKind,
  type Redaction,
  type SignalKind,
  type Zone,
} from './types.js';
import { checkKeys, checkLength, describe, isPlainObject, LIMITS, oneOf, readChoice, readStringList, type RuleSink, type Sink } from './validate-fields.js';

const RULE_KEYS = ['name', 'devices', 'signals', 'when', 'action', 'snapshot'];
const KIND_WORDS: readonly string[] = [...DEVICE_KINDS, ...Object.keys(DEVICE_GROUPS)];
/** Zone edges may overshoot 1 by float noise from UI sliders. */
const EDGE_TOLERANCE = 1e-9;
/** More than any picture needs; each one costs a pass over the image in redaction. */
export const MAX_ZONES = 20;
export const MAX_REDACTION_STEPS = 8;

/** The rule's name if it has a usable one, so every message about it can say which rule. */
export function ruleNameOf(raw: unknown): string | undefined {
  if (!isPlainObject(raw)) return undefined;
  return typeof raw.name === 'string' && raw.name.trim() !== '' && raw.name.length <= LIMITS.textLength ? raw.name : undefined;
}

export function readRule(raw: unknown, sink: RuleSink): PolicyRule | undefined {
  if (!isPlainObject(raw)) {
    sink.add('', `must be an object with at least an "action", not ${describe(raw)}.`);
    return undefined;
  }
  checkKeys(raw, RULE_KEYS, '', sink);
  if (raw.name !== undefined && sink.ruleName === undefined) {
    if (typeof raw.name !== 'string' || raw.name.trim() === '') sink.add('name', 'must be a non-empty text.');
    else checkLength(raw.name, 'name', 'a rule name', sink);
  }

  const action = raw.action === undefined ? missingAction(sink) : readChoice(raw.action, ACTIONS, 'action', sink);
  const devices = raw.devices === undefined ? undefined : readDevices(raw.devices, sink);
  const signals = raw.signals === undefined ? undefined : (readStringList(raw.signals, 'signals', sink, oneOf(SIGNAL_KINDS, 'signal')) as SignalKind[] | undefined);
  const when = raw.when === undefined ? undefined : readConditions(raw.when, sink);
  let snapshot: SnapshotConfig | undefined;
  if (raw.snapshot !== undefined) {
    snapshot = readSnapshot(raw.snapshot, sink);
    if (action !== undefined && action !== 'event-only') {
      sink.add('snapshot', `only applies to "event-only" rules; a "${action}" rule ${action === 'block' ? 'always shows the placeholder' : 'shows the original'}.`);
    }
  }
  if (action === undefined) return undefined;
  if ((raw.devices !== undefined && !devices) || (raw.signals !== undefined && !signals)) return undefined;
  if ((raw.when !== undefined && !when) || (raw.snapshot !== undefined && !snapshot)) return undefined;
  return {
    name: sink.ruleName ?? `Rule ${sink.ruleIndex + 1}`,
    action,
    ...(devices && { devices }),
    ...(signals && { signals }),
    ...(when && { when }),
    ...(snapshot && action === 'event-only' && { snapshot }),
  };
}

function missingAction(sink: Sink): undefined {
  sink.add('action', `is missing; use one of ${ACTIONS.map((a) => `"${a}"`).join(', ')}.`);
  return undefined;
}

function readDevices(raw: unknown, sink: Sink): DeviceSelector | undefined {
  if (!isPlainObject(raw)) {
    sink.add('devices', `must be an object with "kinds", "ids" and/or "names", not ${describe(raw)}.`);
    return undefined;
  }
  checkKeys(raw, ['kinds', 'ids', 'names'], 'devices', sink);
  if (raw.kinds === undefined && raw.ids === undefined && raw.names === undefined) {
    sink.add('devices', 'lists no "kinds", "ids" or "names"; leave "devices" out to select every device.');
    return undefined;
  }
  const kinds = raw.kinds === undefined ? undefined : readStringList(raw.kinds, 'devices.kinds', sink, oneOf(KIND_WORDS, 'device kind or group'));
  const ids = raw.ids === undefined ? undefined : readStringList(raw.ids, 'devices.ids', sink, () => undefined, true);
  const names = raw.names === undefined ? undefined : readStringList(raw.names, 'devices.names', sink, () => undefined);
  if ((raw.kinds !== undefined && !kinds) || (raw.ids !== undefined && !ids) || (raw.names !== undefined && !names)) {
    return undefined;
  }
  return {
    ...(kinds && { kinds: kinds as (DeviceKind | DeviceGroup)[] }),
    ...(ids && { ids }),
    ...(names && { names }),
  };
}

function readConditions(raw: unknown, sink: Sink): RuleConditions | undefined {
  if (!isPlainObject(raw)) {
    sink.add('when', `must be an object of conditions, not ${describe(raw)}.`);
    return undefined;
  }
  checkKeys(raw, ['modes', 'privacySwitch', 'schedule', 'detectionTypes'], 'when', sink);
  const modes = raw.modes === undefined ? undefined : readModes(raw.modes, sink);
  const privacySwitch = raw.privacySwitch === undefined ? undefined : readChoice(raw.privacySwitch, PRIVACY_SWITCH_STATES, 'when.privacySwitch', sink);
  const schedule = raw.schedule === undefined ? undefined : readSchedule(raw.schedule, sink);
  const detectionTypes =
    raw.detectionTypes === undefined
      ? undefined
      : (readStringList(raw.detectionTypes, 'when.detectionTypes', sink, oneOf(DETECTION_TYPES, 'detection type')) as DetectionType[] | undefined);
  if ((raw.modes !== undefined && !modes) || (raw.privacySwitch !== undefined && !privacySwitch)) return undefined;
  if ((raw.schedule !== undefined && !schedule) || (raw.detectionTypes !== undefined && !detectionTypes)) return undefined;
  return {
    ...(modes && { modes }),
    ...(privacySwitch && privacySwitch !== 'any' && { privacySwitch }),
    ...(schedule && { schedule }),
    ...(detectionTypes && { detectionTypes }),
  };
}

function readModes(raw: unknown, sink: Sink): RuleMode[] | undefined {
  return readStringList(raw, 'when.modes', sink, (item) =>
    item === 'unknown'
      ? '"unknown" cannot be chosen: when the mode is unknown every mode is assumed and the strictest outcome applies.'
      : oneOf(RULE_MODES, 'mode')(item),
  ) as RuleMode[] | undefined;
}

function readSchedule(raw: unknown, sink: Sink): Schedule | undefined {
  if (!isPlainObject(raw)) {
    sink.add('when.schedule', `must be an object with "days", "from" and "to", not ${describe(raw)}.`);
    return undefined;
  }
  checkKeys(raw, ['days', 'from', 'to'], 'when.schedule', sink);
  const days = raw.days === undefined ? undefined : (readStringList(raw.days, 'when.schedule.days', sink, oneOf(WEEKDAYS, 'day')) as Weekday[] | undefined);
  let ok = raw.days === undefined || days !== undefined;
  if ((raw.from === undefined) !== (raw.to === undefined)) {
    sink.add('when.schedule', 'needs both "from" and "to" (or neither, for whole days).');
    return undefined;
  }
  const from = raw.from === undefined ? undefined : readTime(raw.from, 'when.schedule.from', false, sink);
  const to = raw.to === undefined ? undefined : readTime(raw.to, 'when.schedule.to', true, sink);
  if (raw.from !== undefined && (from === undefined || to === undefined)) ok = false;
  else if (from !== undefined && to !== undefined && parseClockTime(from) === parseClockTime(to, true)) {
    sink.add('when.schedule', `"from" and "to" are both ${from}, which is ambiguous; leave both out for whole days.`);
    ok = false;
  }
  if (!ok) return undefined;
  if (days === undefined && from === undefined) {
    sink.add('when.schedule', 'lists neither days nor times; leave "schedule" out to match at all times.');
    return undefined;
  }
  return { ...(days && { days }), ...(from !== undefined && to !== undefined && { from, to }) };
}

function readTime(raw: unknown, field: string, allowEndOfDay: boolean, sink: Sink): string | undefined {
  if (typeof raw === 'string' && parseClockTime(raw, allowEndOfDay) !== undefined) return raw;
  sink.add(field, `${describe(raw)} is not a time; use HH:MM from 00:00 to 23:59${allowEndOfDay ? ' (or 24:00 for the end of the day)' : ''}.`);
  return undefined;
}

function readSnapshot(raw: unknown, sink: Sink): SnapshotConfig | undefined {
  if (!isPlainObject(raw)) {
    sink.add('snapshot', `must be an object with a "redact" list, not ${describe(raw)}.`);
    return undefined;
  }
  checkKeys(raw, ['redact'], 'snapshot', sink);
  if (!Array.isArray(raw.redact) || raw.redact.length === 0) {
    sink.add('snapshot.redact', 'must be a non-empty list of steps such as { "method": "blur" }; leave "snapshot" out to show the placeholder.');
    return undefined;
  }
  if (raw.redact.length > MAX_REDACTION_STEPS) {
    sink.add('snapshot.redact', `has ${raw.redact.length} steps; at most ${MAX_REDACTION_STEPS} are allowed (one step can cover many zones).`);
    return undefined;
  }
  const steps = raw.redact.map((step, i) => readRedaction(step, `snapshot.redact[${i}]`, sink));
  return steps.every((s): s is Redaction => s !== undefined) ? { redact: steps } : undefined;
}

function readRedaction(raw: unknown, field: string, sink: Sink): Redaction | undefined {
  if (!isPlainObject(raw)) {
    sink.add(field, `must be an object like { "method": "mask", "zones": [...] }, not ${describe(raw)}.`);
    return undefined;
  }
  checkKeys(raw, ['method', 'zones', 'anonymize', 'strength'], field, sink);
  const method = readChoice(raw.method, REDACTION_METHODS, `${field}.method`, sink);
  const zones = raw.zones === undefined ? undefined : readZones(raw.zones, `${field}.zones`, sink);
  const anonymize = raw.anonymize === undefined ? undefined : readChoice(raw.anonymize, ANONYMIZE_TARGETS, `${field}.anonymize`, sink);
  if (raw.anonymize !== undefined && anonymize === undefined) return undefined;
  if (anonymize !== undefined && raw.zones !== undefined) {
    sink.add(field, 'has both "zones" and "anonymize"; a step treats fixed zones or what the detector finds, so use two steps for both.');
    return undefined;
  }
  let strength: number | undefined;
  if (method === 'mask' && raw.strength !== undefined) {
    sink.add(`${field}.strength`, 'does not apply to "mask" (masks are always opaque).');
    return undefined;
  }
  if (raw.strength !== undefined) {
    if (typeof raw.strength === 'number' && raw.strength >= MIN_STRENGTH && raw.strength <= MAX_STRENGTH) strength = raw.strength;
    else {
      sink.add(`${field}.strength`, `${describe(raw.strength)} is out of range; use a fraction of the image width from ${MIN_STRENGTH} to ${MAX_STRENGTH}.`);
      return undefined;
    }
  }
  if (method === undefined || (raw.zones !== undefined && zones === undefined)) return undefined;
  const where = zones ? { zones } : anonymize ? { anonymize } : {};
  if (method === 'mask') return { method, ...where };
  return { method, ...where, strength: strength ?? (method === 'pixelate' ? DEFAULT_PIXELATE_STRENGTH : DEFAULT_BLUR_STRENGTH) };
}

function readZones(raw: unknown, field: string, sink: Sink): Zone[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    sink.add(field, 'must be a non-empty list of { "x", "y", "w", "h" }; leave "zones" out for the whole image.');
    return undefined;
  }
  if (raw.length > MAX_ZONES) {
    sink.add(field, `has ${raw.length} zones; at most ${MAX_ZONES} are allowed per step. Merge neighbouring zones into larger ones.`);
    return undefined;
  }
  const zones = raw.map((zone, i) => readZone(zone, `${field}[${i}]`, sink));
  return zones.every((z): z is Zone => z !== undefined) ? zones : undefined;
}

function readZone(raw: unknown, field: string, sink: Sink): Zone | undefined {
  if (!isPlainObject(raw)) {
    sink.add(field, `must be an object { "x", "y", "w", "h" } in fractions of the image, not ${describe(raw)}.`);
    return undefined;
  }
  checkKeys(raw, ['x', 'y', 'w', 'h'], field, sink);
  const { x, y, w, h } = raw;
  if (![x, y, w, h].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    sink.add(field, 'needs numbers "x", "y", "w" and "h" (fractions of the image from 0 to 1).');
    return undefined;
  }
  const zone = { x, y, w, h } as Zone;
  if (zone.x < 0 || zone.y < 0 || zone.w <= 0 || zone.h <= 0) {
    sink.add(field, 'must start inside the image (x, y ≥ 0) and have a size (w, h > 0).');
    return undefined;
  }
  if (zone.x + zone.w > 1 + EDGE_TOLERANCE || zone.y + zone.h > 1 + EDGE_TOLERANCE) {
    sink.add(field, `reaches outside the image (x + w = ${round(zone.x + zone.w)}, y + h = ${round(zone.y + zone.h)}); both must be at most 1.`);
    return undefined;
  }
  return zone;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
