// @ts-check
/**
 * The Options tab: every option of the plugin in the Homebridge UI's own form (config.schema.json),
 * shown below the panel with `showSchemaForm()` and hidden again on the other tabs. What is changed
 * there is saved by the Homebridge UI's Save button; the sign-in and the privacy rules stay with
 * their tabs, which save at once.
 */
import { h, replace } from './dom.js';

/** @type {any} */
const hb = /** @type {any} */ (window).homebridge;

/** @param {HTMLElement} panel */
export function renderOptions(panel) {
  replace(
    panel,
    h(
      'div',
      { class: 'alert alert-info mb-0 text-start', 'data-testid': 'options-help' },
      h('strong', {}, 'All options. '),
      'Sensors, doorbell switch, Night mode, ffmpeg, timings and the rest are in the form below. ',
      'Click Save at the bottom of this window to save them (Save works on this tab only; an edit here is kept while you visit the others). ',
      'The Ring sign-in and the privacy rules are edited in their own tabs, which save at once.',
    ),
  );
  shown = true;
  hb.showSchemaForm();
}

let shown = false;

/** Whether the form is on screen: only then do its `configChanged` events carry edits. */
export const optionsShown = () => shown;

/**
 * Hides the form when another tab is shown. Homebridge UI 5.10 empties the plugin's block when its
 * form is taken away (only the keys outside the form's layout are left), so the block as it was
 * just before is put back when hiding changed it. 5.28 leaves it alone; then nothing is written.
 */
export async function leaveOptions() {
  shown = false;
  const before = await hb.getPluginConfig();
  hb.hideSchemaForm();
  // The form is gone after the UI's next render; its last (debounced) change event comes 250 ms later.
  await new Promise((resolve) => setTimeout(resolve, 400));
  const after = await hb.getPluginConfig();
  if (JSON.stringify(after) !== JSON.stringify(before)) await hb.updatePluginConfig(before);
}

/**
 * When the panel cannot start, the plain form still lets every option be edited.
 * @param {string} message
 */
export function fallBackToForm(message) {
  const root = document.getElementById('trygr');
  const box = h(
    'div',
    { class: 'alert alert-warning text-start', role: 'alert', 'data-testid': 'panel-failed' },
    h('strong', {}, 'The Trygr panel could not start. '),
    message,
    ' ',
    'The options are in the form below; signing in needs the panel (reload this window to try again).',
  );
  if (root) replace(root, box);
  else document.body.prepend(box);
  hb.enableSaveButton();
  hb.showSchemaForm();
}
