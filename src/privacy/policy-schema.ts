import { PRIVACY_SWITCH_STATES, RULE_MODES, WEEKDAYS } from './policy-types.js';
import { ACTIONS, ANONYMIZE_TARGETS, DETECTION_TYPES, DEVICE_GROUPS, DEVICE_KINDS, REDACTION_METHODS, SIGNAL_KINDS } from './types.js';

type JsonSchema = Record<string, unknown>;

const list = (items: JsonSchema, title: string): JsonSchema => ({ type: 'array', title, items });
const choice = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });
const zone: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(['x', 'y', 'w', 'h'].map((key) => [key, { type: 'number', minimum: 0, maximum: 1 }])),
};

/**
 * The privacy policy as JSON Schema, for config.schema.json. It is built from the same word lists
 * the validator uses; the validator stays the authority (life safety, times, zone bounds).
 */
export function policyJsonSchema(): JsonSchema {
  return {
    title: 'Privacy policy',
    description: "Ordered rules that decide what reaches Apple Home; the first match wins. Edit them in this plugin's settings panel.",
    type: 'object',
    properties: {
      defaultAction: { ...choice(ACTIONS), title: 'When no rule matches', default: 'forward' },
      timeZone: { type: 'string', title: 'Time zone for schedules', description: 'An IANA name such as Europe/Berlin. Defaults to the system zone.' },
      privacySwitchBlocks: { type: 'boolean', title: 'A Privacy switch that is on blocks its camera', default: true },
      rules: list(
        {
          type: 'object',
          properties: {
            name: { type: 'string', title: 'Name' },
            devices: {
              type: 'object',
              title: 'Devices (any of these; leave empty for all)',
              properties: {
                kinds: list(choice([...DEVICE_KINDS, ...Object.keys(DEVICE_GROUPS)]), 'Kinds'),
                ids: list({ type: 'string' }, 'Ring device ids'),
                names: list({ type: 'string' }, 'Device names'),
              },
            },
            signals: list(choice(SIGNAL_KINDS), 'Signals (leave empty for all)'),
            when: {
              type: 'object',
              title: 'Conditions (all must hold)',
              properties: {
                modes: list(choice(RULE_MODES), 'Ring modes'),
                privacySwitch: choice(PRIVACY_SWITCH_STATES),
                schedule: {
                  type: 'object',
                  properties: {
                    days: list(choice(WEEKDAYS), 'Days a window starts'),
                    from: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
                    to: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
                  },
                },
                detectionTypes: list(choice(DETECTION_TYPES), 'Detection types'),
              },
            },
            action: { ...choice(ACTIONS), title: 'Action' },
            snapshot: {
              type: 'object',
              properties: {
                redact: list(
                  {
                    type: 'object',
                    properties: {
                      method: choice(REDACTION_METHODS),
                      zones: list(zone, 'Zones'),
                      anonymize: { ...choice(ANONYMIZE_TARGETS), title: 'Anonymize (faces or persons found in each picture)' },
                      strength: { type: 'number' },
                    },
                  },
                  'Redactions',
                ),
              },
            },
          },
          required: ['action'],
        },
        'Rules',
      ),
      audit: {
        type: 'object',
        title: 'Audit ledger',
        properties: {
          enabled: { type: 'boolean', default: true },
          retentionDays: { type: 'integer', minimum: 1, maximum: 365, default: 30 },
          maxMegabytes: { type: 'number', minimum: 1, maximum: 1024, default: 20 },
        },
      },
    },
  };
}
