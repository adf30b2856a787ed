import type { PushHealthState } from '../../config/plugin-status.js';

/** HAP's StatusFault values. */
export const NO_FAULT = 0;
export const GENERAL_FAULT = 1;

/**
 * A camera's Status Fault from the push channel's state (`pushFaultStatus`, on by default): a fault
 * only while the channel is down; degraded (reconnecting, silent, pushes missed) is not, nor is a
 * state not known yet.
 */
export function pushStatusFault(state: PushHealthState | undefined, enabled: boolean): typeof NO_FAULT | typeof GENERAL_FAULT {
  return enabled && state === 'down' ? GENERAL_FAULT : NO_FAULT;
}
