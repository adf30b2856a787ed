/**
 * The settings panel's policy draft (homebridge-ui/public/js/draft.js) against what users do in any
 * order: quick choices on the Devices tab (saved at once, through the panel server's own
 * applyQuickChoice), rule edits in the draft, Save policy, reopening the tab, closing the panel
 * (the draft kept in the browser's storage and taken up at the next opening), Discard changes.
 * No saved choice may disappear without an explicit delete, and no unsaved edit without a Discard.
 */
import fc from 'fast-check';
import { canonical, emptyDraft, isDirty, keptDraft, rebaseDraft, restoreDraft, syncDraft, type Draft } from '../../homebridge-ui/public/js/draft.js';
import { applyQuickChoice, quickRule, type QuickChoice } from '../../homebridge-ui/src/quick-choices.js';

const CAMERAS = [
  { id: '1', name: 'Hall' },
  { id: '2', name: 'Yard' },
  { id: '3', name: 'Door' },
];
const CHOICES = ['private-while-home', 'no-snapshots', 'events-only'] as const satisfies readonly QuickChoice[];

type Action =
  | { kind: 'quick'; camera: number; choice: number; on: boolean }
  | { kind: 'add' }
  | { kind: 'delete'; index: number }
  | { kind: 'default'; value: 'forward' | 'block' }
  | { kind: 'save' }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'discard' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('quick' as const), camera: fc.nat(2), choice: fc.nat(2), on: fc.boolean() }),
  fc.constant({ kind: 'add' as const }),
  fc.record({ kind: fc.constant('delete' as const), index: fc.nat(9) }),
  fc.record({ kind: fc.constant('default' as const), value: fc.constantFrom('forward' as const, 'block' as const) }),
  fc.constant({ kind: 'save' as const }),
  fc.constant({ kind: 'open' as const }),
  fc.constant({ kind: 'close' as const }),
  fc.constant({ kind: 'discard' as const }),
);

const key = (rule: unknown) => JSON.stringify(rule);
const rulesOf = (privacy: unknown): unknown[] => {
  const rules = (privacy as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) ? rules : [];
};

/**
 * Plays the actions; `expected` holds every rule that was saved and not explicitly deleted since,
 * `pendingAdds` the rules added in the draft and neither saved nor discarded.
 */
function play(actions: readonly Action[]): void {
  let saved: unknown = undefined; // a fresh install: no privacy key at all
  let draft: Draft = emptyDraft();
  const expected = new Set<string>();
  const pendingAdds = new Set<string>();
  const pendingDeletes = new Set<string>();
  let added = 0;
  // The rules tab renders (and so syncs) before any edit in it.
  const openTab = () => syncDraft(draft, saved);
  for (const step of actions) {
    switch (step.kind) {
      case 'quick': {
        const rule = quickRule(CHOICES[step.choice]!, CAMERAS[step.camera]!);
        saved = applyQuickChoice({ privacy: saved }, CAMERAS[step.camera]!, CHOICES[step.choice]!, step.on).privacy;
        if (step.on) expected.add(key(rule));
        else expected.delete(key(rule)); // switching it off is the explicit delete
        break;
      }
      case 'add': {
        openTab();
        const rule = { name: `Rule ${++added}`, action: 'forward' };
        draft.privacy.rules = [...rulesOf(draft.privacy), rule];
        pendingAdds.add(key(rule));
        break;
      }
      case 'delete': {
        openTab();
        const rules = rulesOf(draft.privacy);
        if (rules.length === 0) break;
        const [gone] = rules.splice(step.index % rules.length, 1);
        draft.privacy.rules = rules;
        pendingAdds.delete(key(gone));
        pendingDeletes.add(key(gone));
        break;
      }
      case 'default':
        openTab();
        draft.privacy.defaultAction = step.value;
        break;
      case 'save': {
        openTab();
        if (!isDirty(draft)) break; // the button is disabled
        const written = rebaseDraft(draft, saved);
        saved = written;
        draft.privacy = JSON.parse(JSON.stringify(written));
        draft.base = canonical(written);
        for (const k of pendingDeletes) expected.delete(k);
        for (const k of pendingAdds) expected.add(k);
        pendingAdds.clear();
        pendingDeletes.clear();
        expect(isDirty(draft)).toBe(false);
        break;
      }
      case 'open':
        openTab();
        // A draft without edits always shows what is saved.
        if (!isDirty(draft)) expect(canonical(draft.privacy)).toBe(canonical(saved));
        break;
      case 'close': {
        // The window closed; the next opening starts from what the browser kept.
        const kept = keptDraft(draft);
        draft = restoreDraft(kept) ?? emptyDraft();
        break;
      }
      case 'discard':
        openTab();
        draft.privacy = undefined;
        syncDraft(draft, saved);
        pendingAdds.clear();
        pendingDeletes.clear();
        break;
    }
    const savedKeys = new Set(rulesOf(saved).map(key));
    for (const k of expected) expect(savedKeys.has(k)).toBe(true);
    const draftKeys = new Set(rulesOf(draft.privacy).map(key));
    for (const k of pendingAdds) expect(draftKeys.has(k)).toBe(true);
  }
}

describe('the panel’s policy draft', () => {
  test('on a fresh install, opening Privacy rules is not an edit, and quick choices saved later show there', () => {
    const draft = emptyDraft();
    syncDraft(draft, undefined);
    expect(isDirty(draft)).toBe(false);
    let saved = applyQuickChoice({ privacy: undefined }, CAMERAS[0]!, 'private-while-home', true).privacy;
    saved = applyQuickChoice({ privacy: saved }, CAMERAS[1]!, 'events-only', true).privacy;
    expect(syncDraft(draft, saved)).toBe(true);
    expect(rulesOf(draft.privacy)).toEqual([quickRule('events-only', CAMERAS[1]!), quickRule('private-while-home', CAMERAS[0]!)]);
    expect(isDirty(draft)).toBe(false);
  });

  test('a save keeps quick choices made while the draft had edits, and the draft’s own deletes and settings', () => {
    const saved = { defaultAction: 'forward', rules: [{ name: 'Old', action: 'block' }] };
    const draft = emptyDraft();
    syncDraft(draft, saved);
    draft.privacy.rules = [{ name: 'New', action: 'forward' }];
    draft.privacy.defaultAction = 'block';
    const quick = quickRule('no-snapshots', CAMERAS[2]!);
    const meanwhile = applyQuickChoice({ privacy: saved }, CAMERAS[2]!, 'no-snapshots', true).privacy;
    expect(syncDraft(draft, meanwhile)).toBe(false); // the edits are not thrown away either
    expect(rebaseDraft(draft, meanwhile)).toEqual({ defaultAction: 'block', rules: [quick, { name: 'New', action: 'forward' }] });
  });

  test('a kept draft comes back only as a draft with edits; anything else in storage is ignored', () => {
    const draft = emptyDraft();
    syncDraft(draft, { rules: [{ name: 'Old', action: 'block' }] });
    expect(keptDraft(draft)).toBeUndefined(); // nothing to keep
    draft.privacy.rules.push({ name: 'New', action: 'forward' });
    const back = restoreDraft(keptDraft(draft));
    expect(back).toEqual({ privacy: draft.privacy, base: draft.base });
    expect(isDirty(back!)).toBe(true);
    for (const junk of [
      null,
      '',
      'nonsense',
      '[]',
      '{"v":2,"privacy":{},"base":"{}"}',
      '{"v":1,"privacy":[],"base":"{}"}',
      '{"v":1,"privacy":{},"base":"not json"}',
      '{"v":1,"privacy":{"a":1},"base":"{\\"a\\":1}"}',
    ]) {
      expect(restoreDraft(junk)).toBeUndefined();
    }
  });

  test('in any order of quick choices, edits, saves, reopenings, closes and discards, no saved choice disappears without an explicit delete, nor an unsaved edit without a Discard', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => play(actions)),
      { numRuns: 2000 },
    );
  });
});
