/**
 * The live-view suites (`*.netns-test.ts`: the emulator's live call under ring-client-api, and live
 * view through Homebridge and a paired controller) need WebRTC on non-loopback addresses, so they
 * run in a network namespace of their own (run-in-netns.sh). This runs them there and fails with
 * their output when any of them fails. Needs root (or user namespaces), `unshare`, `ip` and ffmpeg.
 */
import { runNetnsJest } from './netns-jest.js';

const TIMEOUT_MS = 20 * 60_000;

test(
  'live-view suites pass inside their own network namespace',
  async () => {
    const run = await runNetnsJest([], TIMEOUT_MS - 30_000);
    const summary = run.output
      .split('\n')
      .filter((line) => /^(PASS|FAIL|Tests:|Test Suites:)|✓|✕/.test(line.trim()))
      .join('\n');
    process.stdout.write(`\n--- live-view suites (network namespace) ---\n${summary}\n`);
    if (run.code !== 0 || run.timedOut) {
      throw new Error(`live-view suites failed (exit ${String(run.code)}${run.timedOut ? ', timed out' : ''}):\n${run.output.slice(-20_000)}`);
    }
  },
  TIMEOUT_MS,
);
