/**
 * The page's view of the platform block and of the plugin's status. Every change is saved at
 * once: updatePluginConfig puts it in the Homebridge UI's copy, savePluginConfig writes config.json,
 * so nobody has to find a Save button.
 */
const hb = window.homebridge;
const PLATFORM = 'Trygr';

export const state = {
  /** The plugin's blocks as the Homebridge UI holds them. */
  blocks: [],
  status: undefined,
  listeners: new Set(),
};

export function onChange(listener) {
  state.listeners.add(listener);
}

function changed() {
  for (const listener of state.listeners) listener();
}

export async function loadConfig() {
  const blocks = await hb.getPluginConfig();
  state.blocks = Array.isArray(blocks) && blocks.length > 0 ? blocks : [{ platform: PLATFORM, name: PLATFORM }];
}

/** The block this panel edits: the main bridge's, like the token store picks. */
export function block() {
  return state.blocks.find((b) => !b._bridge) ?? state.blocks[0];
}

/** Applies `patch` to the block (undefined values remove keys) and saves config.json. */
export async function saveBlock(patch) {
  const target = block();
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
  await hb.updatePluginConfig(state.blocks);
  await saveConfigFile();
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

export async function request(path, body) {
  try {
    return await hb.request(path, body);
  } catch (error) {
    throw new Error(error && typeof error.message === 'string' ? error.message : 'The plugin\'s settings server did not answer.');
  }
}

export async function refreshStatus() {
  state.status = await request('/status');
  changed();
  return state.status;
}

/** Devices the running plugin reported, with "hidden" from the block as it is now (life-safety devices never are). */
export function devices() {
  const hidden = new Set(block().hideDeviceIds ?? []);
  const unhideable = state.status?.lifeSafety?.kinds ?? [];
  return (state.status?.plugin.devices ?? []).map((d) => ({ ...d, hidden: hidden.has(d.id) && !unhideable.includes(d.kind) }));
}

export function knownDevicesFor(ids) {
  const byId = new Map(devices().map((d) => [d.id, d]));
  return ids.map((id) => byId.get(id)).filter(Boolean);
}

export function notify(kind, message) {
  if (kind === 'error') hb.toast.error(message, 'Trygr');
  else if (kind === 'warning') hb.toast.warning(message, 'Trygr');
  else hb.toast.success(message, 'Trygr');
}

export async function busy(action) {
  hb.showSpinner();
  try {
    return await action();
  } finally {
    hb.hideSpinner();
  }
}
