// @ts-check
/** Sign in (email, password, then Ring's 2FA code), account status, sign out. */
import { accountRows } from './account-status.js';
import { alertBox, field, h, replace } from './dom.js';
import { loadMovePreview, moveCard } from './ring-move.js';
import { busy, notify, refreshStatus, request, saveBlock, state } from './state.js';

const view = {
  /** 'status' | 'credentials' | 'code' */
  step: 'status',
  attemptId: undefined,
  prompt: '',
  message: undefined,
  messageKind: 'danger',
  afterSignOut: undefined,
  /** Kept across a failed attempt, so only the password has to be typed again. */
  email: '',
};

export function renderAccount(panel) {
  const status = state.status;
  const signedIn = Boolean(status?.signedIn);
  if (view.step === 'status' && (!signedIn || status.plugin.state === 'rejected')) view.step = 'credentials';
  replace(
    panel,
    h('div', { class: 'trygr-account-card' }, statusCard(status)),
    view.message && alertBox(view.messageKind, view.message),
    view.afterSignOut,
    h('div', { class: 'trygr-ring-move' }, ringMoveCard(panel)),
    stepView(panel, signedIn),
  );
  loadMovePreview(() => redrawRingMove(panel));
}

function ringMoveCard(panel) {
  return moveCard(
    () => redrawRingMove(panel),
    () => {
      // A moved sign-in replaces the sign-in form, as a panel sign-in does.
      if (state.status?.signedIn && view.step === 'credentials') Object.assign(view, { step: 'status', message: undefined });
      renderAccount(panel);
    },
  );
}

/** The move card alone, so a form being filled in below it is left as it is. */
function redrawRingMove(panel) {
  const host = panel.querySelector('.trygr-ring-move');
  if (host) replace(host, ringMoveCard(panel));
}

/** The status card alone, brought up to date while a form below it is being filled in. */
export function refreshAccountCard(panel) {
  const host = panel.querySelector('.trygr-account-card');
  if (host) replace(host, statusCard(state.status));
}

function statusCard(status) {
  if (!status) return h('p', {}, 'Reading the account status…');
  return h(
    'div',
    { class: 'card mb-3' },
    h(
      'div',
      { class: 'card-body' },
      h('h2', { class: 'h5 card-title' }, 'Account'),
      h(
        'dl',
        { class: 'row mb-0 trygr-status', 'data-testid': 'account-status' },
        accountRows(status).map(([term, value]) => [h('dt', { class: 'col-sm-4' }, term), h('dd', { class: 'col-sm-8' }, value)]),
      ),
      status.plugin.privacySwitches && privacySwitchesNote(status.plugin.privacySwitches),
    ),
  );
}

/** The plugin could not read the saved Privacy switches and made every camera private. */
function privacySwitchesNote(problem) {
  return h(
    'div',
    { class: 'mt-3', 'data-testid': 'privacy-switches-note' },
    alertBox(
      'warning',
      h('strong', {}, 'Every camera is private. '),
      `The saved Privacy switch states could not be used (${problem.reason}), so the global Privacy switch is on. `,
      'Turn it off in the Home app when you want cameras to report again; the plugin then saves the switches anew.',
    ),
  );
}

function stepView(panel, signedIn) {
  if (view.step === 'code') return codeForm(panel);
  if (view.step === 'credentials') return credentialsForm(panel, signedIn);
  return h(
    'div',
    { class: 'd-flex flex-wrap gap-2' },
    h('button', { type: 'button', class: 'btn btn-outline-primary', onclick: () => go(panel, 'credentials') }, 'Sign in with another account'),
    signOutButton(panel),
  );
}

function credentialsForm(panel, signedIn) {
  const email = h('input', { class: 'form-control', type: 'email', name: 'email', autocomplete: 'username', required: true, spellcheck: 'false', value: view.email });
  const password = h('input', { class: 'form-control', type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'card card-body mb-3',
      'aria-labelledby': 'trygr-signin-title',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        if (!email.value.trim() || !password.value) {
          show(panel, 'Enter the email address and password of your Ring account.');
          return;
        }
        submit.disabled = true;
        view.email = email.value;
        const credentials = { email: email.value, password: password.value };
        try {
          await handle(panel, await busy(() => request('/sign-in/start', credentials)));
        } catch (error) {
          show(panel, error.message);
        } finally {
          credentials.password = '';
          password.value = '';
          submit.disabled = false;
        }
      },
    },
    h('h2', { class: 'h5', id: 'trygr-signin-title' }, 'Sign in to Ring'),
    h(
      'p',
      { class: 'form-text mt-0' },
      'Your email and password go to Ring only, to get a sign-in for this Homebridge. They are not saved. Ring then sends a verification code.',
    ),
    field('Email', email),
    field('Password', password),
    h(
      'div',
      { class: 'd-flex flex-wrap gap-2' },
      submit,
      signedIn && h('button', { type: 'button', class: 'btn btn-outline-secondary', onclick: () => go(panel, 'status') }, 'Cancel'),
    ),
  );
  setTimeout(() => (view.email ? password : email).focus());
  return form;
}

function codeForm(panel) {
  const code = h('input', {
    class: 'form-control trygr-code',
    type: 'text',
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: 8,
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Verify');
  const form = h(
    'form',
    {
      class: 'card card-body mb-3',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        submit.disabled = true;
        const entered = code.value;
        code.value = '';
        try {
          await handle(panel, await busy(() => request('/sign-in/code', { attemptId: view.attemptId, code: entered })));
        } catch (error) {
          show(panel, error.message);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h2', { class: 'h5' }, 'Verification code'),
    field(view.prompt || 'Enter the verification code Ring sent you.', code),
    h(
      'div',
      { class: 'd-flex flex-wrap gap-2' },
      submit,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-outline-secondary',
          onclick: () => {
            void request('/sign-in/cancel');
            go(panel, 'credentials');
          },
        },
        'Start over (sends a new code)',
      ),
    ),
  );
  setTimeout(() => code.focus());
  return form;
}

async function handle(panel, result) {
  view.afterSignOut = undefined;
  if (result.outcome === 'code-needed') {
    Object.assign(view, { step: 'code', attemptId: result.attemptId, prompt: result.prompt, message: result.message, messageKind: 'warning' });
    renderAccount(panel);
    return;
  }
  if (result.outcome === 'failed') {
    Object.assign(view, { step: 'credentials', attemptId: undefined, message: result.message, messageKind: 'danger' });
    renderAccount(panel);
    return;
  }
  // Signed in: the server has saved the token through the token store; save it in the UI's copy too, at once.
  view.email = '';
  await saveBlock({ refreshToken: result.refreshToken });
  const status = await refreshStatus();
  // Where the server saved the sign-in, from its own answer: a status read a moment later can catch
  // the running plugin halfway through its first token renewal (token file written, config.json next).
  const inConfig = result.saved?.savedToConfig ?? status.token?.inConfig;
  Object.assign(view, {
    step: 'status',
    attemptId: undefined,
    messageKind: inConfig ? 'success' : 'warning',
    message: inConfig
      ? 'Signed in. The sign-in is saved; a running plugin connects with it by itself, otherwise restart Homebridge.'
      : "Signed in, but config.json could not be updated; the sign-in is kept in the plugin's token file.",
  });
  notify('success', 'Signed in to Ring and saved.');
  renderAccount(panel);
}

function signOutButton(panel) {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-outline-danger',
      onclick: async (event) => {
        const button = event.currentTarget;
        if (button.dataset.confirm !== 'yes') {
          button.dataset.confirm = 'yes';
          button.textContent = 'Yes, sign out of Ring';
          return;
        }
        try {
          const result = await busy(() => request('/sign-out'));
          await saveBlock({ refreshToken: undefined });
          await refreshStatus();
          Object.assign(view, {
            step: 'credentials',
            message: undefined,
            afterSignOut: alertBox(
              'info',
              h('strong', {}, 'Signed out. '),
              "The sign-in was removed from config.json and the plugin's token file. ",
              state.status?.plugin.running ? 'The running plugin disconnects from Ring by itself. ' : '',
              result.controlCenterHelp,
            ),
          });
          renderAccount(panel);
        } catch (error) {
          show(panel, error.message);
        }
      },
    },
    'Sign out',
  );
}

function go(panel, step) {
  Object.assign(view, { step, message: undefined, attemptId: undefined });
  renderAccount(panel);
}

function show(panel, message, kind = 'danger') {
  Object.assign(view, { message, messageKind: kind });
  renderAccount(panel);
}
