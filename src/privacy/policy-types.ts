/**
 * The privacy policy, as users write it in the platform block of config.json under `privacy`:
 *
 * ```jsonc
 * "privacy": {
 *   "defaultAction": "forward",          // forward | event-only | block   (default: forward)
 *   "timeZone": "Europe/Berlin",         // IANA zone for schedules   (default: the system zone)
 *   "privacySwitchBlocks": true,         // a camera whose Privacy switch is on is blocked; only rules
 *                                        // with "privacySwitch": "on" can let something through
 *                                        // (default: true)
 *   "rules": [                           // first matching rule wins
 *     {
 *       "name": "Indoor private at home",
 *       "devices": {                     // a device matches if ANY list matches; omit = all devices
 *         "kinds": ["indoor-camera"],    // kinds, or the groups "camera", "alarm", "sensor"
 *         "ids": ["123"],                // Ring device ids
 *         "names": ["Living Room"]       // device names (case-insensitive)
 *       },
 *       "signals": ["motion", "snapshot", "stream-start"],  // omit = all signals
 *       "when": {                        // every listed condition must hold; omit = always
 *         "modes": ["home", "disarmed"],
 *         "privacySwitch": "on",         // on | off | any
 *         "schedule": { "days": ["mon", "tue"], "from": "22:00", "to": "06:00" },
 *         "detectionTypes": ["person"]   // person | vehicle | package | other
 *       },
 *       "action": "event-only",
 *       "snapshot": {                    // only for event-only; omit = placeholder image
 *         "redact": [
 *           { "method": "mask", "zones": [{ "x": 0.1, "y": 0, "w": 0.3, "h": 0.5 }] },
 *           { "method": "blur", "strength": 0.03 }          // no zones = whole frame
 *         ]
 *       }
 *     }
 *   ],
 *   "audit": {                           // the local decision ledger (src/privacy/audit)
 *     "enabled": true,                   // default: true
 *     "retentionDays": 30,               // whole days kept, today included: 1–365 (default: 30)
 *     "maxMegabytes": 20                 // all ledger files together: 1–1024 (default: 20)
 *   }
 * }
 * ```
 *
 * Signals: motion, detection, doorbell, event-snapshot (the image sent with an event), snapshot (the
 * Home app's on-demand tile), stream-start, alarm-state (every state change of a hub or location
 * device), and the narrower lock-state, light-state, switch-state and mode-change (see
 * STATE_SIGNAL_KINDS: a rule listing alarm-state covers them too).
 * Device kinds (src/config/device-kinds.ts): doorbell, indoor-camera, outdoor-camera, floodlight-camera,
 * spotlight-camera, chime, security-panel, contact-sensor, motion-sensor, flood-freeze-sensor,
 * smoke-co-sensor, smoke-sensor, co-sensor, temperature-sensor, keypad, base-station,
 * other-alarm-device. Groups: "camera" (the five camera kinds), "alarm" (every alarm device),
 * "sensor" (the alarm sensors only).
 *
 * Schedules are wall-clock times in `timeZone`. A window covers [from, to). `days` are the days
 * a window *starts* (omit = every day); when `to` is earlier than `from` the window runs past
 * midnight into the next day, so `"mon" 22:00–06:00` is Monday 22:00 to Tuesday 06:00.
 * `"to": "24:00"` means the end of the day. Omit both `from` and `to` for whole days.
 * On daylight-saving nights a window is an hour shorter or longer in real time; wall-clock times
 * that do not exist that night are simply skipped.
 *
 * Redaction `strength` is a fraction of the image width: the block size for pixelate
 * (default 0.04), the blur radius (sigma) for blur (default 0.03). Pixelate and blur steps run in
 * the listed order; masks are drawn last so they always stay opaque.
 *
 * Unknowns fail closed: when the mode is unknown, the clock is not trustworthy, a Privacy switch
 * state is unknown or a detection arrives without a type, every possible value is considered and the
 * strictest outcome applies (block > event-only with placeholder > event-only redacted > forward).
 * An invalid policy blocks everything except life safety.
 *
 * Life safety: alarm-state changes of smoke/CO/flood sensors and alarm/panic states always reach
 * Apple Home. A block or event-only rule whose selection covers them is rejected.
 */
import type { Action, DetectionType, DeviceGroup, DeviceKind, Redaction, SignalKind } from './types.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const RULE_MODES = ['home', 'away', 'disarmed'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export const PRIVACY_SWITCH_STATES = ['on', 'off', 'any'] as const;
export type PrivacySwitchCondition = (typeof PRIVACY_SWITCH_STATES)[number];

/** Validated schedule: `from`/`to` are both present ("HH:MM", `to` may be "24:00") or both absent. */
export interface Schedule {
  readonly days?: readonly Weekday[];
  readonly from?: string;
  readonly to?: string;
}

export interface DeviceSelector {
  readonly kinds?: readonly (DeviceKind | DeviceGroup)[];
  readonly ids?: readonly string[];
  readonly names?: readonly string[];
}

export interface RuleConditions {
  readonly modes?: readonly RuleMode[];
  readonly privacySwitch?: PrivacySwitchCondition;
  readonly schedule?: Schedule;
  readonly detectionTypes?: readonly DetectionType[];
}

export interface SnapshotConfig {
  readonly redact: readonly Redaction[];
}

/** A rule after validation: absent selectors mean "all", absent conditions mean "always". */
export interface PolicyRule {
  readonly name: string;
  readonly devices?: DeviceSelector;
  readonly signals?: readonly SignalKind[];
  readonly when?: RuleConditions;
  readonly action: Action;
  readonly snapshot?: SnapshotConfig;
}

export interface Policy {
  readonly defaultAction: Action;
  /** Canonical IANA name, already resolved from the system zone when not configured. */
  readonly timeZone: string;
  readonly privacySwitchBlocks: boolean;
  readonly rules: readonly PolicyRule[];
}

export const DEFAULT_PIXELATE_STRENGTH = 0.04;
export const DEFAULT_BLUR_STRENGTH = 0.03;
export const MIN_STRENGTH = 0.005;
export const MAX_STRENGTH = 0.5;

export interface PolicyError {
  /** JSON path inside the `privacy` block, e.g. `rules[2].when.schedule.from`. */
  readonly path: string;
  readonly ruleIndex?: number;
  readonly ruleName?: string;
  /** A full sentence, fit for the Homebridge UI. */
  readonly message: string;
}
