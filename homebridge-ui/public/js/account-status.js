// @ts-check
/**
 * The Account card's lines, from the panel server's status. Two sources feed it: the saved sign-in
 * (changes the moment the panel signs in or out) and the running plugin's own report (follows a
 * few seconds later). Between the two the card says what is happening rather than contradicting
 * itself. Pure, so every combination is a row of a table test (test/ui/panel-logic.test.ts).
 */

const PLUGIN_TEXT = {
  starting: 'Starting',
  'not-signed-in': 'Waiting for a sign-in',
  connecting: 'Connecting to Ring',
  connected: 'Connected to Ring',
  rejected: 'Ring refused the saved sign-in: sign in again',
  stopped: 'Not running',
};

/** Plugin states in which it holds a Ring session. */
const ONLINE = new Set(['starting', 'connecting', 'connected']);

const PUSH_TEXT = { healthy: 'Healthy', degraded: 'Degraded', down: 'Down' };

/**
 * @param {any} status the panel server's `/status` answer
 * @param {number} [now] the time, for "2 min ago"
 * @returns {Array<[string, string]>}
 */
export function accountRows(status, now = Date.now()) {
  const plugin = status.plugin;
  const signedIn = Boolean(status.signedIn);
  /** @type {Array<[string, string]>} */
  const rows = [['Ring account', signedIn ? 'Signed in' : 'Not signed in']];
  if (signedIn && status.token && !status.token.inConfig) {
    rows.push(['Saved sign-in', "In the plugin's token file only: config.json could not be written"]);
  }
  rows.push(['Plugin', pluginText(plugin, signedIn)]);
  if (signedIn && plugin.running && plugin.state === 'connected') {
    const devices = plugin.devices.length;
    const locations = plugin.locations.length;
    rows.push(['Devices', `${devices} device${devices === 1 ? '' : 's'} in ${locations} location${locations === 1 ? '' : 's'}`]);
    if (plugin.pushHealth) rows.push(...pushRows(plugin.pushHealth, now));
  }
  return rows;
}

/**
 * Ring's push channel (doorbell presses and motion): its state, the last push, and the counts.
 * @param {any} health the status file's `pushHealth`
 * @param {number} now
 * @returns {Array<[string, string]>}
 */
export function pushRows(health, now) {
  const state = /** @type {Record<string, string>} */ (PUSH_TEXT)[health.state] ?? String(health.state);
  const last = health.lastPushAt ? ago(now - Date.parse(health.lastPushAt)) : 'none yet';
  const received = Number(health.received) || 0;
  const duplicates = Number(health.duplicatesDropped) || 0;
  /** @type {Array<[string, string]>} */
  const rows = [
    ['Notifications', health.state === 'healthy' ? state : `${state}: ${health.reason}`],
    ['Last notification', last],
    ['Notifications received', `${received}${duplicates > 0 ? ` (${duplicates} duplicate${duplicates === 1 ? '' : 's'} dropped)` : ''}`],
  ];
  // Older plugin versions publish no reconciliation figures: the rows are left out, not shown as 0.
  if (health.missed24h !== undefined) {
    const missed = Number(health.missed24h) || 0;
    rows.push(['Missed in 24 h', missed > 0 && health.lastMissAt ? `${missed} (last ${ago(now - Date.parse(health.lastMissAt))})` : String(missed)]);
  }
  if (health.lastRecoveryAt) {
    const how = health.lastRecoveryKind === 'fresh-registration' ? 'registered again with Ring' : 'receiver restarted';
    rows.push(['Last recovery', `${ago(now - Date.parse(health.lastRecoveryAt))} (${how})`]);
  }
  return rows;
}

/** @param {number} ms */
function ago(ms) {
  if (!Number.isFinite(ms)) return 'unknown';
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/**
 * @param {any} plugin
 * @param {boolean} signedIn
 */
function pluginText(plugin, signedIn) {
  if (!plugin.running) return signedIn ? 'Not running: start or restart Homebridge to connect' : 'Not running';
  // A sign-in was just saved; the plugin notices it within seconds.
  if (signedIn && plugin.state === 'not-signed-in') return 'Picking up the new sign-in';
  // A sign-out was just saved; the plugin lets go of Ring within seconds.
  if (!signedIn && ONLINE.has(plugin.state)) return 'Disconnecting from Ring';
  return /** @type {Record<string, string>} */ (PLUGIN_TEXT)[plugin.state] ?? String(plugin.state);
}
