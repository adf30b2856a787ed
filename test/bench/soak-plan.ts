/**
 * The soak benchmark's script: a seeded, deterministic stream of steps over the demo home's devices.
 * Pure; soak-bench.ts plays it against a running Homebridge.
 */
import type { DetectionType } from '../emulator/types.js';

export interface SoakCamera {
  id: number;
  name: string;
  doorbell: boolean;
}

export type SoakStep =
  | { kind: 'motion'; camera: number; detection: DetectionType }
  | { kind: 'ding'; camera: number }
  | { kind: 'sensor'; zid: string; faulted: boolean }
  | { kind: 'snapshot'; cameraName: string }
  | { kind: 'drop-sockets' }
  | { kind: 'policy-save' };

export interface SoakHome {
  cameras: readonly SoakCamera[];
  /** Alarm sensors (contact, motion) toggled between faulted and not. */
  sensors: readonly string[];
}

/** Share of events by kind (the rest are camera motion). */
export const MIX = { sensor: 0.35, ding: 0.08, snapshot: 0.02 } as const;
/** Motion pushes by what Ring detected; an unknown word is a real case (Ring adds detections). */
const DETECTIONS: ReadonlyArray<[DetectionType, number]> = [
  ['other_motion', 0.5],
  ['human', 0.2],
  ['vehicle', 0.15],
  ['package', 0.05],
  ['null', 0.05],
  ['delivery_drone', 0.05],
];

/** mulberry32: small, fast and good enough to make a run repeatable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(weighted: ReadonlyArray<[T, number]>, roll: number): T {
  let sum = 0;
  for (const [value, weight] of weighted) {
    sum += weight;
    if (roll < sum) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** How often the location sockets drop and the policy is saved, in events (at least every 1000). */
export function controlIntervals(events: number): { drop: number; save: number } {
  return { drop: Math.max(1000, Math.round(events / 40)), save: Math.max(1000, Math.round(events / 20)) };
}

/** `events` device events, with socket drops and policy saves between them. */
export function* soakPlan(events: number, home: SoakHome, seed = 0x50a4): Generator<SoakStep> {
  const roll = random(seed);
  const faulted = new Map<string, boolean>();
  const doorbells = home.cameras.filter((camera) => camera.doorbell);
  const { drop, save } = controlIntervals(events);
  for (let index = 1; index <= events; index++) {
    const kind = roll();
    if (kind < MIX.sensor) {
      const zid = home.sensors[Math.floor(roll() * home.sensors.length)];
      const next = !faulted.get(zid);
      faulted.set(zid, next);
      yield { kind: 'sensor', zid, faulted: next };
    } else if (kind < MIX.sensor + MIX.ding && doorbells.length > 0) {
      yield { kind: 'ding', camera: doorbells[Math.floor(roll() * doorbells.length)].id };
    } else if (kind < MIX.sensor + MIX.ding + MIX.snapshot) {
      yield { kind: 'snapshot', cameraName: home.cameras[Math.floor(roll() * home.cameras.length)].name };
    } else {
      yield { kind: 'motion', camera: home.cameras[Math.floor(roll() * home.cameras.length)].id, detection: pick(DETECTIONS, roll()) };
    }
    if (index % drop === 0) yield { kind: 'drop-sockets' };
    if (index % save === 0) yield { kind: 'policy-save' };
  }
}
