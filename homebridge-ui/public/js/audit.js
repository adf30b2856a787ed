// @ts-check
/**
 * The audit tab: forwarded against blocked per day and per device (plain SVG), and the latest decisions
 * with the rule behind each, among the commands Apple Home sent.
 */
import { alertBox, formatTime, h, replace } from './dom.js';
import { KIND_LABELS, ruleLabel, signalLabel } from './kinds.js';
import { busy, notify, request } from './state.js';

const SERIES = [
  ['forwarded', 'Forwarded', 'trygr-forwarded'],
  ['eventOnly', 'Events only', 'trygr-event-only'],
  ['blocked', 'Blocked', 'trygr-blocked'],
];
const ACTION_TEXT = { forward: 'Forwarded', 'event-only': 'Events only', block: 'Blocked' };
let days = 14;

export async function renderAudit(panel) {
  let view;
  try {
    view = await busy(() => request('/audit', { days }));
  } catch (error) {
    replace(panel, alertBox('danger', error.message));
    return;
  }
  const period = h(
    'select',
    {
      class: 'form-select w-auto',
      id: 'trygr-audit-days',
      onchange: (e) => {
        days = Number(e.currentTarget.value);
        void renderAudit(panel).catch((error) => notify('error', error.message));
      },
    },
    [7, 14, 30, 90].map((n) => h('option', { value: n, selected: n === days }, `Last ${n} days`)),
  );
  replace(
    panel,
    h(
      'div',
      { class: 'd-flex flex-wrap gap-2 align-items-center mb-3' },
      h('label', { for: 'trygr-audit-days', class: 'form-label mb-0' }, 'Period'),
      period,
      h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onclick: () => void renderAudit(panel) }, 'Refresh'),
    ),
    view.totals.total === 0 && view.commands.total === 0
      ? alertBox(
          'info',
          'Nothing recorded in this period. The plugin records what its privacy rules decide, and the commands Apple Home sends, while it runs (unless the audit is turned off in the policy).',
        )
      : [
          view.totals.total === 0
            ? h('p', {}, `No privacy decisions in this period. Days in ${view.timeZone}.`)
            : [
                h(
                  'p',
                  {},
                  `${view.totals.total} decisions: ${view.totals.forwarded} forwarded, ${view.totals.eventOnly} events only, ${view.totals.blocked} blocked`,
                  view.totals.failedClosed > 0 ? ` (${view.totals.failedClosed} blocked because something was unknown)` : '',
                  `. Days in ${view.timeZone}.`,
                ),
                legend(),
                h('h2', { class: 'h6' }, 'All devices, per day'),
                chart(view.days, view.perDay, 'All devices'),
                h('h2', { class: 'h6 mt-3' }, 'Per device'),
                view.devices
                  .filter((device) => device.totals.total > 0)
                  .map((device) =>
                    h(
                      'div',
                      { class: 'trygr-device-chart' },
                      h(
                        'div',
                        { class: 'small' },
                        h('strong', {}, device.name),
                        ` ${KIND_LABELS[device.kind] ?? device.kind}: ${device.totals.forwarded} forwarded, ${device.totals.eventOnly} events only, ${device.totals.blocked} blocked`,
                      ),
                      chart(view.days, device.perDay, device.name, 48),
                    ),
                  ),
                table(view),
              ],
          view.commands.total > 0 && h('p', { 'data-testid': 'audit-commands' }, commandsLine(view.commands)),
          h('h2', { class: 'h6 mt-3' }, 'Latest decisions and commands'),
          latest(view.latest),
        ],
    view.corruptLines > 0 && h('p', { class: 'form-text' }, `${view.corruptLines} unreadable ledger lines were skipped.`),
  );
}

function legend() {
  return h(
    'div',
    { class: 'trygr-legend mb-2', 'aria-hidden': 'true' },
    SERIES.map(([, label, cls]) => h('span', { class: 'me-3' }, h('span', { class: `trygr-swatch ${cls}` }), label)),
  );
}

/** A stacked bar per day; each bar has a title with its numbers (hover, screen readers), and the table below has them all. */
function chart(days, perDay, name, height = 120) {
  const width = Math.max(120, days.length * 28);
  const max = Math.max(1, ...perDay.map((c) => c.total));
  const barWidth = Math.min(22, (width / Math.max(1, days.length)) * 0.7);
  const step = width / Math.max(1, days.length);
  const bars = days.map((day, i) => {
    const counts = perDay[i];
    let y = height;
    const x = i * step + (step - barWidth) / 2;
    return h(
      'g',
      {},
      h('title', {}, `${name}, ${day}: ${counts.forwarded} forwarded, ${counts.eventOnly} events only, ${counts.blocked} blocked`),
      SERIES.map(([key, , cls]) => {
        const barHeight = (counts[key] / max) * (height - 2);
        y -= barHeight;
        return barHeight > 0 && h('rect', { class: cls, x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: barHeight.toFixed(1) });
      }),
    );
  });
  return h(
    'svg',
    {
      class: 'trygr-chart',
      viewBox: `0 0 ${width} ${height + 16}`,
      width,
      height: height + 16,
      role: 'img',
      'aria-label': `${name}: decisions per day, forwarded and blocked`,
      preserveAspectRatio: 'xMinYMin meet',
    },
    h('line', { x1: 0, y1: height, x2: width, y2: height, class: 'trygr-axis' }),
    bars,
    days.map(
      (day, i) =>
        (days.length <= 8 || i % Math.ceil(days.length / 8) === 0) &&
        h('text', { x: (i * step + step / 2).toFixed(1), y: height + 12, 'text-anchor': 'middle', class: 'trygr-tick' }, day.slice(5)),
    ),
  );
}

function table(view) {
  return h(
    'details',
    { class: 'mt-2' },
    h('summary', {}, 'The numbers as a table'),
    h(
      'div',
      { class: 'table-responsive' },
      h(
        'table',
        { class: 'table table-sm' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Day'),
            h('th', { scope: 'col' }, 'Device'),
            SERIES.map(([, label]) => h('th', { scope: 'col', class: 'text-end' }, label)),
          ),
        ),
        h(
          'tbody',
          {},
          view.days.flatMap((day, i) =>
            view.devices
              .filter((d) => d.perDay[i].total > 0)
              .map((device) =>
                h(
                  'tr',
                  {},
                  h('td', {}, day),
                  h('td', {}, device.name),
                  SERIES.map(([key]) => h('td', { class: 'text-end' }, String(device.perDay[i][key]))),
                ),
              ),
          ),
        ),
      ),
    ),
  );
}

function latest(rows) {
  return h(
    'div',
    { class: 'table-responsive' },
    h(
      'table',
      { class: 'table table-sm', 'data-testid': 'latest-decisions' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Time', 'Device', 'What', 'Outcome', 'Decided by'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          row.type === 'command'
            ? commandRow(row)
            : h(
                'tr',
                {},
                h('td', {}, formatTime(row.time)),
                h('td', {}, row.deviceName),
                h('td', {}, `${signalLabel(row.signal, row.deviceKind)}${row.detectionType ? ` (${row.detectionType})` : ''}${row.count > 1 ? ` ×${row.count}` : ''}`),
                h(
                  'td',
                  {},
                  ACTION_TEXT[row.action] ?? row.action,
                  row.failedClosed ? ' (something was unknown)' : '',
                  row.missedByPush ? (row.missedByPush === 'late' ? ' (missed by push, delivered late)' : ' (missed by push, not delivered)') : '',
                ),
                h('td', {}, ruleLabel(row)),
              ),
        ),
      ),
    ),
  );
}

/** Commands are not privacy decisions: counted apart, never part of the chart. */
function commandsLine(commands) {
  const failed = commands.failed > 0 ? `, ${commands.failed} failed` : '';
  const local = commands.local > 0 ? ` (${commands.local} of them this plugin's Privacy switches)` : '';
  return `${commands.total} command${commands.total === 1 ? '' : 's'} from Apple Home${failed}${local}. Commands are recorded, never blocked.`;
}

/** "Unlock requested in Apple Home — done", with the reason when it failed. */
function commandRow(row) {
  const outcome = row.outcome === 'done' ? 'Done' : `Failed: ${row.reason ?? 'no reason was given'}`;
  // Read across, the row says e.g. "Unlock requested in Apple Home — Done".
  return h(
    'tr',
    { class: 'trygr-command', 'data-kind': 'command' },
    h('td', {}, formatTime(row.time)),
    h('td', {}, row.deviceName),
    h('td', {}, `${row.label} requested in Apple Home`),
    h('td', {}, outcome),
    h('td', {}, row.local ? "Apple Home (this plugin's switch, not sent to Ring)" : 'Apple Home command'),
  );
}
