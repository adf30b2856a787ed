import { EVENT_RUN, eventRunPlan } from './footprint-plan.js';
import type { SoakStep } from './soak-plan.js';

const CAMERAS = [
  { id: 1, name: 'Door', doorbell: true },
  { id: 2, name: 'Yard', doorbell: false },
  { id: 3, name: 'Hall', doorbell: false },
  { id: 4, name: 'Drive', doorbell: false },
];

const ofKind = <K extends SoakStep['kind']>(steps: SoakStep[], kind: K) => steps.filter((step): step is Extract<SoakStep, { kind: K }> => step.kind === kind);

describe('eventRunPlan', () => {
  const steps = eventRunPlan(CAMERAS, 'contact');

  test("the issue's counts: dings on the doorbell, motions and snapshots over every camera, the contact sensor toggled", () => {
    expect(ofKind(steps, 'ding').map((step) => step.camera)).toEqual(Array(EVENT_RUN.dings).fill(1));
    const motions = ofKind(steps, 'motion');
    expect(motions).toHaveLength(EVENT_RUN.motions);
    for (const camera of CAMERAS) expect(motions.filter((step) => step.camera === camera.id)).toHaveLength(EVENT_RUN.motions / CAMERAS.length);
    const snapshots = ofKind(steps, 'snapshot');
    expect(snapshots).toHaveLength(EVENT_RUN.snapshots);
    for (const camera of CAMERAS) expect(snapshots.filter((step) => step.cameraName === camera.name)).toHaveLength(EVENT_RUN.snapshots / CAMERAS.length);
    const contact = ofKind(steps, 'sensor');
    expect(contact).toHaveLength(EVENT_RUN.contactChanges);
    // Every step a change, and the sensor left closed as it was found.
    contact.forEach((step, index) => expect(step.faulted).toBe(index % 2 === 0));
    expect(steps).toHaveLength(EVENT_RUN.dings + EVENT_RUN.motions + EVENT_RUN.snapshots + EVENT_RUN.contactChanges);
  });

  test('each kind is spread over the whole run, not bunched', () => {
    const quarter = steps.length / 4;
    for (const kind of ['ding', 'motion', 'snapshot', 'sensor'] as const) {
      const positions = steps.flatMap((step, index) => (step.kind === kind ? [index] : []));
      const perQuarter = [0, 1, 2, 3].map((q) => positions.filter((index) => index >= q * quarter && index < (q + 1) * quarter).length);
      expect(perQuarter).toEqual(Array(4).fill(positions.length / 4));
    }
  });

  test('a home without a doorbell is refused', () => {
    expect(() => eventRunPlan([{ id: 2, name: 'Yard', doorbell: false }], 'contact')).toThrow(/doorbell/);
  });
});
