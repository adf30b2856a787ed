// @ts-check
/** The policy's own settings above the rules: the default action, the time zone, the Privacy switch. */
import { check, field, h } from './dom.js';
import { ACTION_LABELS } from './kinds.js';

/**
 * `privacy` (the draft) is edited in place; `changed()` after every edit, `rerender()` when the form must be rebuilt.
 * @param {any} privacy
 * @param {() => unknown} changed
 * @param {() => void} rerender
 */
export function settingsCard(privacy, changed, rerender) {
  const defaultAction = h(
    'select',
    {
      class: 'form-select',
      onchange: (e) => {
        privacy.defaultAction = e.currentTarget.value;
        void changed();
      },
    },
    // A value the plugin does not know is shown as it is, not as the first choice (the validator names it).
    privacy.defaultAction !== undefined &&
      !(privacy.defaultAction in ACTION_LABELS) &&
      h('option', { value: String(privacy.defaultAction), selected: true, disabled: true }, `"${String(privacy.defaultAction)}" (not a valid action)`),
    Object.entries(ACTION_LABELS).map(([value, label]) => h('option', { value, selected: (privacy.defaultAction ?? 'forward') === value }, label)),
  );
  const zone = h('input', {
    class: 'form-control',
    type: 'text',
    value: privacy.timeZone ?? '',
    placeholder: Intl.DateTimeFormat().resolvedOptions().timeZone,
    onchange: (e) => {
      if (e.currentTarget.value.trim()) privacy.timeZone = e.currentTarget.value.trim();
      else delete privacy.timeZone;
      void changed();
    },
  });
  return h(
    'div',
    { class: 'card card-body' },
    h('h2', { class: 'h5' }, 'Policy'),
    h(
      'div',
      { class: 'row g-3' },
      h('div', { class: 'col-md-6' }, field('Default action', defaultAction, 'What happens when no rule matches.')),
      h('div', { class: 'col-md-6' }, field('Time zone for schedules', zone, "An IANA name; empty uses this server's zone.")),
    ),
    check(
      "A camera's Privacy switch in the Home app blocks it",
      privacy.privacySwitchBlocks !== false,
      (e) => {
        privacy.privacySwitchBlocks = e.currentTarget.checked;
        void changed();
        rerender();
      },
      { switchStyle: true },
    ),
  );
}
