import type { DeviceKind } from '../../config/device-kinds.js';
import type { StateSignalKind } from '../../privacy/types.js';
import { changedKeys, isLifeSafetyChange, type View } from './alarm-mapping.js';
import type { StatePart } from './gated-state.js';

/**
 * The view keys whose change says who is home, per device kind, and the narrower signal kind such
 * a change is offered as. Battery, fault and tamper changes stay plain `alarm-state`.
 */
const TELLING_KEYS: Partial<Record<DeviceKind, { readonly signal: StateSignalKind; readonly keys: readonly string[] }>> = {
  lock: { signal: 'lock-state', keys: ['current', 'target'] },
  'smart-light': { signal: 'light-state', keys: ['on', 'level'] },
  'smart-switch': { signal: 'switch-state', keys: ['on', 'level'] },
  'water-valve': { signal: 'switch-state', keys: ['active', 'inUse'] },
  'security-panel': { signal: 'mode-change', keys: ['current', 'target'] },
  'location-mode': { signal: 'mode-change', keys: ['current', 'target'] },
};

/**
 * The parts of one change of a hub device, for the privacy gate. A life-safety change is one part,
 * always `alarm-state` (never blockable), carrying every changed key. Otherwise the keys that say
 * who is home take the narrower kind and the rest stay `alarm-state`, each part judged on its own:
 * a rule on `light-state` holds a Beam's light back and still lets its motion through.
 */
export function stateParts(kind: DeviceKind, before: View, after: View): StatePart[] {
  const changed = changedKeys(before, after);
  if (changed.length === 0) return [];
  if (isLifeSafetyChange(kind, before, after)) return [{ signal: { type: 'alarm-state', lifeSafety: true }, keys: changed }];
  const telling = TELLING_KEYS[kind];
  const told = telling === undefined ? [] : changed.filter((key) => telling.keys.includes(key));
  const rest = changed.filter((key) => !told.includes(key));
  const parts: StatePart[] = [];
  if (told.length > 0) parts.push({ signal: { type: telling!.signal, lifeSafety: false }, keys: told });
  if (rest.length > 0) parts.push({ signal: { type: 'alarm-state', lifeSafety: false }, keys: rest });
  return parts;
}
