/**
 * A model-based test of the privacy promise: random interleavings of Privacy switch toggles, Ring
 * mode changes, policy saves, clock moves (across schedule boundaries and daylight-saving nights),
 * motion / detection / doorbell pushes, snapshot requests whose Ring fetch is slow, and live-view
 * starts and stops, driven through the real gate and the real accessories (HAP objects in process).
 *
 * The oracle: a signal reaches HomeKit iff the policy in force when it is delivered forwards it, and
 * a picture the policy in force at delivery (or at the request) would not show is the placeholder,
 * byte for byte. The model keeps its own situation (mode, switches, clock, policy) and judges with
 * the pure decision functions, whose own correctness decide.property.test.ts proves against a naive
 * reference; what is tested here is that the plumbing asks the right question at the right moment.
 *
 * `TRYGR_MODEL_RUNS` (default 10,000) and `TRYGR_MODEL_SEED` replay a run exactly.
 */
import { beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { compilePolicy, type CompiledPolicy } from '../../src/privacy/compile-policy.js';
import { decideSignal, pictureOf, pushSignal } from '../../src/privacy/decide-signal.js';
import { allowsLiveStream, forwardsEvent, showsImage, strictest } from '../../src/privacy/decision-order.js';
import { placeholderImage } from '../../src/privacy/placeholder.js';
import type { Decision, DecisionContext, Device, EventSignal, LocationMode, Signal } from '../../src/privacy/types.js';
import { policyArb } from '../support/privacy-arbitraries.js';
import { CAMERA, CONTACT, LOCATION, ModelHome, SNAPSHOT_SIZE, type SnapshotAnswer } from './model-home.js';

const RUNS = Number(process.env.TRYGR_MODEL_RUNS ?? 10_000);
const SEED = process.env.TRYGR_MODEL_SEED === undefined ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : Number(process.env.TRYGR_MODEL_SEED);
/** As the camera accessory counts it (EVENT_SNAPSHOT_WINDOW_MS) and the default doorbellRepeatSeconds. */
const PUSH_WINDOW_MS = 15_000;
const REPEAT_PRESS_MS = 5_000;
const EARLIEST_TRUSTED_TIME = Date.UTC(2024, 0, 1);

interface PendingSnapshot {
  readonly push?: { signal: EventSignal; decision: Decision };
  readonly atRequest: Decision;
  /** The strictest the model's situation has been while this request was open. */
  strictestSeen: Decision;
  atDelivery?: Decision;
  answer?: SnapshotAnswer;
}

interface Model {
  readonly policies: readonly (CompiledPolicy | undefined)[];
  policy: CompiledPolicy | undefined;
  mode: LocationMode;
  global: boolean;
  cameraSwitch: boolean;
  now: number;
  ringOpen: boolean;
  shownOpen: boolean;
  lastPush?: { signal: EventSignal; decision: Decision; at: number };
  lastPressAt?: number;
  stream: 'none' | 'live';
  pending: PendingSnapshot[];
  placeholder: Buffer;
}

function context(model: Model, device: Device): DecisionContext {
  return {
    mode: model.mode,
    globalPrivacy: model.global,
    devicePrivacy: device === CAMERA ? model.cameraSwitch : false,
    now: model.now >= EARLIEST_TRUSTED_TIME ? new Date(model.now) : undefined,
  };
}

function judge(model: Model, signal: Signal, device: Device = CAMERA): Decision {
  return decideSignal(signal, device, context(model, device), model.policy);
}

function snapshotJudgement(model: Model, push: PendingSnapshot['push']): Decision {
  return push ? strictest(push.decision, judge(model, pictureOf(push.signal))) : judge(model, { type: 'snapshot' });
}

/** After anything changed the model's situation: what must now hold in HomeKit. */
async function afterChange(model: Model, real: ModelHome): Promise<void> {
  for (const request of model.pending) {
    if (!request.answer) request.strictestSeen = strictest(request.strictestSeen, snapshotJudgement(model, request.push));
  }
  if (model.stream === 'live' && !allowsLiveStream(judge(model, { type: 'stream-start' }))) {
    same(real.stream, 'none', 'a live view the policy no longer allows has ended');
    model.stream = 'none';
    seen.streamsEndedByChange++;
  }
  same(real.stream, model.stream, 'the live view runs exactly while allowed');
  if (forwardsEvent(judge(model, { type: 'alarm-state', lifeSafety: false }, CONTACT)) && model.shownOpen !== model.ringOpen) {
    model.shownOpen = model.ringOpen;
    seen.alarmStatesShownLate++;
  }
  same(await real.contactShown(), model.shownOpen ? 1 : 0, 'HomeKit shows the contact state last allowed');
}

function checkAnswer(model: Model, request: PendingSnapshot): void {
  const { answer, atDelivery } = request;
  same(answer?.error, undefined, 'the snapshot request is answered');
  const placeholder = answer!.jpeg!.equals(model.placeholder);
  seen[placeholder ? 'picturesWithheld' : 'picturesShown']++;
  if (!showsImage(atDelivery!) || !showsImage(request.atRequest)) {
    // Not one pixel of the camera may leave when the policy at delivery (or at the request) says so.
    same(placeholder, true, 'a picture the policy withholds is the placeholder');
  } else if (showsImage(request.strictestSeen)) {
    same(placeholder, false, 'a picture the policy allows throughout is shown');
  }
}

/** Lets every open snapshot request finish: Ring's fetches are released until all are answered. */
async function settle(model: Model, real: ModelHome): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (model.pending.some((request) => !request.answer)) {
    real.releaseFetches();
    await new Promise((resolve) => setImmediate(resolve));
    if (performance.now() > deadline) throw new Error('a snapshot request was never answered');
  }
  for (const request of model.pending.splice(0)) checkAnswer(model, request);
}

/** What the generated runs exercised, printed at the end so a vacuous run would show. */
const seen = { pushesForwarded: 0, pushesBlocked: 0, picturesWithheld: 0, picturesShown: 0, streamsEndedByChange: 0, alarmStatesShownLate: 0 };

/** A plain check: Jest's expect() costs more than a whole model step, and this runs millions of times. */
function same(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

type Command = fc.AsyncCommand<Model, ModelHome>;

const always = () => true;

class SetMode implements Command {
  constructor(readonly mode: Exclude<LocationMode, 'unknown'>) {}
  check = always;
  async run(model: Model, real: ModelHome) {
    model.mode = this.mode;
    real.tracker.setMode(LOCATION, this.mode);
    await afterChange(model, real);
  }
  toString = () => `mode ${this.mode}`;
}

class SetSwitch implements Command {
  constructor(
    readonly which: 'global' | 'camera',
    readonly on: boolean,
  ) {}
  check = always;
  async run(model: Model, real: ModelHome) {
    if (this.which === 'global') {
      model.global = this.on;
      void real.setGlobalPrivacy(this.on);
    } else {
      model.cameraSwitch = this.on;
      await real.setCameraPrivacy(this.on);
    }
    await afterChange(model, real);
  }
  toString = () => `${this.which} privacy ${this.on ? 'on' : 'off'}`;
}

class SavePolicy implements Command {
  constructor(readonly index: number) {}
  check = always;
  async run(model: Model, real: ModelHome) {
    model.policy = model.policies[this.index % model.policies.length];
    real.gate.setPolicy(model.policy);
    await afterChange(model, real);
  }
  toString = () => `save policy ${this.index}`;
}

class MoveClock implements Command {
  constructor(
    readonly toMs: number | undefined,
    readonly byMs: number,
  ) {}
  check = always;
  async run(model: Model, real: ModelHome) {
    model.now = this.toMs ?? model.now + this.byMs;
    real.nowMs = model.now;
    // What the tracker's one-second timer does.
    real.tracker.checkClock();
    await afterChange(model, real);
  }
  toString = () => (this.toMs === undefined ? `clock +${this.byMs} ms` : `clock to ${new Date(this.toMs).toISOString()}`);
}

class MotionPush implements Command {
  constructor(readonly word: string | number | undefined) {}
  check = always;
  async run(model: Model, real: ModelHome) {
    const detection =
      this.word === undefined
        ? undefined
        : typeof this.word !== 'string'
          ? 'unknown'
          : (({ human: 'person', vehicle: 'vehicle', package_delivery: 'package', other_motion: 'other' } as const)[this.word as 'human'] ?? 'unknown');
    const signal = pushSignal('motion', detection);
    const decision = judge(model, signal);
    const before = counts(real);
    const recorded = real.records.length;
    real.motionPush(this.word as string | undefined);
    const after = counts(real);
    const forwards = forwardsEvent(decision);
    seen[forwards ? 'pushesForwarded' : 'pushesBlocked']++;
    same(after.motion - before.motion, forwards ? 1 : 0, 'the Motion sensor follows the push decision');
    for (const type of ['person', 'vehicle', 'package'] as const) {
      same(after[type] - before[type], forwards && detection === type ? 1 : 0, `the ${type} sensor follows the push decision`);
    }
    same(after.doorbell, before.doorbell, 'a motion does not ring the doorbell');
    expectOneRecord(real, recorded, signal, decision);
    model.lastPush = { signal, decision, at: model.now };
    await afterChange(model, real);
  }
  toString = () => `motion push (${String(this.word)})`;
}

class DingPush implements Command {
  check = always;
  async run(model: Model, real: ModelHome) {
    const signal = pushSignal('doorbell');
    const decision = judge(model, signal);
    const before = counts(real);
    const recorded = real.records.length;
    real.dingPush();
    const repeat = model.lastPressAt !== undefined && model.now - model.lastPressAt < REPEAT_PRESS_MS;
    const shown = forwardsEvent(decision) && !repeat;
    same(counts(real).doorbell - before.doorbell, shown ? 1 : 0, 'the doorbell follows the push decision');
    same(counts(real).motion, before.motion, 'a press does not set the Motion sensor');
    if (shown) model.lastPressAt = model.now;
    expectOneRecord(real, recorded, signal, decision);
    model.lastPush = { signal, decision, at: model.now };
    await afterChange(model, real);
  }
  toString = () => 'doorbell push';
}

class ContactChange implements Command {
  constructor(readonly open: boolean) {}
  check = always;
  async run(model: Model, real: ModelHome) {
    model.ringOpen = this.open;
    real.setContactOpen(this.open);
    await afterChange(model, real);
  }
  toString = () => `back door ${this.open ? 'opened' : 'closed'}`;
}

class RequestSnapshot implements Command {
  check = always;
  async run(model: Model, real: ModelHome) {
    const recent = model.lastPush && model.now - model.lastPush.at < PUSH_WINDOW_MS ? model.lastPush : undefined;
    const push = recent && { signal: recent.signal, decision: recent.decision };
    const atRequest = snapshotJudgement(model, push);
    const request: PendingSnapshot = { push, atRequest, strictestSeen: atRequest };
    model.pending.push(request);
    void real.requestSnapshot().then((answer) => {
      // Delivery: the model's situation at this moment is the policy in force.
      request.atDelivery = snapshotJudgement(model, push);
      request.strictestSeen = strictest(request.strictestSeen, request.atDelivery);
      request.answer = answer;
    });
    await afterChange(model, real);
  }
  toString = () => 'snapshot request';
}

/** Ring answers the waiting fetches; a change may land while the image is on its way or being rendered. */
class ReleaseFetches implements Command {
  constructor(
    readonly change: Command | undefined,
    readonly ticks: number,
  ) {}
  check = always;
  async run(model: Model, real: ModelHome) {
    real.releaseFetches();
    for (let i = 0; i < this.ticks; i++) await new Promise((resolve) => setImmediate(resolve));
    if (this.change) await this.change.run(model, real);
    await settle(model, real);
    await afterChange(model, real);
  }
  toString = () => `release Ring's fetches${this.change ? `, then after ${this.ticks} ticks: ${this.change.toString()}` : ''}`;
}

class StartStream implements Command {
  check = (model: Readonly<Model>) => model.stream === 'none';
  async run(model: Model, real: ModelHome) {
    const allowed = allowsLiveStream(judge(model, { type: 'stream-start' }));
    same(real.startStream(), allowed, 'a live view starts exactly when allowed');
    if (allowed) model.stream = 'live';
    await afterChange(model, real);
  }
  toString = () => 'live view start';
}

class StopStream implements Command {
  check = (model: Readonly<Model>) => model.stream === 'live';
  async run(model: Model, real: ModelHome) {
    model.stream = 'none';
    real.stream = 'none';
    await afterChange(model, real);
  }
  toString = () => 'live view stop';
}

function counts(real: ModelHome): Record<'motion' | 'person' | 'vehicle' | 'package' | 'doorbell', number> {
  const trues = (name: string) => real.updatesOf(name).filter((value) => value === true).length;
  return { motion: trues('motion'), person: trues('person'), vehicle: trues('vehicle'), package: trues('package'), doorbell: real.updatesOf('doorbell').length };
}

/** A push is one decision and one ledger record, with all its facts. */
function expectOneRecord(real: ModelHome, since: number, signal: EventSignal, decision: Decision): void {
  const pushes = real.records.slice(since).filter((record) => record.signal.type === 'motion' || record.signal.type === 'doorbell');
  same(JSON.stringify(pushes.map((record) => record.signal)), JSON.stringify([signal]), 'a push is one ledger record with all its facts');
  same(pushes[0]!.decision.action, decision.action, 'the ledger records the push decision');
}

/** Instants around 2026's daylight-saving changes in Europe and the US, and an untrusted 1970 clock. */
const instantArb = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(
        fc.constantFrom('2026-03-08T06:00:00Z', '2026-03-29T00:30:00Z', '2026-10-25T00:30:00Z', '2026-11-01T05:30:00Z', '2026-06-15T21:58:00Z'),
        fc.integer({ min: -3 * 3600, max: 3 * 3600 }),
      )
      .map(([at, seconds]) => Date.parse(at) + seconds * 1000),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 86_400_000 }) },
);

const changeArb: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom('home' as const, 'away' as const, 'disarmed' as const).map((mode) => new SetMode(mode)),
  fc.tuple(fc.constantFrom('global' as const, 'camera' as const), fc.boolean()).map(([which, on]) => new SetSwitch(which, on)),
  fc.nat(3).map((index) => new SavePolicy(index)),
  fc.oneof(
    instantArb.map((at) => new MoveClock(at, 0)),
    fc.integer({ min: 500, max: 2 * 86_400_000 }).map((by) => new MoveClock(undefined, by)),
  ),
);

const commandsArb = fc.commands<Model, ModelHome, false>(
  [
    changeArb,
    fc.constantFrom<string | number | undefined>(undefined, 'human', 'vehicle', 'package_delivery', 'other_motion', 'animal', 42).map((word) => new MotionPush(word)),
    fc.constant(new DingPush()),
    fc.boolean().map((open) => new ContactChange(open)),
    fc.constant(new RequestSnapshot()),
    fc.tuple(fc.option(changeArb, { nil: undefined }), fc.nat(3)).map(([change, ticks]) => new ReleaseFetches(change, ticks)),
    fc.constant(new StartStream()),
    fc.constant(new StopStream()),
  ],
  { maxCommands: 30 },
);

describe('the privacy promise under every interleaving (model-based)', () => {
  let placeholder: Buffer;

  beforeAll(async () => {
    placeholder = await placeholderImage(SNAPSHOT_SIZE);
  });

  it(
    `holds over ${RUNS} generated runs`,
    async () => {
      const started = performance.now();
      const policies = fc.array(fc.option(policyArb, { nil: undefined, freq: 8 }), { minLength: 1, maxLength: 4 });
      await fc.assert(
        fc.asyncProperty(policies, instantArb, fc.constantFrom<LocationMode>('unknown', 'home', 'away'), commandsArb, async (raw, start, mode, commands) => {
          const compiled = raw.map((policy) => policy && compilePolicy(policy));
          const real = new ModelHome(compiled[0], start);
          if (mode !== 'unknown') real.tracker.setMode(LOCATION, mode);
          const model: Model = {
            policies: compiled,
            policy: compiled[0],
            mode,
            global: false,
            cameraSwitch: false,
            now: start,
            ringOpen: false,
            shownOpen: false,
            stream: 'none',
            pending: [],
            placeholder,
          };
          try {
            await fc.asyncModelRun(() => ({ model, real }), commands);
            await settle(model, real);
          } finally {
            await real.dispose();
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
      process.stdout.write(
        `privacy model test: ${RUNS} runs, seed ${SEED} (replay: TRYGR_MODEL_SEED=${SEED}), ${((performance.now() - started) / 1000).toFixed(1)} s; exercised: ${JSON.stringify(seen)}\n`,
      );
      // A generator that stopped producing the interesting cases would make the test pass vacuously.
      if (RUNS >= 1_000) for (const [what, count] of Object.entries(seen)) if (count === 0) throw new Error(`no run exercised ${what}`);
    },
    30 * 60_000,
  );
});
