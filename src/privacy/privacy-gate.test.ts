/**
 * The gate decides at delivery: a snapshot is judged when asked and again once its image has
 * arrived and been rendered, the stricter decision wins, and that is the one recorded. Pushes are
 * one decision each; streams are re-judged on every change it announces.
 */
import { describe, expect, test } from '@jest/globals';
import sharp from 'sharp';
import { compilePolicy } from './compile-policy.js';
import { ContextTracker } from './context-tracker.js';
import { placeholderImage } from './placeholder.js';
import { validatePolicy } from './policy-validate.js';
import { PrivacyGate, type CommandRecord, type DecisionRecord } from './privacy-gate.js';
import type { Device } from './types.js';

const camera: Device = { id: '7', name: 'Garden', kind: 'outdoor-camera', locationId: 'loc' };
const SIZE = { width: 64, height: 36 };
const NOW = Date.parse('2026-06-15T10:00:00Z');

function compiled(raw: unknown) {
  const { policy, errors } = validatePolicy(raw);
  expect(errors).toEqual([]);
  return compilePolicy(policy!);
}

function setup(raw: unknown = {}, anonymize?: ConstructorParameters<typeof PrivacyGate>[0]['anonymize']) {
  const clock = { now: NOW };
  const tracker = new ContextTracker(() => clock.now);
  tracker.setMode('loc', 'away');
  const records: DecisionRecord[] = [];
  const gate = new PrivacyGate({ policy: compiled(raw), context: tracker, onDecision: (record) => records.push(record), anonymize });
  return { gate, tracker, records, clock };
}

const image = sharp({ create: { width: 160, height: 90, channels: 3, background: { r: 200, g: 120, b: 40 } } })
  .jpeg()
  .toBuffer();

/** A source that hands back the image only when the test says so. */
function slowSource() {
  let release!: () => void;
  const asked = { count: 0 };
  const source = async (): Promise<Buffer> => {
    asked.count++;
    await new Promise<void>((resolve) => (release = resolve));
    return image;
  };
  return { source, asked, release: () => release() };
}

const isPlaceholder = async (jpeg: Buffer) => jpeg.equals(await placeholderImage(SIZE));

describe('snapshots are decided at delivery', () => {
  test('a Privacy switch turned on while Ring was fetching: the placeholder goes, and the ledger says block', async () => {
    const { gate, tracker, records } = setup();
    const slow = slowSource();
    const answer = gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, slow.source);
    await new Promise((resolve) => setImmediate(resolve));
    expect(slow.asked.count).toBe(1);
    tracker.setDevicePrivacy(camera.id, true);
    slow.release();
    expect(await isPlaceholder(await answer)).toBe(true);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ signal: { type: 'snapshot' }, decision: { action: 'block', basis: 'privacy-switch' }, context: { devicePrivacy: true } });
  });

  test('a mode change while fetching applies a mode rule to the image that arrives', async () => {
    const { gate, tracker, records } = setup({
      rules: [{ name: 'Home', devices: { kinds: ['camera'] }, when: { modes: ['home'] }, action: 'event-only', snapshot: { redact: [{ method: 'mask' }] } }],
    });
    const slow = slowSource();
    const answer = gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, slow.source);
    await new Promise((resolve) => setImmediate(resolve));
    tracker.setMode('loc', 'home');
    slow.release();
    const { data } = await sharp(await answer)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(Math.max(...data)).toBeLessThan(16); // fully masked
    expect(records.map((r) => r.decision.action)).toEqual(['event-only']);
  });

  test('a change that comes back undone during the fetch does not loosen an earlier, stricter judgement', async () => {
    const { gate, tracker, records } = setup({
      rules: [{ name: 'Home', devices: { kinds: ['camera'] }, when: { modes: ['home'] }, action: 'event-only', snapshot: { redact: [{ method: 'mask' }] } }],
    });
    tracker.setMode('loc', 'home');
    const slow = slowSource();
    const answer = gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, slow.source);
    await new Promise((resolve) => setImmediate(resolve));
    tracker.setMode('loc', 'away');
    slow.release();
    const { data } = await sharp(await answer)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(Math.max(...data)).toBeLessThan(16);
    expect(records[0]!.context.mode).toBe('home');
  });

  test('a blocked camera is not asked for an image at all', async () => {
    const { gate, tracker, records } = setup();
    tracker.setGlobalPrivacy(true);
    const slow = slowSource();
    expect(await isPlaceholder(await gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, slow.source))).toBe(true);
    expect(slow.asked.count).toBe(0);
    expect(records).toHaveLength(1);
  });

  test('forwarded: the original, and one forward record', async () => {
    const { gate, records } = setup();
    const jpeg = await gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, async () => image);
    expect(await isPlaceholder(jpeg)).toBe(false);
    expect(records.map((r) => r.decision.action)).toEqual(['forward']);
  });
});

describe('pushes and their pictures', () => {
  test('anonymized: the record says how many regions; a failure sends the placeholder, says why, and is tried again on the next request', async () => {
    const blurFaces = {
      rules: [{ name: 'Faces', devices: { kinds: ['outdoor-camera'] }, action: 'event-only', snapshot: { redact: [{ method: 'blur', anonymize: 'faces' }] } }],
    };
    let answer: 'face' | 'fail' = 'fail';
    let asked = 0;
    const findFaces = async () => {
      asked++;
      if (answer === 'fail') throw new Error('detector broke');
      return [{ x: 0.4, y: 0.3, w: 0.2, h: 0.3 }];
    };
    const { gate, records } = setup(blurFaces, { findFaces });
    const sameSource = await image;
    expect(await isPlaceholder(await gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, async () => sameSource))).toBe(true);
    expect(records.at(-1)).toMatchObject({ decision: { action: 'event-only' }, anonymized: { failed: 'error' } });
    answer = 'face';
    const second = await gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, async () => sameSource);
    expect(await isPlaceholder(second)).toBe(false);
    expect(records.at(-1)).toMatchObject({ anonymized: { regions: 1 } });
    // Rendered once for this source and size: a cached answer reuses it, with its report.
    await gate.snapshot(camera, { ...SIZE, purpose: 'on-demand' }, async () => sameSource);
    expect(asked).toBe(2);
    expect(records.at(-1)).toMatchObject({ anonymized: { regions: 1 } });
  });

  test("a push's picture is bounded by the push's own verdict, even if the situation has eased since", async () => {
    const { gate, tracker, records } = setup();
    tracker.setDevicePrivacy(camera.id, true);
    const verdict = gate.push(camera, { type: 'motion', detectionType: 'person' });
    expect(verdict).toMatchObject({ forwards: false, showsImage: false });
    tracker.setDevicePrivacy(camera.id, false);
    const slow = slowSource();
    expect(await isPlaceholder(await gate.snapshot(camera, { ...SIZE, purpose: 'event' }, slow.source, verdict))).toBe(true);
    expect(slow.asked.count).toBe(0);
    expect(records.map((r) => r.signal)).toEqual([
      { type: 'motion', detectionType: 'person' },
      { type: 'event-snapshot', cause: 'motion', detectionType: 'person' },
    ]);
  });

  test('one push is one record, however many signal kinds it carries', () => {
    const { gate, records } = setup({ rules: [{ name: 'No people', when: { detectionTypes: ['person'] }, action: 'block' }] });
    expect(gate.push(camera, { type: 'motion', detectionType: 'person' }).forwards).toBe(false);
    expect(gate.push(camera, { type: 'motion' }).forwards).toBe(true);
    expect(records).toHaveLength(2);
  });

  test("a push found missed in Ring's history is decided by the same policy and recorded as missed by push", () => {
    const { gate, records } = setup({ rules: [{ name: 'No people', when: { detectionTypes: ['person'] }, action: 'block' }] });
    expect(gate.push(camera, { type: 'doorbell' }, { lateDelivery: true }).forwards).toBe(true);
    expect(gate.push(camera, { type: 'motion', detectionType: 'person' }, { lateDelivery: false }).forwards).toBe(false);
    gate.push(camera, { type: 'motion' });
    expect(records.map((r) => r.missedByPush)).toEqual([{ lateDelivery: true }, { lateDelivery: false }, undefined]);
    expect(records.map((r) => r.decision.action)).toEqual(['forward', 'block', 'forward']);
  });
});

describe('re-checks', () => {
  test('the gate announces policy, mode, switch and clock changes', () => {
    const { gate, tracker, clock } = setup();
    let seen = 0;
    const subscription = gate.changes$.subscribe(() => seen++);
    gate.setPolicy(compiled({ defaultAction: 'block' }));
    tracker.setMode('loc', 'home');
    tracker.setMode('loc', 'home'); // unchanged: nothing to announce
    tracker.setGlobalPrivacy(true);
    clock.now += 500;
    tracker.checkClock(); // same minute
    clock.now += 60_000;
    tracker.checkClock(); // a new minute: schedules may have changed
    clock.now -= 3_600_000;
    tracker.checkClock(); // the clock jumped back
    expect(seen).toBe(5);
    subscription.unsubscribe();
  });

  test('a running stream is re-judged quietly, and recorded once when it must end', () => {
    const { gate, tracker, records } = setup();
    expect(gate.allowStream(camera)).toBe(true);
    expect(gate.streamStillAllowed(camera)).toBe(true);
    expect(records).toHaveLength(1);
    tracker.setDevicePrivacy(camera.id, true);
    expect(gate.streamStillAllowed(camera)).toBe(false);
    expect(records.map((r) => r.decision.action)).toEqual(['forward', 'block']);
  });

  test('wouldForward asks without recording', () => {
    const { gate, records } = setup({ defaultAction: 'block' });
    expect(gate.wouldForward(camera, { type: 'alarm-state' })).toBe(false);
    expect(records).toEqual([]);
  });
});

describe('HomeKit commands', () => {
  test("are reported once, timed by the decisions' clock when asked, and never decided", () => {
    const clock = { now: NOW };
    const tracker = new ContextTracker(() => clock.now);
    const commands: CommandRecord[] = [];
    const decisions: DecisionRecord[] = [];
    const gate = new PrivacyGate({
      policy: compiled({ defaultAction: 'block' }),
      context: tracker,
      onDecision: (record) => decisions.push(record),
      onCommand: (record) => commands.push(record),
    });
    const finished = gate.command(camera, { characteristic: 'On', value: true, service: 'light' });
    expect(commands).toEqual([]);
    clock.now = NOW + 5_000;
    finished({ outcome: 'done' });
    finished({ outcome: 'failed', reason: 'again' });
    expect(commands).toEqual([{ time: new Date(NOW), device: camera, command: { characteristic: 'On', value: true, service: 'light' }, outcome: { outcome: 'done' } }]);
    expect(decisions).toEqual([]);
  });

  test('an audit that throws never reaches the write', () => {
    const gate = new PrivacyGate({
      policy: undefined,
      context: new ContextTracker(() => NOW),
      onCommand: () => {
        throw new Error('disk on fire');
      },
    });
    expect(() => gate.command(camera, { characteristic: 'On', value: false })({ outcome: 'done' })).not.toThrow();
  });
});
