/** Trygr's settings panel inside the Homebridge UI: tabs, start-up and keeping the active tab current. */
import { renderAccount } from './account.js';
import { renderAudit } from './audit.js';
import { renderDevices } from './devices.js';
import { alertBox, replace } from './dom.js';
import { renderRules } from './rules.js';
import { loadConfig, notify, onChange, refreshStatus } from './state.js';

const TABS = {
  account: renderAccount,
  devices: renderDevices,
  rules: renderRules,
  audit: renderAudit,
};
let active = 'account';

function panelOf(name) {
  return document.getElementById(`panel-${name}`);
}

async function show(name) {
  active = name;
  for (const tab of Object.keys(TABS)) {
    const button = document.getElementById(`tab-${tab}`);
    const selected = tab === name;
    button.classList.toggle('active', selected);
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    panelOf(tab).hidden = !selected;
  }
  await renderActive();
}

async function renderActive() {
  try {
    await TABS[active](panelOf(active));
  } catch (error) {
    replace(panelOf(active), alertBox('danger', error.message));
  }
}

function wireTabs() {
  const names = Object.keys(TABS);
  for (const name of names) {
    const button = document.getElementById(`tab-${name}`);
    button.addEventListener('click', () => void show(name));
    // Arrow keys move between tabs, as the ARIA tabs pattern expects.
    button.addEventListener('keydown', (event) => {
      const index = names.indexOf(name);
      const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: names.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = names[(next + names.length) % names.length];
      document.getElementById(`tab-${target}`).focus();
      void show(target);
    });
  }
}

async function start() {
  wireTabs();
  await loadConfig();
  await refreshStatus();
  await show('account');
  // Re-render the visible tab when config or status change, except the rule editor, which keeps its own draft.
  onChange(() => {
    if (active === 'devices') void renderActive();
  });
  // The plugin's status changes on its own (connecting, connected, token renewed).
  setInterval(() => {
    if (active !== 'account' || document.querySelector('#panel-account form')) return;
    refreshStatus().then(() => renderActive(), () => undefined);
  }, 10_000);
}

window.homebridge.addEventListener('ready', () => {
  start().catch((error) => notify('error', error.message));
});
