/**
 * The `debug` option, end to end: real Homebridge started without `-D` (as users run it), the
 * plugin with `"debug": true`, and one log line per event with its privacy decision: motion (a
 * person a rule blocks, plain motion it lets through), a doorbell press, the picture of that press,
 * an alarm sensor change. Without the option none of these lines shows at info level.
 */
import { startRingCloud, type RingCloud } from '../emulator/index.js';
import { startHomebridge, stopAll, type HomebridgeProcess } from '../harness/index.js';
import { expectNoSecretsInLog } from '../support/homebridge-secrets.js';
import { demoHome, sleep, waitForPublished } from './accessories-support.js';

const { cameras, alarm } = demoHome;

const PRIVACY = {
  defaultAction: 'forward',
  rules: [{ name: 'No people', devices: { names: ['Driveway'] }, when: { detectionTypes: ['person'] }, action: 'block' }],
};

/** Lines the plugin printed after `mark` that match `re`. */
const linesSince = (hb: HomebridgeProcess, mark: number, re: RegExp) =>
  hb
    .logs()
    .slice(mark)
    .split('\n')
    .filter((line) => line.includes('[Trygr]') && re.test(line));

describe('the debug option: one line per event and its decision, without -D', () => {
  let cloud: RingCloud;

  beforeAll(async () => {
    cloud = await startRingCloud({ quiet: true });
  });

  afterAll(async () => {
    expect(await stopAll()).toEqual([]);
    await cloud.close();
  }, 120_000);

  test('motion, a doorbell press, its picture and a sensor change each log their decision once, scrubbed', async () => {
    const hb = await startHomebridge({
      platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken(), debug: true, privacy: PRIVACY }],
      ringCloudUrl: cloud.url,
      debug: false,
    });
    await waitForPublished(hb, ['Front Door', 'Driveway']);
    await cloud.waitForPushClient(30_000);

    const mark = hb.logMark();
    await cloud.injectMotion(cameras.driveway, 'human');
    const person = /\[Trygr\] Driveway \([a-z-]+camera\): motion \(person\) → block by rule 1 "No people"\.$/;
    await hb.waitForLog(person, 15_000, mark);

    await cloud.injectMotion(cameras.driveway, 'other_motion');
    const plain = /\[Trygr\] Driveway \([a-z-]+camera\): motion \(other\) → forward by default\.$/;
    await hb.waitForLog(plain, 15_000, mark);

    await cloud.injectDing(cameras.frontDoor);
    const press = /\[Trygr\] Front Door \(doorbell\): doorbell press → forward by default\.$/;
    await hb.waitForLog(press, 15_000, mark);

    // The picture the Home app asks for right after the press is judged as that press's picture.
    const frontDoor = await hb.pair(await hb.waitForExternalAccessory('Front Door', 30_000));
    await frontDoor.snapshot(640, 360);
    const picture = /\[Trygr\] Front Door \(doorbell\): snapshot of a doorbell press → forward by default\.$/;
    await hb.waitForLog(picture, 15_000, mark);
    await frontDoor.unpair();

    const sensorMark = hb.logMark();
    cloud.setSensorFaulted(alarm.frontDoorContact, true);
    const sensor = /\[Trygr\] Front Door Contact \(contact-sensor\): state change → forward by default\.$/;
    await hb.waitForLog(sensor, 15_000, sensorMark);

    // Nothing more came of these events (a repeat would show here), and each line was printed once.
    await sleep(1_000);
    for (const re of [person, plain, press, picture]) {
      expect(linesSince(hb, mark, re)).toHaveLength(1);
    }
    expect(linesSince(hb, sensorMark, sensor)).toHaveLength(1);
    // Homebridge ran without -D: these lines are at info level, not debug.
    expect(hb.logs()).not.toMatch(/\[Trygr\] Location 1 is "/);
    await hb.stop();
    await expectNoSecretsInLog(hb, cloud);
  }, 120_000);

  test('without the option the event lines stay at debug level', async () => {
    const hb = await startHomebridge({
      platforms: [{ platform: 'Trygr', refreshToken: cloud.mintRefreshToken() }],
      ringCloudUrl: cloud.url,
      debug: false,
    });
    await waitForPublished(hb, ['Driveway']);
    await cloud.waitForPushClient(30_000);
    const mark = hb.logMark();
    expect((await cloud.injectMotion(cameras.driveway, 'other_motion')).delivered).toBeGreaterThan(0);
    await sleep(3_000);
    expect(linesSince(hb, mark, / → /)).toEqual([]);
    expect(linesSince(hb, 0, /(state|lock|light|switch|mode) change → /)).toEqual([]);
    await hb.stop();
  }, 90_000);
});
