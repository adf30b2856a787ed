/**
 * The `debug` option's event lines: one line per privacy decision (a motion or doorbell push, an
 * alarm sensor's change, a snapshot, a live view), naming the device, what happened and what
 * reached Apple Home, by which rule. Homebridge shows `debug` level only under `-D`, so with the
 * option on these lines go out at info level, as Homebridge plugins with a `debug` option do; with
 * it off they stay at debug level. Names come from Ring and rule names from the config: they are
 * scrubbed (no tokens, emails, addresses), kept to one line and cut short. Pure but for the logger.
 */
import { scrub } from '../ring/log-scrub.js';
import { outcomeLabel, outcomeOf, ruleLabel } from './dry-run/replay.js';
import type { DecisionRecord } from './privacy-gate.js';
import { isStateSignal, type Signal, type StateSignalKind } from './types.js';

const STATE_CHANGE_WORDS: Record<StateSignalKind, string> = {
  'alarm-state': 'state change',
  'lock-state': 'lock change',
  'light-state': 'light change',
  'switch-state': 'switch change',
  'mode-change': 'mode change',
};

/** Device and rule names longer than this are cut: a log line is a summary. */
export const MAX_NAME = 80;
/** Control characters and line separators: what could break a log line or forge another. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const LINE_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export interface DecisionLogSink {
  info(message: string): void;
  debug(message: string): void;
}

/** Text from Ring or the config, safe for one log line: scrubbed, control characters made spaces, bounded. */
export function safeName(text: string): string {
  const oneLine = String(text).replace(LINE_BREAKERS, ' ').trim();
  // Scrubbed whole, then cut: cutting first could leave a secret too short to be recognised.
  const scrubbed = scrub(oneLine);
  return (scrubbed.length > MAX_NAME ? `${scrubbed.slice(0, MAX_NAME)}…` : scrubbed) || '(no name)';
}

/** What happened, in words: `motion (person)`, `doorbell press`, `snapshot of a doorbell press`, `state change (life safety: smoke)`, `lock change`. */
export function signalText(signal: Signal): string {
  if (isStateSignal(signal)) {
    const { lifeSafety } = signal;
    const words = STATE_CHANGE_WORDS[signal.type];
    if (lifeSafety === undefined || lifeSafety === false) return words;
    return lifeSafety === true ? `${words} (life safety)` : `${words} (life safety: ${lifeSafety})`;
  }
  const seen = signal.detectionType === undefined ? '' : ` (${signal.detectionType})`;
  switch (signal.type) {
    case 'motion':
      return `motion${seen}`;
    case 'detection':
      return `detection (${signal.detectionType ?? 'unknown'})`;
    case 'doorbell':
      return 'doorbell press';
    case 'event-snapshot':
      return signal.cause === undefined ? `event snapshot${seen}` : `snapshot of a ${signal.cause === 'doorbell' ? 'doorbell press' : 'motion'}${seen}`;
    case 'snapshot':
      return 'snapshot';
    case 'stream-start':
      return 'live view';
  }
}

/**
 * One decision as a log line: `Driveway (outdoor-camera): motion (person) → block by rule 1 "No people".`
 */
export function formatDecision(record: Pick<DecisionRecord, 'device' | 'signal' | 'decision' | 'missedByPush'>): string {
  const outcome = outcomeOf(record.decision);
  const rule = outcome.rule.name === undefined ? outcome.rule : { ...outcome.rule, name: safeName(outcome.rule.name) };
  const closed = outcome.failedClosed ? ' (failed closed: something it depends on is unknown)' : '';
  const missed = record.missedByPush ? (record.missedByPush.lateDelivery ? ' (missed by push, delivered late)' : ' (missed by push, not delivered)') : '';
  return `${safeName(record.device.name)} (${record.device.kind}): ${signalText(record.signal)} → ${outcomeLabel(outcome)} by ${ruleLabel(rule)}${closed}${missed}.`;
}

/** The gate's `onDecision` listener for the log: info level when the `debug` option is on, debug level otherwise. */
export function decisionLogger(log: DecisionLogSink, debug: boolean): (record: DecisionRecord) => void {
  const write = debug ? (line: string) => log.info(line) : (line: string) => log.debug(line);
  return (record) => {
    try {
      write(formatDecision(record));
    } catch {
      // A line that cannot be written must never stand in the way of the decision it describes.
    }
  };
}
