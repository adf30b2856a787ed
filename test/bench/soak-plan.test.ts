import { controlIntervals, soakPlan, type SoakStep } from './soak-plan.js';

const HOME = {
  cameras: [
    { id: 1, name: 'Door', doorbell: true },
    { id: 2, name: 'Yard', doorbell: false },
  ],
  sensors: ['a', 'b'],
};

function count(steps: SoakStep[], kind: SoakStep['kind']): number {
  return steps.filter((step) => step.kind === kind).length;
}

describe('soakPlan', () => {
  test('exactly the number of device events asked for, every kind and device used, controls in between', () => {
    const steps = [...soakPlan(20_000, HOME)];
    const events = steps.filter((step) => step.kind !== 'drop-sockets' && step.kind !== 'policy-save');
    expect(events).toHaveLength(20_000);
    for (const kind of ['motion', 'ding', 'sensor', 'snapshot'] as const) expect(count(steps, kind)).toBeGreaterThan(100);
    expect(new Set(steps.flatMap((step) => (step.kind === 'motion' ? [step.camera] : [])))).toEqual(new Set([1, 2]));
    expect(new Set(steps.flatMap((step) => (step.kind === 'sensor' ? [step.zid] : [])))).toEqual(new Set(['a', 'b']));
    expect(count(steps, 'drop-sockets')).toBe(20);
    expect(count(steps, 'policy-save')).toBe(20);
  });

  test('a sensor alternates between faulted and restored', () => {
    const changes = [...soakPlan(2_000, HOME)].flatMap((step) => (step.kind === 'sensor' && step.zid === 'a' ? [step.faulted] : []));
    changes.forEach((faulted, index) => expect(faulted).toBe(index % 2 === 0));
  });

  test('the same seed gives the same run', () => {
    expect([...soakPlan(500, HOME, 7)]).toEqual([...soakPlan(500, HOME, 7)]);
    expect([...soakPlan(500, HOME, 7)]).not.toEqual([...soakPlan(500, HOME, 8)]);
  });

  test('200 000 events: a socket drop every 5000, a policy save every 10 000', () => {
    expect(controlIntervals(200_000)).toEqual({ drop: 5000, save: 10_000 });
  });
});
