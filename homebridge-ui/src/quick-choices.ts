/**
 * The panel's per-device quick choices, as edits of the platform block: each one is a rule for
 * that device alone (or, for "hide", an entry in hideDeviceIds). A quick rule is recognised by its
 * shape, not its name, so renaming it keeps the switch on. Pure.
 */

import { isUnhideableKind, UNHIDEABLE_REASON } from '../../src/config/device-kinds.js';
import { namesDevice } from '../../src/config/hide-ids.js';

export const QUICK_CHOICES = ['private-while-home', 'no-snapshots', 'events-only', 'blur-faces', 'hide'] as const;
export type QuickChoice = (typeof QUICK_CHOICES)[number];

export interface QuickDevice {
  readonly id: string;
  readonly name: string;
  /** Other ids `hideDeviceIds` may name it by: the UUID homebridge-ring gave it. */
  readonly aliases?: readonly string[];
}

/** Whether a `hideDeviceIds` entry names the device, by Ring's id or one of its aliases. */
const names = (device: QuickDevice) => (entry: string) => namesDevice(entry, device.id) || (device.aliases ?? []).some((alias) => namesDevice(entry, device.id, alias));

export interface QuickBlock {
  readonly privacy?: unknown;
  readonly hideDeviceIds?: readonly string[];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const QUICK_CHOICE_LABELS: Record<QuickChoice, string> = {
  'private-while-home': 'Private while home',
  'no-snapshots': 'No snapshots',
  'events-only': 'Events only',
  'blur-faces': 'Blur faces',
  hide: 'Hide',
};

/**
 * Why a quick choice may not be turned on for a device of this kind, if it may not. The plugin
 * would show a hidden life-safety device anyway; refusing here keeps config.json saying what happens.
 */
export function quickChoiceRefusal(choice: QuickChoice, enabled: boolean, kind: string | undefined): string | undefined {
  if (choice !== 'hide' || !enabled || kind === undefined || !isUnhideableKind(kind)) return undefined;
  const why = UNHIDEABLE_REASON.charAt(0).toUpperCase() + UNHIDEABLE_REASON.slice(1);
  return `This device cannot be hidden. ${why}.`;
}

/** At most this many of the policy's problems are quoted in a refusal; the Privacy rules tab lists them all. */
const QUOTED_PROBLEMS = 3;

/**
 * Why a quick choice may not rewrite the policy, if it may not: a policy the plugin refuses (and so
 * fails closed on) would otherwise be replaced by the quick rule alone, silently dropping whatever
 * the user wrote. The user fixes or resets it in the Privacy rules tab first. "hide" leaves the
 * policy alone and is never refused for it.
 */
export function invalidPolicyRefusal(choice: QuickChoice, problems: readonly { message: string }[]): string | undefined {
  if (choice === 'hide' || problems.length === 0) return undefined;
  const quoted = problems
    .slice(0, QUOTED_PROBLEMS)
    .map((problem) => problem.message)
    .join(' ');
  const more = problems.length > QUOTED_PROBLEMS ? ` (and ${problems.length - QUOTED_PROBLEMS} more)` : '';
  return `The privacy policy in the config is invalid, so the plugin blocks everything but life-safety alarms, and a quick choice would replace it. ${quoted}${more} Fix or reset the policy in Privacy rules first.`;
}

/** The rule a quick choice writes (none for "hide"). */
export function quickRule(choice: Exclude<QuickChoice, 'hide'>, device: QuickDevice): Json {
  const devices = { ids: [device.id] };
  switch (choice) {
    case 'private-while-home':
      // Ring's Home and Disarmed modes both mean someone is home.
      return { name: `${device.name}: private while home`, devices, when: { modes: ['home', 'disarmed'] }, action: 'block' };
    case 'no-snapshots':
      return { name: `${device.name}: no snapshots`, devices, signals: ['snapshot', 'event-snapshot'], action: 'block' };
    case 'events-only':
      return { name: `${device.name}: events only`, devices, action: 'event-only' };
    case 'blur-faces':
      // Every picture with each face found blurred; live video cannot be, so event-only refuses it.
      return { name: `${device.name}: blur faces`, devices, action: 'event-only', snapshot: { redact: [{ method: 'blur', anonymize: 'faces' }] } };
  }
}

/** Same rule apart from its name (key order does not matter). */
function sameShape(rule: unknown, template: Json): boolean {
  if (!isRecord(rule)) return false;
  const { name: _a, ...a } = rule;
  const { name: _b, ...b } = template;
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function rulesOf(privacy: unknown): unknown[] {
  return isRecord(privacy) && Array.isArray(privacy.rules) ? privacy.rules : [];
}

export function quickChoiceState(block: QuickBlock, device: QuickDevice): Record<QuickChoice, boolean> {
  const rules = rulesOf(block.privacy);
  const has = (choice: Exclude<QuickChoice, 'hide'>): boolean => rules.some((rule) => sameShape(rule, quickRule(choice, device)));
  return {
    'private-while-home': has('private-while-home'),
    'no-snapshots': has('no-snapshots'),
    'events-only': has('events-only'),
    'blur-faces': has('blur-faces'),
    hide: (block.hideDeviceIds ?? []).some(names(device)),
  };
}

/**
 * The block's `privacy` and `hideDeviceIds` after turning a choice on or off. A new quick rule goes
 * first: rules are first-match, and a rule for one device is meant to win over general ones.
 */
export function applyQuickChoice(block: QuickBlock, device: QuickDevice, choice: QuickChoice, enabled: boolean): { privacy: unknown; hideDeviceIds: string[] } {
  const hidden = [...(block.hideDeviceIds ?? [])];
  if (choice === 'hide') {
    // Off also takes out homebridge-ring's UUID for it; on writes Ring's id.
    const without = hidden.filter((entry) => !names(device)(entry));
    return { privacy: block.privacy, hideDeviceIds: enabled ? [...without, device.id] : without };
  }
  const template = quickRule(choice, device);
  const privacy: Json = isRecord(block.privacy) ? { ...block.privacy } : {};
  const others = rulesOf(block.privacy).filter((rule) => !sameShape(rule, template));
  privacy.rules = enabled ? [template, ...others] : others;
  return { privacy, hideDeviceIds: hidden };
}
