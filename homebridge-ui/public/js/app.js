// @ts-check
/** Trygr's settings panel inside the Homebridge UI: tabs, start-up and keeping the active tab current. */
import { refreshAccountCard, renderAccount } from './account.js';
import { renderAudit } from './audit.js';
import { renderDevices } from './devices.js';
import { alertBox, replace } from './dom.js';
import { leaveOptions, optionsShown, renderOptions } from './options.js';
import { renderRules } from './rules.js';
import { listen, loadConfig, onChange, refreshStatus, state, syncSaveButton } from './state.js';

/** @type {Record<string, (panel: HTMLElement) => unknown>} */
const TABS = {
  account: renderAccount,
  devices: renderDevices,
  rules: renderRules,
  audit: renderAudit,
  options: renderOptions,
};
let active = 'account';

/** @param {string} name */
function panelOf(name) {
  return /** @type {HTMLElement} */ (document.getElementById(`panel-${name}`));
}

/** @param {string} name */
async function show(name) {
  if (active === 'options' && name !== 'options') await leaveOptions().catch(() => undefined);
  active = name;
  syncSaveButton(name);
  for (const tab of Object.keys(TABS)) {
    const button = /** @type {HTMLElement} */ (document.getElementById(`tab-${tab}`));
    const selected = tab === name;
    button.classList.toggle('active', selected);
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    panelOf(tab).hidden = !selected;
  }
  // The Homebridge UI's copy may have changed on another tab (the Options form edits it).
  await loadConfig().catch(() => undefined);
  await renderActive();
}

async function renderActive() {
  try {
    await TABS[active](panelOf(active));
  } catch (error) {
    replace(panelOf(active), alertBox('danger', error instanceof Error ? error.message : String(error)));
  }
}

function wireTabs() {
  const names = Object.keys(TABS);
  for (const name of names) {
    const button = /** @type {HTMLElement} */ (document.getElementById(`tab-${name}`));
    button.addEventListener('click', () => void show(name));
    // Arrow keys move between tabs, as the ARIA tabs pattern expects.
    button.addEventListener('keydown', (event) => {
      const index = names.indexOf(name);
      const next = /** @type {Record<string, number>} */ ({ ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: names.length - 1 })[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = names[(next + names.length) % names.length];
      document.getElementById(`tab-${target}`)?.focus();
      void show(target);
    });
  }
}

/** @param {any} previous the status before this push */
function statusPushed(previous) {
  // The account tab follows the plugin (connecting, connected, signed out); under an open form only its status card does.
  if (active === 'account') {
    if (document.querySelector('#panel-account form')) refreshAccountCard(panelOf('account'));
    else void renderActive();
  }
  // The devices tab only when the device list itself changed, so a toggle in progress is not redrawn.
  if (active === 'devices' && JSON.stringify(previous?.plugin.devices) !== JSON.stringify(state.status?.plugin.devices)) void renderActive();
  // A restart the panel asked for has happened, or one is now needed.
  syncSaveButton();
}

/** Started by boot.js once the Homebridge UI is ready. */
export async function start() {
  wireTabs();
  listen(statusPushed, optionsShown);
  await loadConfig();
  await refreshStatus();
  await show('account');
  // Re-render the visible tab when config or status change, except the rule editor, which keeps its own draft.
  onChange(() => {
    syncSaveButton();
    if (active === 'devices') void renderActive();
  });
}
