/**
 * The emulator's controls for Ring Intercom handsets, kept out of ring-cloud.ts so that file stays
 * about wiring. Validation throws plain Errors; the control API turns them into 400 answers.
 */
import type { CloudState } from './cloud-state.js';
import type { IntercomDingDelivery, IntercomRecord, IntercomUnlockAnswer } from './types.js';
import { findIntercom } from './scenario.js';
import { buildIntercomDingNotification } from './push-payload.js';
import { deepMerge, isPlainObject } from './merge.js';

export interface IntercomControls {
  /**
   * Sends the push Ring sends when someone rings at the intercom (category
   * `com.ring.pn.live-event.intercom`, routed by the library to the RingIntercom, whose `onDing`
   * fires); resolves once delivered, like `injectDing`. `twice`: Ring sends it twice (same ding
   * id, a new persistent id).
   */
  injectIntercomDing(intercomId: number, options?: { waitForClientMs?: number; twice?: boolean }): Promise<IntercomDingDelivery>;
  /**
   * Deep-merges `patch` into the intercom's ring_devices record (`{battery_life: '15'}`,
   * `{alerts: {connection: 'offline'}}`, ...); the library sees it at its next ring_devices poll.
   */
  updateIntercom(intercomId: number, patch: object): void;
  /** How the intercom answers unlock requests from now on: 'ok' (result code 0) or 'refuse' (code 1). */
  setIntercomUnlockAnswer(intercomId: number, answer: IntercomUnlockAnswer): void;
  /** How many `unlock_door` requests the intercom answered (ok or refused; not those a `failNext` fault answered). */
  intercomUnlocks(intercomId: number): number;
}

export const intercomUnlockAnswers: readonly IntercomUnlockAnswer[] = ['ok', 'refuse'];

/** Fields that identify the record: changing them would make it another device (or move it). */
const fixedFields = ['id', 'location_id'] as const;

export function createIntercomControls(
  state: CloudState,
  deliver: (data: Record<string, string>, waitForClientMs: number, options: { twice?: boolean }) => Promise<number>,
): IntercomControls {
  const requireIntercom = (id: number): IntercomRecord => {
    const intercom = findIntercom(state.scenario, id);
    if (!intercom) throw new Error(`no intercom with id ${id}`);
    return intercom;
  };

  return {
    async injectIntercomDing(intercomId, options) {
      const intercom = requireIntercom(intercomId);
      const built = buildIntercomDingNotification({ intercom });
      const delivered = await deliver(built.data, options?.waitForClientMs ?? 15_000, { twice: options?.twice });
      state.log(`intercom ding on ${intercom.description}: delivered to ${delivered} push client(s)`);
      return { dingId: built.dingId, delivered };
    },
    updateIntercom(intercomId, patch) {
      const intercom = requireIntercom(intercomId);
      if (!isPlainObject(patch)) throw new Error('intercom patch must be an object');
      const fixed = fixedFields.filter((name) => name in patch);
      if (fixed.length > 0) throw new Error(`intercom patch may not change ${fixed.join(', ')}`);
      // In place: the scenario's location keeps pointing at this record.
      Object.assign(intercom, deepMerge(intercom, patch));
      state.log(`intercom ${intercom.description} updated: ${JSON.stringify(patch)}`);
    },
    setIntercomUnlockAnswer(intercomId, answer) {
      const intercom = requireIntercom(intercomId);
      if (!intercomUnlockAnswers.includes(answer)) throw new Error(`unlock answer must be ${intercomUnlockAnswers.join(' or ')}`);
      if (answer === 'ok') state.intercomUnlockAnswers.delete(intercom.id);
      else state.intercomUnlockAnswers.set(intercom.id, answer);
    },
    intercomUnlocks(intercomId) {
      return state.intercomUnlocks.get(requireIntercom(intercomId).id) ?? 0;
    },
  };
}
