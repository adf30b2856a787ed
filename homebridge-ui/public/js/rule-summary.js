// @ts-check
/** A rule in one line of words, as the rule list shows it under the rule's name. */
import { ACTION_LABELS, clockTime, DAY_LABELS, GROUP_LABELS, KIND_LABELS, MODE_LABELS, SIGNAL_LABELS } from './kinds.js';
import { devices } from './state.js';

const listOf = (values, labels) => values.map((v) => labels[v] ?? v).join(', ');

export function describeRule(rule) {
  const parts = [ACTION_LABELS[rule.action] ?? `"${rule.action}"`];
  const d = rule.devices;
  if (d) {
    const names = devices()
      .filter((device) => d.ids?.includes(device.id))
      .map((device) => device.name);
    const unknown = (d.ids ?? []).filter((id) => !devices().some((device) => device.id === id));
    parts.push(
      `for ${[listOf(d.kinds ?? [], { ...GROUP_LABELS, ...KIND_LABELS }), names.join(', '), unknown.map((id) => `device ${id}`).join(', '), (d.names ?? []).join(', ')].filter(Boolean).join(', ')}`,
    );
  } else parts.push('for every device');
  if (rule.signals) parts.push(`on ${listOf(rule.signals, SIGNAL_LABELS).toLowerCase()}`);
  const w = rule.when ?? {};
  if (w.modes) parts.push(`in ${listOf(w.modes, MODE_LABELS)} mode`);
  if (w.privacySwitch) parts.push(`while the Privacy switch is ${w.privacySwitch}`);
  if (w.schedule)
    parts.push(
      `${w.schedule.days ? listOf(w.schedule.days, DAY_LABELS) : 'every day'}${w.schedule.from ? ` ${clockTime(w.schedule.from)}–${clockTime(w.schedule.to)}` : ''}`,
    );
  if (w.detectionTypes) parts.push(`for ${w.detectionTypes.join(', ')} detections`);
  if (rule.snapshot)
    parts.push(
      `snapshots: ${rule.snapshot.redact
        .map(
          (s) =>
            `${s.method}${s.anonymize ? ` (${s.anonymize === 'faces' ? 'faces' : 'people'})` : s.zones ? ` (${s.zones.length} zone${s.zones.length === 1 ? '' : 's'})` : ''}`,
        )
        .join(', ')}`,
    );
  return parts.join(' · ');
}
