// @ts-check
/**
 * A rule's validation errors at the fields they are about. The form marks each field's block with
 * `data-field` (a path inside the rule, as the validator names it: "name", "when.schedule", …); an
 * error whose path is that field or inside it is shown there, and the field is marked invalid.
 */
import { h } from './dom.js';

/** The path inside its rule: "rules[2].when.schedule" → "when.schedule". @param {string} path */
const insideRule = (path) => path.replace(/^rules\[\d+\]\.?/, '');

/**
 * @param {Element} item the rule's list item, with its form when open
 * @param {Array<{ path: string, message: string }>} errors that rule's errors
 */
export function showFieldErrors(item, errors) {
  for (const host of item.querySelectorAll('[data-field]')) {
    const field = /** @type {HTMLElement} */ (host).dataset.field ?? '';
    const own = errors.filter((e) => {
      const path = insideRule(e.path);
      return path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
    });
    host.classList.toggle('trygr-field-invalid', own.length > 0);
    for (const control of host.querySelectorAll('input, select')) {
      if (own.length > 0) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
    const shown = host.querySelector(':scope > .trygr-field-error');
    if (own.length === 0) {
      shown?.remove();
      continue;
    }
    const note = shown ?? host.appendChild(h('div', { class: 'trygr-field-error small trygr-error-text', role: 'alert', 'data-testid': 'field-error' }));
    note.textContent = own.map((e) => e.message).join(' ');
  }
}
