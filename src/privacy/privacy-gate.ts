import { EMPTY, Subject, merge, type Observable } from 'rxjs';
import type { CompiledPolicy } from './compile-policy.js';
import { decideSignal, pictureOf } from './decide-signal.js';
import { allowsLiveStream, forwardsEvent, outcomeKey, showsImage, strictest } from './decision-order.js';
import type { MissedByPush, PushVerdict, SignalGate, SnapshotQuery } from './gate.js';
import { placeholderImage } from './placeholder.js';
import { renderSnapshotReport, type RenderedSnapshot, type RenderOptions } from './redact.js';
import { RenderMemo } from './render-memo.js';
import type { AlarmStateSignal, AnonymizeOutcome, CommandOutcome, Decision, DecisionContext, Device, EventSignal, HomeKitCommand, Signal } from './types.js';

/** Where the gate reads the situation a decision is made in; the I/O edge supplies it. */
export interface ContextSource {
  context(device: Device): DecisionContext;
  /** Emits whenever anything `context()` returns may have changed. */
  readonly changes$?: Observable<unknown>;
}

/** One decision, as the audit ledger records it. */
export interface DecisionRecord {
  time: Date;
  device: Device;
  signal: Signal;
  context: DecisionContext;
  decision: Decision;
  /** Present for an event that never arrived by push and was found in Ring's history instead. */
  missedByPush?: MissedByPush;
  /** Present for a picture whose treatment anonymized: what the detector found, or why it failed. */
  anonymized?: AnonymizeOutcome;
}

/** One HomeKit command with its outcome, as the audit ledger records it. */
export interface CommandRecord {
  /** When HomeKit asked. */
  time: Date;
  device: Device;
  command: HomeKitCommand;
  outcome: CommandOutcome;
}

export interface PrivacyGateOptions {
  /** undefined when the policy is invalid: everything but life safety is blocked. */
  policy: CompiledPolicy | undefined;
  context: ContextSource;
  onDecision?: (record: DecisionRecord) => void;
  /** Every HomeKit command, once its outcome is known. */
  onCommand?: (record: CommandRecord) => void;
  onRenderError?: (device: Device, error: unknown) => void;
  /** For tests: the face finder and bound anonymizing steps use (default: the shipped detector). */
  anonymize?: Pick<RenderOptions, 'findFaces' | 'anonymizeTimeoutMs'>;
}

const UNAVAILABLE_LABEL = 'Unavailable';
/**
 * Renders of one snapshot at most: each re-check after a render can only make the decision
 * stricter, so this is reached only if the situation keeps tightening; then the placeholder goes.
 */
const MAX_RENDERS = 3;

interface Judged {
  decision: Decision;
  context: DecisionContext;
}

/**
 * The one gate. Every event, snapshot and stream start is decided here by the pure decision
 * functions, against the situation at the moment of delivery; the decision is reported for the
 * audit, and only then does anything reach HomeKit.
 */
export class PrivacyGate implements SignalGate {
  private policy: CompiledPolicy | undefined;
  /** Every request is still decided (and audited); only the pixels of an identical answer are reused. */
  /** A picture anonymizing could not be done for is not kept: the next request tries again. */
  private readonly rendered = new RenderMemo<RenderedSnapshot>((rendered) => !(rendered.anonymized && 'failed' in rendered.anonymized));
  private readonly policyChanged = new Subject<void>();
  readonly changes$: Observable<unknown>;

  constructor(private readonly options: PrivacyGateOptions) {
    this.policy = options.policy;
    this.changes$ = merge(this.policyChanged, options.context.changes$ ?? EMPTY);
  }

  /** Swaps the policy (the settings panel saved a new one); what is running is judged again. */
  setPolicy(policy: CompiledPolicy | undefined): void {
    this.policy = policy;
    this.policyChanged.next();
  }

  private judge(device: Device, signal: Signal): Judged {
    const context = this.options.context.context(device);
    return { decision: decideSignal(signal, device, context, this.policy), context };
  }

  private record(
    device: Device,
    signal: Signal,
    judged: Judged,
    { missedByPush, anonymized }: { missedByPush?: MissedByPush; anonymized?: AnonymizeOutcome } = {},
  ): void {
    this.options.onDecision?.({
      time: judged.context.now ?? new Date(),
      device,
      signal,
      context: judged.context,
      decision: judged.decision,
      ...(missedByPush && { missedByPush }),
      ...(anonymized && { anonymized }),
    });
  }

  /** Decides and records one signal. */
  decide(device: Device, signal: Signal, missedByPush?: MissedByPush): Decision {
    const judged = this.judge(device, signal);
    this.record(device, signal, judged, { missedByPush });
    return judged.decision;
  }

  push(device: Device, signal: EventSignal, missedByPush?: MissedByPush): PushVerdict {
    const decision = this.decide(device, signal, missedByPush);
    return { signal, decision, forwards: forwardsEvent(decision), showsImage: showsImage(decision) };
  }

  allowAlarmState(device: Device, signal: AlarmStateSignal): boolean {
    return forwardsEvent(this.decide(device, signal));
  }

  wouldForward(device: Device, signal: Signal): boolean {
    return forwardsEvent(this.judge(device, signal).decision);
  }

  allowStream(device: Device): boolean {
    return allowsLiveStream(this.decide(device, { type: 'stream-start' }));
  }

  streamStillAllowed(device: Device): boolean {
    const judged = this.judge(device, { type: 'stream-start' });
    if (allowsLiveStream(judged.decision)) return true;
    this.record(device, { type: 'stream-start' }, judged);
    return false;
  }

  command(device: Device, command: HomeKitCommand): (outcome: CommandOutcome) => void {
    const time = this.commandTime(device);
    let reported = false;
    return (outcome) => {
      if (reported) return;
      reported = true;
      try {
        this.options.onCommand?.({ time, device, command, outcome });
      } catch {
        // The audit must never turn a command that worked into one HomeKit sees fail.
      }
    };
  }

  /** The decisions' clock, so commands and decisions in the ledger are in one timeline. */
  private commandTime(device: Device): Date {
    try {
      return this.options.context.context(device).now ?? new Date();
    } catch {
      return new Date();
    }
  }

  async snapshot(device: Device, query: SnapshotQuery, source: () => Promise<Buffer | undefined>, push?: PushVerdict): Promise<Buffer> {
    const size = { width: query.width, height: query.height };
    const signal: Signal = query.purpose === 'event' && push ? pictureOf(push.signal) : { type: query.purpose === 'event' ? 'event-snapshot' : 'snapshot' };
    // Never more than the push was allowed when it arrived, nor than the situation allows now.
    const judgeNow = (): Judged => {
      const judged = this.judge(device, signal);
      return push ? { ...judged, decision: strictest(push.decision, judged.decision) } : judged;
    };
    let judged = judgeNow();
    // A private camera is not even asked for an image.
    if (!showsImage(judged.decision)) {
      this.record(device, signal, judged);
      return placeholderImage(size);
    }
    const jpeg = await source();
    judged = tighten(judged, judgeNow());
    if (!jpeg) {
      this.record(device, signal, judged);
      return placeholderImage({ ...size, label: UNAVAILABLE_LABEL });
    }
    for (let renders = 0; renders < MAX_RENDERS; renders++) {
      if (!showsImage(judged.decision)) break;
      const treatment = judged.decision.snapshot;
      const rendered = await this.rendered.render(jpeg, treatment, size, () =>
        renderSnapshotReport(jpeg, treatment, size, {
          onError: (error) => this.options.onRenderError?.(device, error),
          ...this.options.anonymize,
        }),
      );
      // Whatever changed while the image was fetched or rendered applies to this answer too.
      const after = tighten(judged, judgeNow());
      if (outcomeKey(after.decision) === outcomeKey(judged.decision)) {
        this.record(device, signal, after, { anonymized: rendered.anonymized });
        return rendered.image;
      }
      judged = after;
    }
    this.record(device, signal, judged);
    return placeholderImage(size);
  }
}

/** The later judgement, made at least as strict as the earlier one. */
function tighten(before: Judged, now: Judged): Judged {
  const decision = strictest(before.decision, now.decision);
  // The record keeps the situation that explains the outcome.
  return { decision, context: decision === before.decision ? before.context : now.context };
}
