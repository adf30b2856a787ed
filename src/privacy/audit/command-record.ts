/**
 * A HomeKit command as a ledger line, and the pure conversions to and from it.
 *
 * Commands are not privacy decisions: they are never blocked or replayed. The ledger keeps them so
 * the history of a home reads whole ("the door was unlocked from Apple Home at 22:14, and then the
 * hall camera went private"). Like decisions, fields are copied one by one: only the characteristic,
 * a boolean or numeric value, the service subtype and a label derived from those reach the disk,
 * plus a failure reason scrubbed of addresses and anything token-like.
 */
import type { CommandRecord } from '../privacy-gate.js';
import type { CommandOutcome, Device } from '../types.js';
import { AUDIT_RECORD_VERSION, isObject, parseDevice, storedDevice } from './audit-record.js';

export const COMMAND_RECORD_TYPE = 'command';

export interface AuditCommand {
  readonly characteristic: string;
  /** null when HomeKit wrote something other than a boolean or a finite number. */
  readonly value: boolean | number | null;
  readonly service?: string;
  /** In words, e.g. `Unlock`, `Siren on`, `Brightness 40%`. */
  readonly label: string;
}

export interface AuditCommandRecord {
  readonly v: typeof AUDIT_RECORD_VERSION;
  readonly type: typeof COMMAND_RECORD_TYPE;
  /** ISO 8601 in UTC: when HomeKit asked. */
  readonly time: string;
  readonly device: Device;
  readonly command: AuditCommand;
  /** Present (true) for a setting of this plugin that never went to Ring. */
  readonly local?: true;
  readonly outcome: CommandOutcome['outcome'];
  /** For `failed`: a few words on why. */
  readonly reason?: string;
}

const CHARACTERISTIC = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const SERVICE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_LABEL = 80;
const MAX_REASON = 120;

/** `Lock Target State` (a HAP display name) → `LockTargetState`. */
export function characteristicKey(displayName: string): string {
  return displayName.replace(/[^A-Za-z0-9]/g, '');
}

/** undefined when the command cannot be stored (no valid time, or not a HAP characteristic name). */
export function toCommandRecord(record: CommandRecord): AuditCommandRecord | undefined {
  const epochMs = record.time.getTime();
  const characteristic = String(record.command.characteristic);
  if (!Number.isFinite(epochMs) || !CHARACTERISTIC.test(characteristic)) return undefined;
  const value = storableValue(record.command.value);
  const service = typeof record.command.service === 'string' && SERVICE.test(record.command.service) ? record.command.service : undefined;
  const failed = record.outcome.outcome === 'failed';
  return {
    v: AUDIT_RECORD_VERSION,
    type: COMMAND_RECORD_TYPE,
    time: new Date(epochMs).toISOString(),
    device: storedDevice(record.device),
    command: { characteristic, value, ...(service !== undefined && { service }), label: commandLabel(characteristic, value, service) },
    ...(record.command.local === true && { local: true as const }),
    outcome: failed ? 'failed' : 'done',
    ...(failed && { reason: shortReason((record.outcome as { reason?: unknown }).reason) }),
  };
}

function storableValue(value: unknown): boolean | number | null {
  if (typeof value === 'boolean') return value;
  // -0 is written as 0 (JSON has no negative zero); storing 0 keeps the record equal to its line.
  if (typeof value === 'number' && Number.isFinite(value)) return value === 0 ? 0 : value;
  return null;
}

/**
 * A failure reason safe to keep: its first line, with addresses, e-mail addresses and long
 * token-like strings replaced, and cut short. Ring's errors can quote URLs with ids in them.
 */
export function shortReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason : '';
  const cleaned = (text.split(/\r?\n/)[0] ?? '')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[address]')
    .replace(/\S+@\S+/g, '[address]')
    .replace(/[A-Za-z0-9_+/=.-]{24,}/g, '[…]')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned === '') return 'no reason was given';
  return cleaned.length > MAX_REASON ? `${cleaned.slice(0, MAX_REASON - 1)}…` : cleaned;
}

/** What a switch of a device is, by the subtype its service carries. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  light: 'Light',
  siren: 'Siren',
  'in-home-doorbell': 'In-home chime',
  snooze: 'Snooze',
  nightlight: 'Nightlight',
  privacy: 'Privacy',
};
/** Chime switches that play a sound once when turned on. */
const SOUNDS: Readonly<Record<string, string>> = { ding: 'ding sound', motion: 'motion sound' };
const SECURITY_TARGETS = ['Arm Home', 'Arm Away', 'Arm Night', 'Disarm'];
const PERCENT: Readonly<Record<string, string>> = { Brightness: 'Brightness', RotationSpeed: 'Speed', Volume: 'Volume' };

/** The command in a few words, from the characteristic, its value and the service it belongs to. */
export function commandLabel(characteristic: string, value: boolean | number | null, service?: string): string {
  const on = value === true || value === 1;
  switch (characteristic) {
    case 'LockTargetState':
      if (value === 0 || value === 1) return value === 0 ? 'Unlock' : 'Lock';
      break;
    case 'SecuritySystemTargetState':
      if (typeof value === 'number' && SECURITY_TARGETS[value] !== undefined) return SECURITY_TARGETS[value]!;
      break;
    case 'On': {
      const sound = service === undefined ? undefined : SOUNDS[service];
      if (sound) return on ? `Play ${sound}` : `Turn off ${sound}`;
      const name = service === undefined ? undefined : SERVICE_NAMES[service];
      return name ? `${name} ${on ? 'on' : 'off'}` : `Turn ${on ? 'on' : 'off'}`;
    }
    case 'Mute':
      return on ? 'Mute' : 'Unmute';
    default:
      if (PERCENT[characteristic] && typeof value === 'number') return `${PERCENT[characteristic]} ${value}%`;
  }
  const words = characteristic.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  const label = value === null ? `Set ${words}` : `Set ${words} to ${String(value)}`;
  return label.slice(0, MAX_LABEL);
}

/** A parsed ledger line holding a command; undefined unless every field is well-formed. */
export function parseCommandRecord(raw: Record<string, unknown>): AuditCommandRecord | undefined {
  const { v, type, time, device: rawDevice, command, local, outcome, reason } = raw;
  if (v !== AUDIT_RECORD_VERSION || type !== COMMAND_RECORD_TYPE) return undefined;
  if (typeof time !== 'string' || !Number.isFinite(Date.parse(time))) return undefined;
  const device = parseDevice(rawDevice);
  if (!device || !isObject(command)) return undefined;
  const { characteristic, value, service, label } = command;
  if (typeof characteristic !== 'string' || !CHARACTERISTIC.test(characteristic)) return undefined;
  if (!(value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) return undefined;
  if (service !== undefined && !(typeof service === 'string' && SERVICE.test(service))) return undefined;
  if (typeof label !== 'string' || label === '' || label.length > MAX_LABEL) return undefined;
  if (local !== undefined && local !== true) return undefined;
  if (outcome !== 'done' && outcome !== 'failed') return undefined;
  if (outcome === 'failed' ? typeof reason !== 'string' || reason.length > MAX_REASON : reason !== undefined) return undefined;
  return {
    v: AUDIT_RECORD_VERSION,
    type: COMMAND_RECORD_TYPE,
    time: new Date(Date.parse(time)).toISOString(),
    device,
    command: { characteristic, value, ...(service !== undefined && { service }), label },
    ...(local === true && { local }),
    outcome,
    ...(outcome === 'failed' && { reason: reason as string }),
  };
}
