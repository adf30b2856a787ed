// @ts-check
/** The device list, grouped by location, with the per-device quick choices. */
import { alertBox, check, h, replace } from './dom.js';
import { family, KIND_LABELS, lifeSafetyLine, MODE_LABELS, QUICK_HELP, QUICK_LABELS, quickChoicesFor } from './kinds.js';
import { waitsForRestart } from './hiding.js';
import { block, busy, devices, loadConfig, notify, request, saveBlock, state } from './state.js';

export async function renderDevices(panel) {
  const list = devices();
  if (list.length === 0) {
    replace(
      panel,
      alertBox(
        'info',
        state.status?.signedIn
          ? 'The plugin has not reported its devices yet. They appear here once it is running and connected to Ring.'
          : 'Sign in on the Account tab first. The devices appear here once the plugin has connected to Ring.',
      ),
    );
    return;
  }
  const current = block();
  const quick = await request('/privacy/quick-state', {
    block: { privacy: current.privacy, hideDeviceIds: current.hideDeviceIds },
    devices: list.map(({ id, name }) => ({ id, name })),
  });
  const locations = [...(state.status.plugin.locations ?? [])];
  for (const device of list) if (!locations.some((l) => l.id === device.locationId)) locations.push({ id: device.locationId, name: 'Other devices' });
  const waiting = list.filter((d) => waitsForRestart(d.hiding));
  replace(
    panel,
    waiting.length > 0 && restartNotice(waiting),
    h('p', { class: 'form-text mt-0' }, 'Each choice adds a privacy rule for that device (see Privacy rules) and is saved at once.'),
    // Spelled out on the page: a tooltip never shows on a touch screen.
    h(
      'dl',
      { class: 'trygr-quick-legend small', 'data-testid': 'quick-legend' },
      Object.keys(QUICK_HELP).map((choice) => [h('dt', {}, QUICK_LABELS[choice]), h('dd', { id: helpId(choice) }, QUICK_HELP[choice])]),
    ),
    locations.map((location) => {
      const here = list.filter((d) => d.locationId === location.id).sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
      return (
        here.length > 0 &&
        h(
          'section',
          { class: 'mb-4', 'aria-label': location.name },
          h(
            'h2',
            { class: 'h5' },
            location.name,
            location.mode && h('span', { class: 'badge trygr-mode ms-2', 'data-testid': 'location-mode' }, modeText(location.mode)),
          ),
          h(
            'ul',
            { class: 'list-group' },
            here.map((device) => deviceRow(panel, device, quick[device.id])),
          ),
        )
      );
    }),
  );
}

const order = (device) => ({ camera: 0, chime: 1, alarm: 2 })[family(device.kind)];

function deviceRow(panel, device, quickState) {
  const lifeSafety = state.status?.lifeSafety;
  const choices = quickChoicesFor(device.kind, lifeSafety);
  return h(
    'li',
    { class: 'list-group-item trygr-device', 'data-device-id': device.id },
    h(
      'div',
      { class: 'd-flex flex-wrap justify-content-between align-items-baseline gap-2' },
      h(
        'div',
        {},
        h('strong', {}, device.name),
        ' ',
        h('span', { class: 'text-muted small' }, KIND_LABELS[device.kind] ?? device.kind),
        device.hidden && h('span', { class: 'badge bg-secondary ms-2' }, 'hidden'),
        // Hiding takes effect when the plugin starts; until then the accessory stays as it is.
        device.hiding === 'hidden after a restart' &&
          h(
            'span',
            { class: 'small ms-2 trygr-warning-text', 'data-testid': 'hidden-needs-restart' },
            'Still in Apple Home until Homebridge restarts (Save below offers the restart).',
          ),
        device.hiding === 'shown after a restart' &&
          h(
            'span',
            { class: 'small ms-2 trygr-warning-text', 'data-testid': 'shown-needs-restart' },
            'Back in Apple Home when Homebridge restarts (Save below offers the restart).',
          ),
      ),
    ),
    choices.length === 0 && h('p', { class: 'form-text mb-0 trygr-life-safety' }, lifeSafetyLine(lifeSafety)),
    choices.length > 0 &&
      h(
        'div',
        { class: 'trygr-quick' },
        choices.map((choice) => {
          const control = check(QUICK_LABELS[choice], quickState?.[choice], (event) => toggle(panel, device, choice, event.currentTarget), { switchStyle: true });
          control.title = QUICK_HELP[choice];
          control.querySelector('input').setAttribute('aria-describedby', helpId(choice));
          return control;
        }),
      ),
  );
}

const helpId = (choice) => `trygr-quick-help-${choice}`;

/**
 * The Homebridge UI offers the restart itself, after its Save button (on for this reason): a panel
 * cannot restart Homebridge, and the UI knows whether a child bridge is enough.
 */
function restartNotice(waiting) {
  const names = waiting.map((d) => d.name).join(', ');
  return h(
    'div',
    { class: 'alert alert-warning', role: 'status', 'data-testid': 'restart-needed' },
    `${waiting.length === 1 ? 'One change waits' : `${waiting.length} changes wait`} for a Homebridge restart (${names}): hiding takes effect when the plugin starts. ` +
      'Press Save below: the Homebridge UI closes these settings and offers to restart the bridge Trygr runs on.',
  );
}

/** The location's Ring mode, which "private while home" follows. */
const modeText = (mode) => (mode === 'unknown' ? 'Ring mode unknown: "Private while home" keeps its devices private' : `Ring mode: ${MODE_LABELS[mode] ?? mode}`);

async function toggle(panel, device, choice, input) {
  input.disabled = true;
  try {
    // From the Homebridge UI's copy as it is now: the Options form may have changed hideDeviceIds.
    await loadConfig();
    const current = block();
    const next = await busy(() =>
      request('/privacy/quick-choice', {
        block: { privacy: current.privacy, hideDeviceIds: current.hideDeviceIds },
        device: { id: device.id, name: device.name, kind: device.kind },
        choice,
        enabled: input.checked,
      }),
    );
    if (next.errors.length > 0) {
      input.checked = !input.checked;
      notify('error', next.errors.map((e) => e.message).join(' '));
      return;
    }
    await saveBlock({ privacy: next.privacy, hideDeviceIds: next.hideDeviceIds });
    notify(
      'success',
      // The label as written: lower-cased, "Hide from Apple Home" read "apple home".
      `${device.name}: "${QUICK_LABELS[choice]}" ${input.checked ? 'on' : 'off'}. Saved; ${choice === 'hide' ? 'it applies when Homebridge restarts (Save below offers the restart)' : 'the running plugin applies it at once'}.`,
    );
  } catch (error) {
    input.checked = !input.checked;
    notify('error', error.message);
  } finally {
    input.disabled = false;
  }
  await renderDevices(panel);
}
