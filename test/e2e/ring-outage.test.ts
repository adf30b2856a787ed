/**
 * Ring unreachable mid-session, through real Homebridge: every kind of outage the emulator plays
 * (connections refused, reset at once, or hanging into ring-client-api's 20 s timeout), each long
 * enough for several retry cycles (ring-client-api retries every 5 s; status polls every 10 s, the
 * fastest the options allow), while HomeKit keeps reading and asking for snapshots. Homebridge keeps
 * running; the log says once that Ring is not answering and once that it is back, and the library's
 * per-attempt retry lines (on with `debug`) are folded instead of flooding; once Ring is back,
 * motion and alarm events reach the paired controllers again.
 */
import { findChar, type CharRef, type HapClient } from '../harness/index.js';
import { demoHome, eventFor, finishRun, startDemoHome, waitUntil, type DemoHomeRun } from './accessories-support.js';
import type { OutageMode } from '../emulator/outage.js';

const { cameras, alarm } = demoHome;

/**
 * Lines an outage may write whatever its length: the warning and the all-clear, one folded retry line
 * per failure kind, and the location socket's reconnect lines. Excluded from the count: token
 * rotations (the emulator's 90 s access tokens rotate every 30 s, outage or not) and the debug line
 * of each failed snapshot request and, with `debug` on, the privacy decision of each: one per request
 * the Home app makes (camera-snapshots.ts, decision-log.ts), outage or not.
 */
const MAX_LINES_PER_OUTAGE = 10;
const NOT_COUNTED = /refresh token|Snapshot failed|Event snapshot failed|\): (event snapshot|snapshot)\b/;

function trygrLines(text: string): string[] {
  return text.split('\n').filter((line) => line.includes('[Trygr]') && !NOT_COUNTED.test(line));
}

/** Fails with the lines themselves, so a failure says which line was one too many. */
function expectAtMostMaxLines(lines: string[]): void {
  expect(lines.length > MAX_LINES_PER_OUTAGE ? lines : []).toEqual([]);
}

/** No line of the outage comes back again and again (digits aside: counts, ports, times differ). */
function expectNoRepeats(lines: string[]): void {
  const seen = new Map<string, number>();
  for (const line of lines) {
    const shape = line.replace(/^.*?\[Trygr\] /, '').replace(/\d+/g, '#');
    seen.set(shape, (seen.get(shape) ?? 0) + 1);
  }
  expect([...seen].filter(([, count]) => count > 2)).toEqual([]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('Ring unreachable mid-session', () => {
  let run: DemoHomeRun;
  let frontDoor: HapClient;
  let motion: CharRef;
  let backDoor: CharRef;

  beforeAll(async () => {
    run = await startDemoHome({
      // `debug` on: the library's retry lines are what would flood.
      config: { cameraStatusPollingSeconds: 10, locationModePollingSeconds: 10, motionResetSeconds: 5, debug: true },
      cameras: ['Front Door'],
    });
    frontDoor = await run.camera('Front Door');
    motion = findChar(await frontDoor.accessories(), 1, 'MotionSensor', 'MotionDetected', 'Front Door Motion');
    await frontDoor.subscribe([motion]);
    backDoor = findChar(await run.bridge.accessories(), 'Back Door Contact', 'ContactSensor', 'ContactSensorState');
    await run.bridge.subscribe([backDoor]);
    await run.cloud.waitForPushClient(30_000);
  }, 120_000);

  afterAll(
    () =>
      finishRun(run, ({ hb }) => {
        expect(hb.running).toBe(true);
        expect(hb.logs()).not.toMatch(/Unhandled|uncaught|TypeError|ReferenceError|FATAL/i);
      }),
    120_000,
  );

  /** Ring dark for `ms` while HomeKit reads the camera and asks for snapshots every 2 s; returns the log lines of that time. */
  async function outage(mode: OutageMode, ms: number): Promise<string[]> {
    const logMark = run.hb.logMark();
    await run.cloud.goDark(mode);
    const until = Date.now() + ms;
    while (Date.now() < until) {
      await Promise.allSettled([frontDoor.read(motion.aid, motion.iid), frontDoor.snapshot(320, 180)]);
      await sleep(Math.min(2_000, Math.max(0, until - Date.now())));
    }
    const lines = trygrLines(run.hb.logs().slice(logMark));
    await run.cloud.comeBack();
    expect(run.hb.running).toBe(true);
    return lines;
  }

  /** Events after the outage: a motion push and an alarm sensor change reach the controllers. */
  async function eventsArrive(): Promise<void> {
    await run.cloud.waitForPushClient(30_000);
    // The previous phase's motion must have been reset, or the new one is no change to HomeKit.
    await waitUntil(async () => (await frontDoor.read(motion.aid, motion.iid)) === 0, 15_000, 'motion to be reset');
    const eventMark = frontDoor.events().length;
    expect((await run.cloud.injectMotion(cameras.frontDoor, 'human')).delivered).toBeGreaterThanOrEqual(1);
    await eventFor(frontDoor, motion, 1, eventMark, 15_000);

    await waitUntil(() => run.cloud.locationSocketCount() > 0, 30_000, 'the location socket to reconnect');
    const bridgeMark = run.bridge.events().length;
    const faulted =
      run.bridge
        .events()
        .filter((event) => event.aid === backDoor.aid && event.iid === backDoor.iid)
        .at(-1)?.value === 1;
    run.cloud.setSensorFaulted(alarm.backDoorContact, !faulted);
    await eventFor(run.bridge, backDoor, faulted ? 0 : 1, bridgeMark, 15_000);
  }

  test('refused for 35 s: said once, retries folded, said when back, events arrive', async () => {
    const logMark = run.hb.logMark();
    const lines = await outage('refuse', 35_000);
    expect(lines.filter((line) => /Ring has not answered for/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /Could not reach Ring \(ECONNREFUSED\)/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /Retry #/.test(line))).toEqual([]);
    expectAtMostMaxLines(lines);
    expectNoRepeats(lines);
    await run.hb.waitForLog(/\[Trygr\] Ring answers again after \d+ s\./, 30_000, logMark);
    await eventsArrive();
  }, 100_000);

  test.each<[OutageMode, number]>([
    ['hang', 22_000],
    ['reset', 12_000],
  ])(
    '%s for %d ms: no flood, events arrive after',
    async (mode, ms) => {
      const lines = await outage(mode, ms);
      expect(lines.filter((line) => /Retry #/.test(line))).toEqual([]);
      expectAtMostMaxLines(lines);
      expectNoRepeats(lines);
      await eventsArrive();
    },
    80_000,
  );
});
