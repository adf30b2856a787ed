// @ts-check
/** What the draft would change against the saved policy, over the recorded days (the privacy layer's dry run). */
import { alertBox, formatTime, h } from './dom.js';

const COUNT_ROWS = [
  ['forwarded', 'Forwarded'],
  ['eventOnly', 'Events only'],
  ['blocked', 'Blocked'],
];
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function dryRunView(report) {
  if (!report.valid) {
    return alertBox(
      'danger',
      h('strong', {}, 'The draft is not valid, so there is nothing to replay: '),
      h(
        'ul',
        { class: 'mb-0' },
        report.errors.map((e) => h('li', {}, e.message)),
      ),
    );
  }
  const span = report.firstTime ? ` (${formatTime(report.firstTime)} to ${formatTime(report.lastTime)})` : '';
  const saved = report.comparedWith === 'saved';
  const baseline = saved ? 'With the saved policy' : 'As recorded';
  return h(
    'div',
    { class: 'card card-body trygr-dry-run', 'data-testid': 'dry-run' },
    h('h3', { class: 'h6' }, `Dry run over the last ${plural(report.days, 'day')}`),
    report.decisions === 0
      ? h('p', { class: 'mb-0' }, 'The audit ledger has no decisions for this period yet, so there is nothing to compare.')
      : [
          h(
            'p',
            { 'data-testid': 'dry-run-summary' },
            `${plural(report.decisions, 'decision')} recorded${span}; `,
            h('strong', {}, `${report.changed} would change`),
            saved ? ' with this draft, compared with the saved policy.' : ' with this draft, compared with what was decided then (the saved policy is not valid).',
            saved && report.changed === 0 ? ' This edit changes nothing that happened in this period.' : '',
            report.commands > 0
              ? ` ${plural(report.commands, 'command')} from Apple Home in this period ${report.commands === 1 ? 'is' : 'are'} not decisions and not replayed.`
              : '',
          ),
          h(
            'table',
            { class: 'table table-sm w-auto' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, ''),
                h('th', { scope: 'col', class: 'text-end' }, baseline),
                h('th', { scope: 'col', class: 'text-end' }, 'With this draft'),
              ),
            ),
            h(
              'tbody',
              {},
              COUNT_ROWS.map(([key, label]) =>
                h(
                  'tr',
                  { 'data-row': key },
                  h('th', { scope: 'row' }, label),
                  h('td', { class: 'text-end' }, String(report.before[key])),
                  h('td', { class: 'text-end' }, String(report.after[key])),
                ),
              ),
            ),
          ),
          report.changes.length > 0 &&
            h(
              'div',
              {},
              h('h4', { class: 'h6' }, 'Changes'),
              h(
                'ul',
                {},
                report.changes.map((change) =>
                  h(
                    'li',
                    {},
                    `${change.before} → ${change.after}: ${plural(change.decisions, 'decision')}`,
                    change.examples.length > 0 &&
                      h('span', { class: 'text-muted' }, ` (e.g. ${change.examples.map((e) => `${e.device.name}, ${e.signal.type}, ${formatTime(e.time)}`).join('; ')})`),
                  ),
                ),
              ),
            ),
          report.devices.some((d) => d.changed > 0) &&
            h(
              'div',
              {},
              h('h4', { class: 'h6' }, 'By device'),
              h(
                'ul',
                { class: 'mb-0' },
                report.devices.filter((d) => d.changed > 0).map((d) => h('li', {}, `${d.name}: ${plural(d.changed, 'decision')} would change`)),
              ),
            ),
        ],
  );
}
