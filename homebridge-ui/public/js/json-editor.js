// @ts-check
/** The whole policy as JSON, for what the forms do not cover (names, several schedules, pasting). */
import { h } from './dom.js';

/**
 * @param {{ policy: unknown, open: boolean, error: string | undefined, onToggle: (open: boolean) => void, onApply: (text: string) => Promise<void> }} options
 */
export function policyJsonEditor({ policy, open, error, onToggle, onApply }) {
  const area = /** @type {HTMLTextAreaElement} */ (
    h('textarea', { class: 'form-control font-monospace', rows: 12, spellcheck: 'false', 'aria-label': 'The privacy policy as JSON' })
  );
  area.value = JSON.stringify(policy, null, 2);
  return h(
    'details',
    { class: 'mb-3', open, ontoggle: (/** @type {Event} */ e) => onToggle(/** @type {HTMLDetailsElement} */ (e.currentTarget).open) },
    h('summary', {}, 'Edit as JSON'),
    h(
      'div',
      { class: 'pt-2' },
      area,
      error && h('div', { class: 'text-danger small mt-1', role: 'alert' }, error),
      h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm mt-2', onclick: () => onApply(area.value) }, 'Apply JSON to the draft'),
    ),
  );
}
