import type { Logging } from 'homebridge';
import { compilePolicy, type CompiledPolicy } from '../privacy/compile-policy.js';
import { validatePolicy } from '../privacy/policy-validate.js';

/**
 * Validates the privacy policy from the config. An invalid policy is logged rule by rule and
 * yields undefined, which the gate treats as "forward nothing but life safety" until it is fixed.
 */
export function loadPolicy(raw: unknown, log: Logging): CompiledPolicy | undefined {
  const { policy, errors } = validatePolicy(raw);
  if (!policy) {
    for (const error of errors) {
      log.error(`Privacy policy: ${error.message}`);
    }
    log.error('The privacy policy is invalid, so nothing but life-safety alarms reaches Apple Home until it is fixed in the Trygr settings.');
    return undefined;
  }
  if (policy.rules.length > 0) {
    log.info(`Privacy policy: ${policy.rules.length} rule${policy.rules.length === 1 ? '' : 's'}, default ${policy.defaultAction}.`);
  }
  return compilePolicy(policy);
}
