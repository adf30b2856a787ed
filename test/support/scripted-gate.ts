/**
 * A stand-in for the privacy gate whose answers a test sets, for unit tests of what sits above
 * the gate (accessories, live view). It records every question, telling recorded decisions from
 * quiet re-checks, and lets the test announce a change the way the real gate does.
 */
import { Subject } from 'rxjs';
import { forwardsEvent } from '../../src/privacy/decision-order.js';
import type { PushVerdict, SignalGate, SnapshotQuery } from '../../src/privacy/gate.js';
import type { AlarmStateSignal, CommandOutcome, Decision, Device, EventSignal, HomeKitCommand, Signal } from '../../src/privacy/types.js';

const FORWARD: Decision = { action: 'forward', snapshot: { kind: 'original' }, basis: 'default', reason: 'scripted', failedClosed: false };
const BLOCK: Decision = { action: 'block', snapshot: { kind: 'placeholder' }, basis: 'rule', reason: 'scripted', failedClosed: false };

export class ScriptedGate implements SignalGate {
  /** Decides every question; `true` forwards. */
  answer: (signal: Signal, device: Device) => boolean = () => true;
  /** Signals decided and recorded, in order. */
  readonly recorded: Signal[] = [];
  /** Signals only re-checked (nothing recorded). */
  readonly quiet: Signal[] = [];
  /** HomeKit commands, in order, each with its outcome once reported. */
  readonly commands: { device: Device; command: HomeKitCommand; outcome?: CommandOutcome }[] = [];
  readonly changes = new Subject<void>();
  readonly changes$ = this.changes.asObservable();

  private decision(signal: Signal, device: Device): Decision {
    return this.answer(signal, device) ? FORWARD : BLOCK;
  }

  push(device: Device, signal: EventSignal): PushVerdict {
    this.recorded.push(signal);
    const decision = this.decision(signal, device);
    return { signal, decision, forwards: forwardsEvent(decision), showsImage: forwardsEvent(decision) };
  }

  allowAlarmState(device: Device, signal: AlarmStateSignal): boolean {
    this.recorded.push(signal);
    return this.answer(signal, device);
  }

  wouldForward(device: Device, signal: Signal): boolean {
    this.quiet.push(signal);
    return this.answer(signal, device);
  }

  snapshot(_device: Device, _query: SnapshotQuery, source: () => Promise<Buffer | undefined>): Promise<Buffer> {
    return source().then((jpeg) => jpeg ?? Buffer.alloc(0));
  }

  allowStream(device: Device): boolean {
    this.recorded.push({ type: 'stream-start' });
    return this.answer({ type: 'stream-start' }, device);
  }

  command(device: Device, command: HomeKitCommand): (outcome: CommandOutcome) => void {
    const entry: { device: Device; command: HomeKitCommand; outcome?: CommandOutcome } = { device, command };
    this.commands.push(entry);
    return (outcome) => {
      entry.outcome = outcome;
    };
  }

  streamStillAllowed(device: Device): boolean {
    const allowed = this.answer({ type: 'stream-start' }, device);
    (allowed ? this.quiet : this.recorded).push({ type: 'stream-start' });
    return allowed;
  }
}
