// @ts-check
/**
 * The policy draft apart from the page: which saved policy an edit started from, whether it holds
 * edits, and what "Save policy" writes when the saved policy changed meanwhile (a quick choice on
 * the Devices tab saves at once, as may another window). Pure, so that a property test can play any
 * order of quick choices, edits, saves and reloads against it (test/ui/panel-draft.test.ts).
 */

/**
 * A missing policy and an empty one both mean "nothing saved": comparing them as different made a
 * fresh install's empty draft look edited, so it never picked up the quick choices saved later.
 * @param {unknown} privacy
 */
export const canonical = (privacy) => JSON.stringify(privacy ?? {});

/** @param {string} text */
const parse = (text) => JSON.parse(text);

/** @typedef {{ privacy: any, base: string }} Draft */

/** @returns {Draft} */
export function emptyDraft() {
  return { privacy: undefined, base: canonical(undefined) };
}

/** @param {Draft} draft */
export function isDirty(draft) {
  return draft.privacy !== undefined && canonical(draft.privacy) !== draft.base;
}

/**
 * What outlives the settings window: the draft while it holds edits (undefined: nothing to keep).
 * The window can be closed at any moment and the Homebridge UI does not ask the panel first, so
 * the panel keeps this after every edit and offers it again when it is opened next.
 * @param {Draft} draft
 */
export function keptDraft(draft) {
  return isDirty(draft) ? JSON.stringify({ v: 1, privacy: draft.privacy, base: draft.base }) : undefined;
}

/**
 * A kept draft back, or undefined when the text is not one (or holds no edits).
 * @param {string | null | undefined} text
 * @returns {Draft | undefined}
 */
export function restoreDraft(text) {
  try {
    const kept = JSON.parse(text ?? '');
    const isObject = (/** @type {unknown} */ value) => typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!isObject(kept) || kept.v !== 1 || !isObject(kept.privacy) || typeof kept.base !== 'string' || !isObject(JSON.parse(kept.base))) return undefined;
    /** @type {Draft} */
    const draft = { privacy: kept.privacy, base: kept.base };
    return isDirty(draft) ? draft : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes up the saved policy unless the draft holds edits; says whether it did.
 * @param {Draft} draft
 * @param {unknown} saved
 */
export function syncDraft(draft, saved) {
  const text = canonical(saved);
  if (draft.privacy !== undefined && (isDirty(draft) || text === draft.base)) return false;
  draft.privacy = parse(text);
  draft.base = text;
  return true;
}

/**
 * The policy to save: the draft's own changes applied to what is saved now. A rule added or removed
 * elsewhere since the draft began stays added or removed; a rule the draft removed stays removed; a
 * setting changed elsewhere is kept unless the draft changed it too (the draft is the later, visible
 * choice). Rules are told apart by their whole content: an edited rule is a removal and an addition.
 * @param {Draft} draft
 * @param {unknown} saved
 * @returns {Record<string, any>}
 */
export function rebaseDraft(draft, saved) {
  const mine = parse(canonical(draft.privacy));
  const now = parse(canonical(saved));
  if (canonical(now) === draft.base) return mine;
  const base = parse(draft.base);
  /** @type {Record<string, any>} */
  const result = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(now), ...Object.keys(mine)])) {
    if (key === 'rules') continue;
    const value = JSON.stringify(mine[key]) !== JSON.stringify(base[key]) ? mine[key] : now[key];
    if (value !== undefined) result[key] = value;
  }
  const rules = mergeRules(listOf(base.rules), listOf(now.rules), listOf(mine.rules));
  if (rules.length > 0 || [base, now, mine].some((p) => Array.isArray(p.rules))) result.rules = rules;
  return result;
}

/** @param {unknown} value @returns {unknown[]} */
const listOf = (value) => (Array.isArray(value) ? value : []);

/**
 * @param {unknown[]} base
 * @param {unknown[]} now
 * @param {unknown[]} mine
 */
function mergeRules(base, now, mine) {
  const key = (/** @type {unknown} */ rule) => JSON.stringify(rule);
  const baseKeys = base.map(key);
  const nowKeys = now.map(key);
  const removedElsewhere = new Set(baseKeys.filter((k) => !nowKeys.includes(k)));
  const result = mine.filter((rule) => !removedElsewhere.has(key(rule)));
  // Rules added elsewhere keep their place: after the rule they followed there, else first (quick
  // choices put theirs first).
  now.forEach((rule, index) => {
    const k = key(rule);
    if (baseKeys.includes(k) || result.some((r) => key(r) === k)) return;
    const before = index === 0 ? -1 : result.findIndex((r) => key(r) === nowKeys[index - 1]);
    result.splice(before + 1, 0, rule);
  });
  return result;
}
