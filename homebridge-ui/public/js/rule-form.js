// @ts-check
/** The form that edits one rule of the draft policy in place. Empty lists are left out: the validator reads "absent" as "all". */
import { check, field, h, uid } from './dom.js';
import { ACTION_LABELS, CAMERA_KINDS, DAY_LABELS, DETECTION_LABELS, GROUP_LABELS, KIND_LABELS, MODE_LABELS, SIGNAL_LABELS } from './kinds.js';
import { devices } from './state.js';
import { openZoneEditor } from './zones.js';

const setList = (object, key, values) => {
  if (values.length > 0) object[key] = values;
  else delete object[key];
};

/** Marks a field's block with the rule path its errors name (field-errors.js shows them there). */
const at = (path, el) => {
  el.dataset.field = path;
  return el;
};

const toggled = (list, value, on) => (on ? [...new Set([...(list ?? []), value])] : (list ?? []).filter((v) => v !== value));

/** `rule` is mutated; `changed()` is called after every edit; `rerender()` rebuilds the form. */
export function ruleForm(rule, { changed, rerender, done, cancel, host }) {
  const edit = (fn) => {
    fn();
    changed();
  };
  const whenOf = () => (rule.when ??= {});
  const cleanWhen = () => {
    if (rule.when && rule.when.schedule && Object.keys(rule.when.schedule).length === 0) delete rule.when.schedule;
    if (rule.when && Object.keys(rule.when).length === 0) delete rule.when;
  };
  const cleanDevices = () => {
    if (rule.devices && Object.keys(rule.devices).length === 0) delete rule.devices;
  };

  const name = h('input', { class: 'form-control', type: 'text', value: rule.name ?? '', oninput: (e) => edit(() => (rule.name = e.currentTarget.value)) });
  const action = h(
    'select',
    {
      class: 'form-select',
      onchange: (e) => {
        edit(() => {
          rule.action = e.currentTarget.value;
          if (rule.action !== 'event-only') delete rule.snapshot;
        });
        rerender();
      },
    },
    Object.entries(ACTION_LABELS).map(([value, label]) => h('option', { value, selected: rule.action === value }, label)),
  );

  const allDevices = devices();
  const deviceChecks = h(
    'fieldset',
    { class: 'mb-3' },
    h('legend', { class: 'form-label fs-6' }, 'Devices (none chosen: every device)'),
    h(
      'div',
      { class: 'trygr-columns' },
      Object.entries(GROUP_LABELS).map(([kind, label]) => kindCheck(kind, label)),
      // Only the kinds this home has (and any the rule already names), not all of Ring's.
      Object.entries(KIND_LABELS)
        .filter(([kind]) => allDevices.length === 0 || allDevices.some((device) => device.kind === kind) || rule.devices?.kinds?.includes(kind))
        .map(([kind, label]) => kindCheck(kind, label)),
    ),
    allDevices.length > 0 &&
      h(
        'div',
        { class: 'mt-2' },
        h('div', { class: 'form-text' }, 'These devices:'),
        h(
          'div',
          { class: 'trygr-columns' },
          allDevices.map((device) =>
            check(device.name, rule.devices?.ids?.includes(device.id), (e) =>
              edit(() => {
                rule.devices ??= {};
                setList(rule.devices, 'ids', toggled(rule.devices.ids, device.id, e.currentTarget.checked));
                cleanDevices();
              }),
            ),
          ),
        ),
      ),
    rule.devices?.names && h('div', { class: 'form-text' }, `Also by name: ${rule.devices.names.join(', ')} (edit as JSON to change).`),
  );

  function kindCheck(kind, label) {
    return check(label, rule.devices?.kinds?.includes(kind), (e) =>
      edit(() => {
        rule.devices ??= {};
        setList(rule.devices, 'kinds', toggled(rule.devices.kinds, kind, e.currentTarget.checked));
        cleanDevices();
      }),
    );
  }

  const signals = checkGroup('What it applies to (none chosen: everything)', SIGNAL_LABELS, rule.signals, (values) => setList(rule, 'signals', values));
  const modes = checkGroup('Only in these Ring modes', MODE_LABELS, rule.when?.modes, (values) => {
    setList(whenOf(), 'modes', values);
    cleanWhen();
  });
  const detections = checkGroup('Only for these detections', DETECTION_LABELS, rule.when?.detectionTypes, (values) => {
    setList(whenOf(), 'detectionTypes', values);
    cleanWhen();
  });
  const privacySwitch = h(
    'select',
    {
      class: 'form-select',
      onchange: (e) =>
        edit(() => {
          const value = e.currentTarget.value;
          if (value === 'any') delete whenOf().privacySwitch;
          else whenOf().privacySwitch = value;
          cleanWhen();
        }),
    },
    [
      ['any', 'Either way'],
      ['on', 'Only while the Privacy switch is on'],
      ['off', 'Only while the Privacy switch is off'],
    ].map(([value, label]) => h('option', { value, selected: (rule.when?.privacySwitch ?? 'any') === value }, label)),
  );

  const schedule = rule.when?.schedule ?? {};
  const scheduleDays = checkGroup('On these days', DAY_LABELS, schedule.days, (values) => {
    whenOf().schedule ??= {};
    setList(rule.when.schedule, 'days', values);
    cleanWhen();
  });
  const time = (key) =>
    h('input', {
      class: 'form-control',
      type: 'time',
      value: schedule[key] ?? '',
      oninput: (e) =>
        edit(() => {
          whenOf().schedule ??= {};
          if (e.currentTarget.value) rule.when.schedule[key] = e.currentTarget.value;
          else delete rule.when.schedule[key];
          cleanWhen();
        }),
    });

  function checkGroup(legend, labels, selected, write) {
    return h(
      'fieldset',
      { class: 'mb-3' },
      h('legend', { class: 'form-label fs-6' }, legend),
      h(
        'div',
        { class: 'trygr-columns' },
        Object.entries(labels).map(([value, label]) =>
          check(
            label,
            selected?.includes(value),
            (e) =>
              edit(() => {
                const group = e.currentTarget.closest('fieldset');
                write([...group.querySelectorAll('input:checked')].map((input) => input.value));
              }),
            { value },
          ),
        ),
      ),
    );
  }

  return h(
    'div',
    { class: 'card card-body trygr-rule-form mb-2' },
    at('name', field('Name', name)),
    at('action', field('Action', action)),
    at('devices', deviceChecks),
    at('signals', signals),
    h(
      'details',
      { class: 'mb-3', open: Boolean(rule.when) },
      h('summary', {}, 'Conditions (none: always)'),
      h(
        'div',
        { class: 'pt-2' },
        at('when.modes', modes),
        at('when.privacySwitch', field('Privacy switch', privacySwitch)),
        h(
          'div',
          { 'data-field': 'when.schedule', class: 'mb-3' },
          scheduleDays,
          h(
            'div',
            { class: 'row g-2' },
            h('div', { class: 'col-sm-6' }, field('From (time)', time('from'))),
            h('div', { class: 'col-sm-6' }, field('To (time)', time('to'))),
          ),
        ),
        at('when.detectionTypes', detections),
      ),
    ),
    rule.action === 'event-only' && at('snapshot', snapshotSection(rule, { edit, rerender, host })),
    // The rule's errors and warnings again, beside Done, where the edit is being made (rules.js fills it).
    h('div', { class: 'trygr-form-notes mb-2' }),
    h(
      'div',
      { class: 'd-flex flex-wrap gap-2' },
      h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'done', onclick: done }, 'Done'),
      h('button', { type: 'button', class: 'btn btn-outline-secondary', onclick: cancel }, 'Undo changes to this rule'),
    ),
  );
}

function snapshotSection(rule, { edit, rerender, host }) {
  const steps = rule.snapshot?.redact ?? [];
  const setSteps = (next) => {
    if (next.length > 0) rule.snapshot = { redact: next };
    else delete rule.snapshot;
  };
  const cameraIds = (rule.devices?.ids ?? []).filter((id) => devices().some((d) => d.id === id && CAMERA_KINDS.includes(d.kind)));
  return h(
    'fieldset',
    { class: 'mb-3' },
    h('legend', { class: 'form-label fs-6' }, 'Snapshot image'),
    h(
      'div',
      { class: 'form-text mb-2' },
      steps.length === 0
        ? 'A placeholder image is shown. Add a step to show the real image with parts hidden instead.'
        : 'The real image is shown with these steps applied, in order (masks last).',
    ),
    steps.map((step, index) => {
      const id = uid('step');
      return h(
        'div',
        { class: 'd-flex flex-wrap gap-2 align-items-end mb-2 trygr-step' },
        h(
          'div',
          {},
          h('label', { class: 'form-label', for: id }, `Step ${index + 1}`),
          h(
            'select',
            {
              id,
              class: 'form-select',
              onchange: (e) => {
                edit(() => {
                  const method = e.currentTarget.value;
                  const next = { method, ...(step.zones && { zones: step.zones }), ...(step.anonymize && { anonymize: step.anonymize }) };
                  steps[index] = next;
                  setSteps(steps);
                });
                rerender();
              },
            },
            [
              ['mask', 'Black mask'],
              ['blur', 'Blur'],
              ['pixelate', 'Pixelate'],
            ].map(([value, label]) => h('option', { value, selected: step.method === value }, label)),
          ),
        ),
        whereChoice(step, index, (next) => {
          edit(() => {
            steps[index] = next;
            setSteps(steps);
          });
          rerender();
        }),
        h('div', { class: 'trygr-zone-summary' }, stepWhere(step)),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-outline-primary',
            hidden: step.anonymize !== undefined,
            onclick: () =>
              openZoneEditor({
                host,
                title: `Zones for step ${index + 1} of "${rule.name || 'this rule'}"`,
                zones: step.zones ?? [],
                cameraIds,
                onDone: (zones) => {
                  edit(() => {
                    const { zones: _old, ...rest } = step;
                    steps[index] = zones.length > 0 ? { ...rest, zones } : rest;
                    setSteps(steps);
                  });
                  rerender();
                },
              }),
          },
          'Draw zones…',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-outline-danger',
            'aria-label': `Remove step ${index + 1}`,
            onclick: () => {
              edit(() => setSteps(steps.filter((_, i) => i !== index)));
              rerender();
            },
          },
          'Remove',
        ),
      );
    }),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-outline-secondary btn-sm',
        onclick: () => {
          edit(() => setSteps([...steps, { method: 'mask', zones: [{ x: 0.25, y: 0.25, w: 0.5, h: 0.5 }] }]));
          rerender();
        },
      },
      'Add a step',
    ),
  );
}

/** Where a step applies, in words: its zones, what it anonymizes, or the whole image. */
function stepWhere(step) {
  if (step.anonymize) return step.anonymize === 'faces' ? 'Every face found in the picture' : 'Every person whose face is found';
  return step.zones ? `${step.zones.length} zone${step.zones.length === 1 ? '' : 's'}` : 'Whole image';
}

/**
 * The step's area: the whole image or drawn zones, or what a detector finds in each picture
 * (faces, people). Choosing a detector drops the zones: a step is one or the other.
 */
function whereChoice(step, index, change) {
  const id = uid('where');
  const current = step.anonymize ?? (step.zones ? 'zones' : 'whole');
  return h(
    'div',
    {},
    h('label', { class: 'form-label', for: id }, 'Where'),
    h(
      'select',
      {
        id,
        class: 'form-select',
        'aria-label': `Where step ${index + 1} applies`,
        onchange: (e) => {
          const where = e.currentTarget.value;
          const { zones, anonymize: _a, ...rest } = step;
          if (where === 'faces' || where === 'persons') change({ ...rest, anonymize: where });
          else change(zones ? { ...rest, zones } : rest);
        },
      },
      [
        ['whole', step.zones ? 'Drawn zones' : 'Whole image or drawn zones'],
        ['faces', 'Faces, found in each picture'],
        ['persons', 'People whose face is found (head and body)'],
      ].map(([value, label]) => h('option', { value, selected: (current === 'zones' ? 'whole' : current) === value }, label)),
    ),
  );
}
