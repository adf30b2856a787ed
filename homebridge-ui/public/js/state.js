// @ts-check
/**
 * The page's view of the platform block and of the plugin's status. Every change is saved at
 * once: updatePluginConfig puts it in the Homebridge UI's copy, savePluginConfig writes config.json,
 * so nobody has to find a Save button.
 *
 * The Homebridge UI's copy is the one truth: the Options tab's form edits it in place, and the
 * UI's own Save button writes it. So every save starts from a fresh `getPluginConfig()`, and the
 * form's edits (`configChanged`) are taken in as they happen. The plugin's status is pushed by the
 * panel's server when it changes (`status` events): a request per poll would add a line to the
 * Homebridge UI's log each time.
 */
import { hidingOf, waitsForRestart } from './hiding.js';

/** @type {any} */
const hb = /** @type {any} */ (window).homebridge;
const PLATFORM = 'Trygr';

export const state = {
  /** @type {Array<Record<string, any>>} The plugin's blocks as the Homebridge UI holds them. */
  blocks: [],
  /** @type {any} */
  status: undefined,
  /** @type {Set<() => void>} */
  listeners: new Set(),
  /** The panel's active tab. */
  tab: 'account',
};

/** @param {() => void} listener */
export function onChange(listener) {
  state.listeners.add(listener);
}

function changed() {
  for (const listener of state.listeners) listener();
}

/** @param {unknown} blocks */
function takeBlocks(blocks) {
  state.blocks = Array.isArray(blocks) && blocks.length > 0 ? blocks.map((b) => ({ ...b })) : [{ platform: PLATFORM, name: PLATFORM }];
}

/** Reads the Homebridge UI's copy of the plugin's blocks (with any unsaved edits of the Options form). */
export async function loadConfig() {
  takeBlocks(await hb.getPluginConfig());
}

/**
 * Keeps the page's copy current: the Options form's edits (the UI sends `configChanged`) and the
 * plugin's status as the panel server pushes it (`status`). `onStatus` gets the previous status.
 * Form events are taken only while `formShown()`: UI 5.10 sends one more as the form is taken away.
 * @param {(previous: any) => void} onStatus
 * @param {() => boolean} formShown
 */
export function listen(onStatus, formShown) {
  hb.addEventListener('configChanged', (/** @type {MessageEvent} */ event) => {
    if (!formShown()) return;
    takeBlocks(event.data);
    changed();
  });
  hb.addEventListener('status', (/** @type {MessageEvent} */ event) => {
    const previous = state.status;
    state.status = event.data;
    onStatus(previous);
  });
}

/** The block this panel edits: the main bridge's, like the token store picks. */
export function block() {
  return state.blocks.find((b) => !b._bridge) ?? state.blocks[0];
}

/**
 * Applies `patch` to the block as the Homebridge UI holds it now (undefined values remove keys) and
 * saves config.json. A removed key is sent as `undefined`: UI 5.28 merges the blocks it is given
 * into its own (Object.assign), 5.10 replaces them; either way the key is gone from the saved JSON.
 * A function patch is given the block as it is now, for changes that depend on it.
 * @param {Record<string, unknown> | ((current: Record<string, any>) => Record<string, unknown>)} patch
 */
export async function saveBlock(patch) {
  await loadConfig();
  const target = block();
  if (typeof patch === 'function') patch = patch(target);
  Object.assign(target, patch);
  await hb.updatePluginConfig(state.blocks);
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete target[key];
  await saveConfigFile();
  changed();
}

/**
 * Puts options the panel's server has just written to config.json (the move from homebridge-ring)
 * into the Homebridge UI's copy, so a later Save of that copy cannot write the old block back. Not
 * saved again: the file holds them already, and the server's write also holds a sign-in this page
 * is never given. A Save of the copy leaves that token out of config.json; the plugin then takes it
 * from its token file and writes it back (the token store's "sidecar-only" start).
 * @param {Record<string, unknown>} options
 */
export async function takeWrittenOptions(options) {
  await loadConfig();
  Object.assign(block(), options);
  await hb.updatePluginConfig(state.blocks);
  changed();
}

/**
 * config-ui-x 5.10 answers `config.save` by posting its save promise back, which cannot be
 * cloned, so the answer may never come although the file is written. Waiting is bounded; the
 * callers check the outcome on disk through the server where it matters (the sign-in).
 */
async function saveConfigFile() {
  await Promise.race([hb.savePluginConfig(), new Promise((resolve) => setTimeout(resolve, 3000))]);
}

/**
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function request(path, body) {
  try {
    return await hb.request(path, body);
  } catch (error) {
    throw new Error(error && typeof error.message === 'string' ? error.message : "The plugin's settings server did not answer.", { cause: error });
  }
}

/** Asks once (start-up, after a sign-in or sign-out); later changes are pushed. */
export async function refreshStatus() {
  state.status = await request('/status');
  changed();
  return state.status;
}

/** Devices the running plugin reported, with "hidden" from the block as it is now (life-safety devices never are). */
export function devices() {
  const status = state.status;
  const context = { running: status?.plugin.running === true, familyOfKind: status?.familyOfKind ?? {}, unhideable: status?.lifeSafety?.kinds ?? [] };
  return (status?.plugin.devices ?? []).map((/** @type {any} */ d) => {
    const hiding = hidingOf(d, block() ?? {}, context);
    return { ...d, hiding, hidden: hiding === 'hidden' || hiding === 'hidden after a restart' };
  });
}

/** Some device is hidden or shown again in the saved settings, and the running plugin has not restarted since. */
export const hidingWaitsForRestart = () => devices().some((d) => waitsForRestart(d.hiding));

/**
 * The settings window's Save button writes the Homebridge UI's copy and then offers a restart. The
 * Options form needs it; every other tab saves at once, and a Save there used to ask for a restart
 * that changed nothing. It is on there too when a hidden device waits for a restart, which Save then offers.
 * @param {string} tab
 */
export function syncSaveButton(tab = state.tab) {
  state.tab = tab;
  if (tab === 'options' || hidingWaitsForRestart()) hb.enableSaveButton();
  else hb.disableSaveButton();
}

/** @param {string[]} ids */
export function knownDevicesFor(ids) {
  const byId = new Map(devices().map((d) => [d.id, d]));
  return ids.map((id) => byId.get(id)).filter(Boolean);
}

/**
 * @param {'success' | 'warning' | 'error'} kind
 * @param {string} message
 */
export function notify(kind, message) {
  if (kind === 'error') hb.toast.error(message, 'Trygr');
  else if (kind === 'warning') hb.toast.warning(message, 'Trygr');
  else hb.toast.success(message, 'Trygr');
}

/**
 * @template T
 * @param {() => Promise<T>} action
 * @returns {Promise<T>}
 */
export async function busy(action) {
  hb.showSpinner();
  try {
    return await action();
  } finally {
    hb.hideSpinner();
  }
}
