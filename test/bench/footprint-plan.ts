/**
 * The footprint benchmark's event run as a plan (issue 16: "RSS after 400 dings, 400 contact
 * changes, 240 snapshots, 16 motions"), in the soak's steps so that soak-bench.ts's `play` runs it.
 * Pure; footprint-events.ts plays it against a running Homebridge.
 */
import type { SoakCamera, SoakStep } from './soak-plan.js';

export const EVENT_RUN = { dings: 400, contactChanges: 400, snapshots: 240, motions: 16 } as const;
export type EventCounts = { [K in keyof typeof EVENT_RUN]: number };

/**
 * The run's steps with every kind spread evenly over it (a flood of one kind would measure the
 * plugin's queue, not its steady state): dings on the doorbells, motions and snapshots round the
 * cameras, the contact sensor opened and closed in turn (an even count leaves it closed, as found).
 */
export function eventRunPlan(cameras: readonly SoakCamera[], contactZid: string, counts: EventCounts = EVENT_RUN): SoakStep[] {
  const doorbells = cameras.filter((camera) => camera.doorbell);
  if (doorbells.length === 0 || cameras.length === 0) throw new Error('the event run needs a doorbell and cameras');
  const placed: Array<{ at: number; step: SoakStep }> = [];
  const spread = (count: number, make: (index: number) => SoakStep): void => {
    for (let index = 0; index < count; index++) placed.push({ at: (index + 0.5) / count, step: make(index) });
  };
  spread(counts.dings, (index) => ({ kind: 'ding', camera: doorbells[index % doorbells.length]!.id }));
  spread(counts.contactChanges, (index) => ({ kind: 'sensor', zid: contactZid, faulted: index % 2 === 0 }));
  spread(counts.snapshots, (index) => ({ kind: 'snapshot', cameraName: cameras[index % cameras.length]!.name }));
  spread(counts.motions, (index) => ({ kind: 'motion', camera: cameras[index % cameras.length]!.id, detection: 'human' }));
  return placed.sort((a, b) => a.at - b.at).map((entry) => entry.step);
}
