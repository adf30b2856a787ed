// @ts-check
/**
 * Unsaved policy edits outlive the settings window: the Homebridge UI closes it without asking the
 * panel, so the draft is kept in this browser's storage after every edit and offered again at the
 * next opening. What is kept, and when it counts as edits, is draft.js's business.
 */
import { isDirty, keptDraft, restoreDraft } from './draft.js';

const KEY = 'homebridge-trygr:policy-draft';
/** Only the first visit of an opening takes a kept draft up; later a missing draft means a discard. */
let looked = false;

/**
 * Keeps the draft's unsaved edits for the next opening, or forgets them once there are none.
 * @param {import('./draft.js').Draft & { restored: boolean }} draft
 */
export function keepDraft(draft) {
  try {
    const text = keptDraft(draft);
    if (text) localStorage.setItem(KEY, text);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage off or full: the edits then last while the window is open, as before.
  }
  if (!isDirty(draft)) draft.restored = false;
}

/**
 * At the first visit of the Privacy rules tab in an opening, takes up the edits kept from the last one.
 * @param {import('./draft.js').Draft & { restored: boolean }} draft
 */
export function restoreKept(draft) {
  if (looked || draft.privacy !== undefined) return;
  looked = true;
  let kept;
  try {
    kept = restoreDraft(localStorage.getItem(KEY));
  } catch {
    return;
  }
  if (!kept) return;
  Object.assign(draft, kept);
  draft.restored = true;
}
