// @ts-check
/**
 * The privacy policy editor. Edits go into a draft; every change is checked by the plugin's own
 * validator (through the server), the dry run shows what the draft would have changed, and
 * "Save policy" writes it into the platform block.
 */
import { alertBox, h, replace } from './dom.js';
import { dryRunView } from './dry-run.js';
import { showFieldErrors } from './field-errors.js';
import { policyJsonEditor } from './json-editor.js';
import { settingsCard } from './policy-settings.js';
import { describeRule } from './rule-summary.js';
import { block, busy, notify, request, saveBlock } from './state.js';
import { canonical, emptyDraft, isDirty, rebaseDraft, syncDraft as takeSaved } from './draft.js';
import { keepDraft as keep, restoreKept as restore } from './draft-storage.js';

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * @typedef {{ path: string, message: string, ruleIndex?: number }} PolicyError
 * @typedef {{ ruleIndex: number, message: string }} RuleWarning
 * @type {{ privacy: any, base: string, editing: number | undefined, before: any, errors: PolicyError[], warnings: RuleWarning[],
 *   dryRun: any, json: boolean, jsonError: string | undefined, restored: boolean }}
 */
const draft = {
  /** The policy being edited, and the saved one it started from (draft.js keeps both). */
  ...emptyDraft(),
  editing: undefined,
  before: undefined,
  errors: [],
  warnings: [],
  dryRun: undefined,
  json: false,
  jsonError: undefined,
  /** The draft holds edits kept from an earlier opening of the settings window. */
  restored: false,
};

const dirty = () => isDirty(draft);

/** Picks up the saved policy, unless the draft has unsaved edits. */
function syncDraft() {
  if (takeSaved(draft, block().privacy)) draft.dryRun = undefined;
}

const keepDraft = () => keep(draft);

export async function renderRules(panel) {
  restore(draft);
  syncDraft();
  await validate();
  render(panel);
}

async function validate() {
  keepDraft();
  try {
    const answer = await request('/privacy/validate', { privacy: draft.privacy });
    draft.errors = answer.errors;
    draft.warnings = answer.warnings ?? [];
  } catch (error) {
    draft.errors = [{ path: '', message: error.message }];
    draft.warnings = [];
  }
}

function render(panel) {
  const privacy = draft.privacy;
  const rules = Array.isArray(privacy.rules) ? privacy.rules : [];
  const changed = async () => {
    draft.dryRun = undefined;
    await validate();
    renderMessages(panel);
  };
  const rerender = () => render(panel);
  replace(
    panel,
    h('div', { class: 'trygr-messages' }),
    settingsCard(privacy, changed, rerender),
    h('h2', { class: 'h5 mt-3' }, 'Rules'),
    h(
      'p',
      { class: 'form-text mt-0' },
      'The first rule that matches decides; when none does, the default action applies. Smoke, CO, flood and alarm states always reach Apple Home.',
    ),
    draft.restored &&
      h(
        'div',
        { 'data-testid': 'kept-draft' },
        alertBox(
          'info',
          h('strong', {}, 'Your unsaved changes are still here. '),
          'The settings window was closed before they were saved. Save policy applies them; Discard changes goes back to the saved policy.',
        ),
      ),
    rules.length === 0 && alertBox('secondary', 'No rules yet: everything follows the default action.'),
    h(
      'ol',
      { class: 'list-group list-group-numbered mb-2 trygr-rules' },
      rules.map((rule, index) => ruleItem(panel, rules, rule, index, changed, rerender)),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-outline-primary mb-3',
        onclick: () => {
          // Cameras only: a rule that also covers life-safety alarms would start out refused.
          privacy.rules = [...rules, { name: `Rule ${rules.length + 1}`, devices: { kinds: ['camera'] }, action: 'event-only' }];
          draft.editing = privacy.rules.length - 1;
          draft.before = undefined;
          void changed();
          rerender();
        },
      },
      'Add a rule',
    ),
    jsonEditor(panel),
    h(
      'div',
      { class: 'd-flex flex-wrap gap-2 align-items-center trygr-actions' },
      h('button', { type: 'button', class: 'btn btn-outline-primary', onclick: () => runDryRun(panel) }, 'Dry run'),
      h('button', { type: 'button', class: 'btn btn-primary', disabled: !dirty(), onclick: () => save(panel) }, 'Save policy'),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-outline-secondary',
          hidden: !dirty(),
          onclick: () => {
            draft.privacy = undefined;
            draft.editing = undefined;
            keepDraft(); // forgets the kept copy too
            void renderRules(panel);
          },
        },
        'Discard changes',
      ),
      h('span', { class: 'text-muted small' }, dirty() ? 'Unsaved changes' : 'Saved'),
    ),
    h('div', { class: 'mt-3 trygr-dry-run-host' }, draft.dryRun && dryRunView(draft.dryRun)),
  );
  renderMessages(panel);
}

function renderMessages(panel) {
  const host = panel.querySelector('.trygr-messages');
  if (!host) return;
  replace(
    host,
    draft.errors.length > 0 &&
      alertBox(
        'danger',
        h('strong', {}, 'The plugin would not accept this policy:'),
        h(
          'ul',
          { class: 'mb-0', 'data-testid': 'policy-errors' },
          draft.errors.map((e) => h('li', {}, e.message)),
        ),
      ),
  );
  // Each rule's own errors and warnings, next to it, as the edit happens.
  for (const item of panel.querySelectorAll('.trygr-rules > li')) {
    const index = Number(item.getAttribute('data-rule-index'));
    const errors = draft.errors.filter((e) => e.ruleIndex === index);
    item.classList.toggle('list-group-item-danger', errors.length > 0);
    const host = item.querySelector('.trygr-rule-notes');
    if (host) replace(host, ruleNotes(index));
    showFieldErrors(item, errors);
    const formNotes = item.querySelector('.trygr-form-notes');
    if (formNotes) replace(formNotes, ruleNotes(index));
    // A rule with an error cannot be closed as if it were done.
    const done = item.querySelector('.trygr-rule-form [data-action="done"]');
    if (done) done.disabled = errors.length > 0;
  }
  // A result answers for the draft it was run on; an edit since leaves it stale.
  const dryRunHost = panel.querySelector('.trygr-dry-run-host');
  if (dryRunHost && !draft.dryRun) replace(dryRunHost);
  const save = panel.querySelector('.trygr-actions .btn-primary');
  if (save) save.disabled = !dirty() || draft.errors.length > 0;
  const state = panel.querySelector('.trygr-actions .text-muted');
  if (state) state.textContent = dirty() ? 'Unsaved changes' : 'Saved';
  const discard = panel.querySelector('.trygr-actions .btn-outline-secondary');
  if (discard) discard.hidden = !dirty();
}

/** What is wrong with rule `index` (it blocks saving) and what makes it useless (it does not). */
function ruleNotes(index) {
  const errors = draft.errors.filter((e) => e.ruleIndex === index);
  const warnings = draft.warnings.filter((w) => w.ruleIndex === index);
  return [
    errors.length > 0 &&
      h(
        'ul',
        { class: 'mb-0 small trygr-error-text', 'data-testid': 'rule-errors' },
        errors.map((e) => h('li', {}, e.message)),
      ),
    warnings.map((w) => h('div', { class: 'small trygr-warning-text', role: 'status', 'data-testid': 'rule-warning' }, '⚠ ', w.message)),
  ];
}

function ruleItem(panel, rules, rule, index, changed, rerender) {
  const move = (to) => {
    const next = [...rules];
    [next[index], next[to]] = [next[to], next[index]];
    draft.privacy.rules = next;
    draft.editing = undefined;
    void changed();
    rerender();
    const moved = panel.querySelectorAll('.trygr-rules > li')[to];
    moved?.querySelector(`[data-move="${to < index ? 'up' : 'down'}"]`)?.focus();
  };
  const label = rule.name || `Rule ${index + 1}`;
  return h(
    'li',
    { class: `list-group-item d-flex flex-column gap-2${draft.errors.some((e) => e.ruleIndex === index) ? ' list-group-item-danger' : ''}`, 'data-rule-index': index },
    h(
      'div',
      { class: 'd-flex flex-wrap justify-content-between gap-2' },
      h('div', {}, h('strong', {}, label), h('div', { class: 'small text-muted', 'data-testid': 'rule-summary' }, describeRule(rule))),
      h(
        'div',
        { class: 'btn-group btn-group-sm', role: 'group', 'aria-label': `Rule ${index + 1} actions` },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-outline-secondary',
            onclick: () => {
              draft.editing = draft.editing === index ? undefined : index;
              draft.before = clone(rule);
              rerender();
            },
          },
          draft.editing === index ? 'Close' : 'Edit',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-outline-secondary',
            'data-move': 'up',
            disabled: index === 0,
            'aria-label': `Move "${label}" up`,
            onclick: () => move(index - 1),
          },
          '↑',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-outline-secondary',
            'data-move': 'down',
            disabled: index === rules.length - 1,
            'aria-label': `Move "${label}" down`,
            onclick: () => move(index + 1),
          },
          '↓',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-outline-danger',
            'aria-label': `Delete "${label}"`,
            onclick: () => {
              draft.privacy.rules = rules.filter((_, i) => i !== index);
              draft.editing = undefined;
              void changed();
              rerender();
            },
          },
          'Delete',
        ),
      ),
    ),
    h('div', { class: 'trygr-rule-notes' }, ruleNotes(index)),
    draft.editing === index && editor(panel, rules, rule, index, changed, rerender),
  );
}

function editor(panel, rules, rule, index, changed, rerender) {
  // Imported lazily: the form is only needed while a rule is edited.
  const host = h('div', { class: 'trygr-rule-editor' });
  import('./rule-form.js').then(({ ruleForm }) => {
    replace(
      host,
      ruleForm(rule, {
        host,
        changed: () => {
          const title = panel.querySelector(`[data-rule-index="${index}"] strong`);
          if (title) title.textContent = rule.name || `Rule ${index + 1}`;
          const summary = panel.querySelector(`[data-rule-index="${index}"] [data-testid="rule-summary"]`);
          if (summary) summary.textContent = describeRule(rule);
          void changed();
        },
        rerender,
        done: () => {
          draft.editing = undefined;
          rerender();
        },
        cancel: () => {
          if (draft.before) rules[index] = draft.before;
          draft.editing = undefined;
          void changed();
          rerender();
        },
      }),
    );
    renderMessages(panel);
  });
  return host;
}

function jsonEditor(panel) {
  return policyJsonEditor({
    policy: draft.privacy,
    open: draft.json,
    error: draft.jsonError,
    onToggle: (open) => (draft.json = open),
    onApply: async (text) => {
      try {
        // Anything that parses goes to the draft; the plugin's validator names what is wrong with it.
        draft.privacy = JSON.parse(text);
        draft.jsonError = undefined;
      } catch (error) {
        draft.jsonError = `Not valid JSON: ${error.message}`;
      }
      draft.editing = undefined;
      await validate();
      render(panel);
    },
  });
}

async function runDryRun(panel) {
  try {
    draft.dryRun = await busy(() => request('/dry-run', { privacy: draft.privacy, days: 30 }));
  } catch (error) {
    notify('error', error.message);
    return;
  }
  replace(panel.querySelector('.trygr-dry-run-host'), dryRunView(draft.dryRun));
  panel.querySelector('.trygr-dry-run-host').scrollIntoView({ block: 'nearest' });
}

async function save(panel) {
  await validate();
  if (draft.errors.length > 0) {
    renderMessages(panel);
    return;
  }
  // Quick choices saved on the Devices tab since this draft began are kept, not overwritten.
  let written;
  await busy(() =>
    saveBlock((current) => {
      written = rebaseDraft(draft, current.privacy);
      return { privacy: written };
    }),
  );
  draft.privacy = clone(written);
  draft.base = canonical(written);
  // A dry run answered "what would this edit change"; once saved, there is no edit left to judge.
  draft.dryRun = undefined;
  keepDraft();
  notify('success', 'Privacy policy saved. The running plugin applies it at once.');
  render(panel);
}
