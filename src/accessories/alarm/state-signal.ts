import type { DeviceKind } from '../../config/device-kinds.js';
import type { AlarmStateSignal, StateSignalKind } from '../../privacy/types.js';
import { changedKeys, isLifeSafetyChange, type View } from './alarm-mapping.js';

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
 * What one change of a hub device is, for the privacy gate. A life-safety change is always
 * `alarm-state` (never blockable). A change that touches a telling key takes the narrower kind even
 * when other keys changed with it (a Beam's light and motion together): a rule on `light-state`
 * then holds the whole change back, which fails closed, and `alarm-state` rules cover it anyway.
 */
export function stateSignal(kind: DeviceKind, before: View, after: View): AlarmStateSignal {
  if (isLifeSafetyChange(kind, before, after)) return { type: 'alarm-state', lifeSafety: true };
  const telling = TELLING_KEYS[kind];
  if (telling !== undefined && changedKeys(before, after).some((key) => telling.keys.includes(key))) {
    return { type: telling.signal, lifeSafety: false };
  }
  return { type: 'alarm-state', lifeSafety: false };
}
