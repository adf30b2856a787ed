import type { CompiledPolicy } from './compile-policy.js';
import { decide } from './decide.js';
import { allowsLiveStream, forwardsEvent } from './decision-order.js';
import type { EventSignal, GateDevice, SignalGate, SnapshotRequest } from './gate.js';
import { placeholderImage } from './placeholder.js';
import { renderSnapshot } from './redact.js';
import { RenderMemo } from './render-memo.js';
import type { Decision, DecisionContext, Signal } from './types.js';

/** Where the gate reads the situation a decision is made in; the I/O edge supplies it. */
export interface ContextSource {
  context(device: GateDevice): DecisionContext;
}

/** One decision, as the audit ledger records it. */
export interface DecisionRecord {
  time: Date;
  device: GateDevice;
  signal: Signal;
  context: DecisionContext;
  decision: Decision;
}

export interface PrivacyGateOptions {
  /** undefined when the policy is invalid: everything but life safety is blocked. */
  policy: CompiledPolicy | undefined;
  context: ContextSource;
  onDecision?: (record: DecisionRecord) => void;
  onRenderError?: (device: GateDevice, error: unknown) => void;
}

const UNAVAILABLE_LABEL = 'Unavailable';

/**
 * The one gate. Every event, snapshot and stream start is decided here by the pure `decide`, the
 * decision is reported for the audit, and only then does anything reach HomeKit.
 */
export class PrivacyGate implements SignalGate {
  private policy: CompiledPolicy | undefined;
  /** Every request is still decided (and audited); only the pixels of an identical answer are reused. */
  private readonly rendered = new RenderMemo();

  constructor(private readonly options: PrivacyGateOptions) {
    this.policy = options.policy;
  }

  /** Swaps the policy (the settings panel saved a new one). */
  setPolicy(policy: CompiledPolicy | undefined): void {
    this.policy = policy;
  }

  decide(device: GateDevice, signal: Signal): Decision {
    const context = this.options.context.context(device);
    const decision = decide(signal, device, context, this.policy);
    this.options.onDecision?.({ time: new Date(), device, signal, context, decision });
    return decision;
  }

  allowEvent(device: GateDevice, signal: EventSignal): boolean {
    return forwardsEvent(this.decide(device, signal));
  }

  allowStream(device: GateDevice): boolean {
    return allowsLiveStream(this.decide(device, { type: 'stream-start' }));
  }

  async snapshot(device: GateDevice, request: SnapshotRequest, source: () => Promise<Buffer | undefined>): Promise<Buffer> {
    const size = { width: request.width, height: request.height };
    const decision = this.decide(device, { type: request.purpose === 'event' ? 'event-snapshot' : 'snapshot' });
    // A private camera is not even asked for an image.
    if (decision.action === 'block' || decision.snapshot.kind === 'placeholder') {
      return placeholderImage(size);
    }
    const jpeg = await source();
    if (!jpeg) {
      return placeholderImage({ ...size, label: UNAVAILABLE_LABEL });
    }
    return this.rendered.render(jpeg, decision.snapshot, size, () => renderSnapshot(jpeg, decision.snapshot, size, {
      onError: (error) => this.options.onRenderError?.(device, error),
    }));
  }
}
