/**
 * What a broken or hostile settings page could send the panel's server over the Homebridge UI's
 * IPC relay: the real request paths with mutated or random bodies, unknown paths, and messages
 * that are not requests at all. Never `/sign-out`: removing the token is what it is for.
 */
import { mutate, randomJson, randomString } from './json-values.js';
import type { Rng } from './seeded-random.js';

export interface PanelContext {
  email: string;
  deviceIds: string[];
}

const POLICY = {
  defaultAction: 'forward',
  timeZone: 'UTC',
  rules: [
    { name: 'Indoor private at home', devices: { kinds: ['indoor-camera'] }, when: { modes: ['home'] }, action: 'block' },
    {
      name: 'Mask',
      devices: { names: ['Driveway'] },
      signals: ['snapshot', 'event-snapshot'],
      action: 'event-only',
      snapshot: { redact: [{ method: 'mask', zones: [{ x: 0, y: 0, w: 0.5, h: 0.5 }] }] },
    },
  ],
};

function realBodies(context: PanelContext, rng: Rng): Record<string, unknown> {
  const device = { id: rng.pick(context.deviceIds), name: 'Living Room', kind: 'indoor-camera' };
  return {
    '/status': {},
    '/sign-in/start': { email: context.email, password: 'not the password' },
    '/sign-in/code': { attemptId: 'a1', code: '000000' },
    '/sign-in/cancel': {},
    '/privacy/validate': { privacy: POLICY },
    '/privacy/quick-state': { block: { privacy: POLICY, hideDeviceIds: [] }, devices: [device] },
    '/privacy/quick-choice': { block: { privacy: POLICY, hideDeviceIds: [] }, device, choice: 'private-while-home', enabled: true },
    '/camera-view': { deviceId: device.id, width: 320, height: 180 },
    '/audit': { days: 7 },
    '/dry-run': { privacy: POLICY, days: 7 },
  };
}

export const PANEL_PATHS = Object.keys(realBodies({ email: '', deviceIds: ['x'] }, { pick: (items: readonly unknown[]) => items[0] } as Rng));

/** One request: a real path with a mutated body (mostly), a random body, or an unknown path. */
export function hostilePanelRequest(rng: Rng, context: PanelContext): { path: string; body: unknown } {
  const bodies = realBodies(context, rng);
  const roll = rng.int(10);
  if (roll === 0)
    return { path: rng.chance(0.5) ? `/${randomString(rng).slice(0, 30)}` : rng.pick(['', '/', '/sign-in', '/../status', '/status/']), body: randomJson(rng) };
  const path = rng.pick(PANEL_PATHS);
  if (roll <= 2) return { path, body: randomJson(rng) };
  return { path, body: mutate(bodies[path], rng, rng.range(1, 4)) };
}

/** An IPC message that is not a well-formed request (the relay is config-ui-x's; the server must still not die). */
export function hostileIpcMessage(rng: Rng): unknown {
  return rng.pick([
    () => ({ action: 'request', path: randomJson(rng, 1), body: randomJson(rng), requestId: `fuzz-${rng.int(1e6)}` }),
    () => ({ action: 'request', path: rng.pick(PANEL_PATHS), requestId: randomJson(rng, 1) }),
    () => ({ action: randomString(rng).slice(0, 20) }),
    () => randomJson(rng),
  ])();
}
