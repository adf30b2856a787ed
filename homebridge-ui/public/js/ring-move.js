// @ts-check
/**
 * The Account tab's "Move from homebridge-ring", shown while config.json holds homebridge-ring's
 * (`Ring`) block. The panel's server does the move (ring-move.ts); this page never sees the refresh
 * token, only whether homebridge-ring's block has one.
 */
import { alertBox, check, h } from './dom.js';
import { busy, notify, refreshStatus, request, takeWrittenOptions } from './state.js';

const move = {
  /** @type {any} the server's `/move/preview` answer */
  preview: undefined,
  /** @type {Promise<void> | undefined} */
  loading: undefined,
  /** @type {any} the last move's answer, shown until the panel closes */
  outcome: undefined,
  /** @type {string | undefined} */
  error: undefined,
  /** The user said homebridge-ring is stopped. */
  stopped: false,
};

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const code = (/** @type {string} */ text) => h('code', {}, text);

/**
 * Asks the server what a move would do, once per opening of the panel and after each move: every
 * request is a line in the Homebridge UI's log, and the page is redrawn on every status push.
 * @param {() => void} onLoaded
 */
export function loadMovePreview(onLoaded) {
  move.loading ??= request('/move/preview').then(
    (preview) => {
      move.preview = preview;
      onLoaded();
    },
    () => {
      move.preview = { found: false };
    },
  );
}

/**
 * The card, or nothing when config.json has no homebridge-ring block.
 * @param {() => void} redraw redraws the card alone
 * @param {() => void} renderAll redraws the Account tab (after a move the sign-in has changed)
 */
export function moveCard(redraw, renderAll) {
  const preview = move.preview;
  if (!preview?.found && !move.outcome) return undefined;
  const tokenLeft = preview?.found && preview.ringHasToken && !preview.trygrSignedIn;
  const settingsLeft = preview?.found && (!preview.alreadyDisabled || preview.settingsPending);
  const todo = settingsLeft || tokenLeft;
  return h(
    'div',
    { class: 'card mb-3', 'data-testid': 'ring-move' },
    h(
      'div',
      { class: 'card-body' },
      h('h2', { class: 'h5 card-title' }, 'Move from homebridge-ring'),
      move.outcome && outcomeView(move.outcome),
      move.error && alertBox('danger', h('span', { 'data-testid': 'ring-move-error' }, move.error)),
      todo ? moveForm(preview, Boolean(settingsLeft), Boolean(tokenLeft), redraw, renderAll) : !move.outcome && leftOver(),
    ),
  );
}

/** homebridge-ring is disabled and nothing is left to move: its block is only kept. */
function leftOver() {
  return h(
    'p',
    { class: 'mb-0 text-muted', 'data-testid': 'ring-move-done' },
    "homebridge-ring is disabled and Trygr's block holds what carries over; homebridge-ring's block stays in config.json as it was. Once Trygr works as you want, uninstall homebridge-ring in the Homebridge UI's Plugins page.",
  );
}

/**
 * @param {any} preview
 * @param {boolean} settingsLeft
 * @param {boolean} tokenLeft
 * @param {() => void} redraw
 * @param {() => void} renderAll
 */
function moveForm(preview, settingsLeft, tokenLeft, redraw, renderAll) {
  const name = preview.ringName ? ` ("${preview.ringName}")` : '';
  const run = (/** @type {boolean} */ withToken) => async () => {
    move.error = undefined;
    try {
      const outcome = await busy(() => request('/move/run', { withToken, ringStopped: move.stopped }));
      move.outcome = outcome;
      // The Homebridge UI's copy of Trygr's block, or a later Save there would write the old one back.
      await takeWrittenOptions(outcome.options);
      await refreshStatus();
      move.loading = undefined;
      loadMovePreview(renderAll);
      notify('success', 'Moved from homebridge-ring. Restart Homebridge to finish.');
    } catch (error) {
      move.error = error.message;
    }
    renderAll();
  };
  return h(
    'div',
    {},
    h(
      'p',
      {},
      `config.json has homebridge-ring's settings${name}. Trygr can take them over: `,
      `${count(preview.carried.length, 'option carries', 'options carry')} over and ${count(preview.notCarried.length, 'does', 'do')} not (the list says why). `,
      preview.alreadyDisabled
        ? 'homebridge-ring is disabled already. '
        : "homebridge-ring is then disabled, as the Homebridge UI's Disable does it; its block stays in config.json as it is. ",
    ),
    preview.ringCount > 1 &&
      h(
        'p',
        { 'data-testid': 'ring-move-several' },
        `config.json has ${preview.ringCount} homebridge-ring blocks. This moves the ${ORDINALS[preview.ringPosition - 1] ?? `number ${preview.ringPosition}`} one`,
        preview.ringHasToken ? ', the first that holds a sign-in' : '',
        '; the others are left as they are.',
      ),
    h('details', { class: 'mb-3' }, h('summary', {}, 'What carries over'), optionLists(preview)),
    tokenPart(preview, tokenLeft, redraw),
    h(
      'div',
      { class: 'd-flex flex-wrap gap-2' },
      tokenLeft && h('button', { type: 'button', class: 'btn btn-primary', disabled: !move.stopped, onclick: run(true) }, 'Move settings and sign-in'),
      settingsLeft && h('button', { type: 'button', class: `btn ${tokenLeft ? 'btn-outline-primary' : 'btn-primary'}`, onclick: run(false) }, 'Move settings only'),
    ),
  );
}

/**
 * @param {any} preview
 * @param {boolean} tokenLeft
 * @param {() => void} redraw
 */
function tokenPart(preview, tokenLeft, redraw) {
  if (!preview.ringHasToken) return h('p', {}, "homebridge-ring's block holds no sign-in: sign in to Ring here after the move.");
  if (!tokenLeft) return h('p', {}, "Trygr is signed in already, so homebridge-ring's sign-in stays in its block.");
  return h(
    'div',
    { class: 'mb-3' },
    h(
      'p',
      {},
      "homebridge-ring's block holds a Ring sign-in, which Trygr can take over, so you need not sign in again. ",
      h('strong', {}, 'A refresh token works for one client only: '),
      'while homebridge-ring still runs, it and Trygr would sign each other out. So stop homebridge-ring first: ',
      preview.alreadyDisabled
        ? 'it is disabled in config.json, so it is stopped once Homebridge has restarted since (or while Homebridge is stopped).'
        : 'move the settings only (that disables homebridge-ring), restart Homebridge and come back here for the sign-in; or stop Homebridge while you move.',
    ),
    check('homebridge-ring is stopped: Homebridge was restarted since it was disabled, or Homebridge is stopped.', move.stopped, (event) => {
      move.stopped = event.currentTarget.checked;
      redraw();
    }),
  );
}

/** @param {any} result a preview or an outcome */
function optionLists(result) {
  return [
    h('h3', { class: 'h6 mt-2' }, 'Carried over'),
    result.carried.length === 0
      ? h('p', {}, 'Nothing.')
      : h(
          'ul',
          { 'data-testid': 'ring-move-carried' },
          result.carried.map((/** @type {any} */ c) => h('li', {}, code(c.from), ' → ', code(c.to), `: ${JSON.stringify(c.value)}`, c.note ? ` (${c.note})` : '')),
        ),
    h('h3', { class: 'h6' }, 'Not carried over'),
    result.notCarried.length === 0
      ? h('p', {}, 'Nothing.')
      : h(
          'ul',
          { 'data-testid': 'ring-move-not-carried' },
          result.notCarried.map((/** @type {any} */ left) => h('li', {}, code(left.key), `: ${left.reason.replace(/`/g, '')}`)),
        ),
  ];
}

/** What the move changed, and that Homebridge must restart. @param {any} outcome */
function outcomeView(outcome) {
  const token = outcome.token;
  return alertBox(
    'success',
    h(
      'div',
      { 'data-testid': 'ring-move-outcome' },
      h('strong', {}, 'Moved from homebridge-ring. Restart Homebridge to finish: '),
      'Trygr starts with the settings below, and homebridge-ring stays off.',
      h(
        'ul',
        { class: 'mt-2' },
        h(
          'li',
          {},
          outcome.alreadyDisabled
            ? 'homebridge-ring was disabled already.'
            : "homebridge-ring is disabled (config.json's disabledPlugins); its block is still there, unchanged.",
        ),
        h(
          'li',
          {},
          token.moved
            ? `homebridge-ring's sign-in is now Trygr's, saved to ${token.savedToConfig ? "config.json and Trygr's token file" : "Trygr's token file (config.json could not take it)"}. Ring's Control Center keeps listing it under homebridge-ring's name.`
            : (token.problem ?? 'The sign-in was not moved: sign in here, or move it once homebridge-ring is stopped.'),
        ),
      ),
      optionLists(outcome),
    ),
  );
}

/**
 * @param {number} n
 * @param {string} one
 * @param {string} many
 */
function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}
