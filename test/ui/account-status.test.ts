/** The Account card's lines (homebridge-ui/public/js/account-status.js): the saved sign-in and the plugin's report never contradict each other. */
import { accountRows, pushRows } from '../../homebridge-ui/public/js/account-status.js';

type State = 'starting' | 'not-signed-in' | 'connecting' | 'connected' | 'rejected' | 'stopped';

function status(signedIn: boolean, state: State, options: { running?: boolean; inConfig?: boolean } = {}) {
  return {
    signedIn,
    token: signedIn ? { fingerprint: 'abcd1234', inConfig: options.inConfig ?? true, inSidecar: true, savedAt: '2026-12-03T10:00:00Z' } : undefined,
    plugin: {
      running: options.running ?? true,
      state,
      devices: [{ id: '1' }, { id: '2' }, { id: '3' }],
      locations: [{ id: 'l' }],
      lastRotation: { issuedAt: '2026-12-03T11:00:00Z' },
    },
  };
}

const text = (rows: Array<[string, string]>) => rows.map(([term, value]) => `${term}: ${value}`).join(' | ');

describe('accountRows', () => {
  test.each([
    // just signed in, before the plugin noticed
    [true, 'not-signed-in', true, 'Ring account: Signed in | Plugin: Picking up the new sign-in'],
    [true, 'connecting', true, 'Ring account: Signed in | Plugin: Connecting to Ring'],
    [true, 'connected', true, 'Ring account: Signed in | Plugin: Connected to Ring | Devices: 3 devices in 1 location'],
    [true, 'rejected', true, 'Ring account: Signed in | Plugin: Ring refused the saved sign-in: sign in again'],
    [true, 'connected', false, 'Ring account: Signed in | Plugin: Not running: start or restart Homebridge to connect'],
    // just signed out, before the plugin let go
    [false, 'connected', true, 'Ring account: Not signed in | Plugin: Disconnecting from Ring'],
    [false, 'connecting', true, 'Ring account: Not signed in | Plugin: Disconnecting from Ring'],
    [false, 'not-signed-in', true, 'Ring account: Not signed in | Plugin: Waiting for a sign-in'],
    [false, 'stopped', false, 'Ring account: Not signed in | Plugin: Not running'],
  ] as [boolean, State, boolean, string][])('signed in %s, plugin %s (running %s)', (signedIn, state, running, expected) => {
    expect(text(accountRows(status(signedIn, state, { running })))).toBe(expected);
  });

  test('says where a sign-in is kept only when config.json could not take it, and never shows token ids or renewal times', () => {
    const onlySidecar = text(accountRows(status(true, 'connected', { inConfig: false })));
    expect(onlySidecar).toContain("Saved sign-in: In the plugin's token file only: config.json could not be written");
    for (const signedIn of [true, false]) {
      for (const inConfig of [true, false]) {
        const lines = text(accountRows(status(signedIn, 'connected', { inConfig })));
        expect(lines).not.toMatch(/abcd1234|renewed|2026/);
      }
    }
  });

  test('one device in one location is singular', () => {
    const one = status(true, 'connected');
    one.plugin.devices = [{ id: '1' }];
    expect(text(accountRows(one))).toContain('Devices: 1 device in 1 location');
  });
});

describe('push health rows', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  const health = (state: string, reason: string, lastPushAt: string | undefined, received: number, duplicatesDropped: number) => ({
    state,
    reason,
    lastPushAt,
    received,
    duplicatesDropped,
    receivedByCamera: {},
  });

  test.each([
    [health('healthy', 'connected', '2026-12-04T11:59:30Z', 4, 0), 'Notifications: Healthy | Last notification: just now | Notifications received: 4'],
    [
      health('healthy', 'connected', '2026-12-04T11:57:00Z', 5, 1),
      'Notifications: Healthy | Last notification: 3 min ago | Notifications received: 5 (1 duplicate dropped)',
    ],
    [
      health('degraded', 'reconnecting', '2026-12-04T09:00:00Z', 9, 2),
      'Notifications: Degraded: reconnecting | Last notification: 3 h ago | Notifications received: 9 (2 duplicates dropped)',
    ],
    [health('down', 'never connected', undefined, 0, 0), 'Notifications: Down: never connected | Last notification: none yet | Notifications received: 0'],
  ])('%j', (pushHealth, expected) => {
    expect(text(pushRows(pushHealth, now))).toBe(expected);
  });

  test('misses in 24 h and the last recovery, when the plugin publishes them', () => {
    const base = health('degraded', 'pushes missed', '2026-12-04T11:00:00Z', 3, 0);
    expect(text(pushRows({ ...base, missed24h: 0 }, now))).toContain('Missed in 24 h: 0');
    const recovered = { ...base, missed24h: 2, lastMissAt: '2026-12-04T11:55:00Z', lastRecoveryAt: '2026-12-04T11:59:50Z', lastRecoveryKind: 'restart' };
    expect(text(pushRows(recovered, now))).toBe(
      'Notifications: Degraded: pushes missed | Last notification: 1 h ago | Notifications received: 3 | Missed in 24 h: 2 (last 5 min ago) | Last recovery: just now (receiver restarted)',
    );
    expect(text(pushRows({ ...recovered, lastRecoveryKind: 'fresh-registration' }, now))).toContain('Last recovery: just now (registered again with Ring)');
  });

  test('shown on the Account card only while connected', () => {
    const connected = { ...status(true, 'connected'), plugin: { ...status(true, 'connected').plugin, pushHealth: health('healthy', 'connected', undefined, 0, 0) } };
    expect(text(accountRows(connected, now))).toContain('Notifications: Healthy');
    const connecting = { ...connected, plugin: { ...connected.plugin, state: 'connecting' } };
    expect(text(accountRows(connecting, now))).not.toContain('Notifications');
  });
});
