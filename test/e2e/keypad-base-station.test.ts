/**
 * The demo home's Ring Alarm keypad and base station through real Homebridge and a paired
 * controller: published with the controls homebridge-ring offers (volume as a Speaker, the keypad's
 * brightness as a Lightbulb, the backup battery), following what Ring reports, HomeKit writes
 * reaching Ring as the 0–1 settings ring-client-api sends, and No Response when Ring does not apply
 * one. Cameras are hidden: they play no part here and are the slowest to publish.
 */
import { findChar, type CharRef } from '../harness/index.js';
import { alarmDoc, eventFor, finishRun, hapWriteStatus, startDemoHome, waitUntil, demoHome, type DemoHomeRun } from './accessories-support.js';

const NO_RESPONSE = -70402;
const { alarm } = demoHome;

let run: DemoHomeRun;
let keypadVolume: CharRef;
let keypadMute: CharRef;
let keypadLightOn: CharRef;
let keypadBrightness: CharRef;
let baseVolume: CharRef;

const stored = (zid: string) => alarmDoc(run.cloud, zid).device.v1;

const writeStatus = (ref: CharRef, value: unknown): Promise<number | undefined> => hapWriteStatus(run.bridge, ref, value);

beforeAll(async () => {
  run = await startDemoHome({ config: { hideDeviceFamilies: ['doorbell', 'camera'] }, cameras: [] });
  const db = await run.bridge.accessories();
  keypadVolume = findChar(db, 'Keypad', 'Speaker', 'Volume');
  keypadMute = findChar(db, 'Keypad', 'Speaker', 'Mute');
  keypadLightOn = findChar(db, 'Keypad', 'Lightbulb', 'On');
  keypadBrightness = findChar(db, 'Keypad', 'Lightbulb', 'Brightness');
  baseVolume = findChar(db, 'Alarm Base Station', 'Speaker', 'Volume');
  // One subscription for everything: hap-controller cannot add to a live one.
  await run.bridge.subscribe([keypadVolume, keypadMute, keypadLightOn, keypadBrightness, baseVolume]);
}, 120_000);

afterAll(() => finishRun(run, ({ hb }) => expect(hb.running).toBe(true)), 120_000);

describe('keypad and base station', () => {
  test('published with a Volume speaker and a battery; the keypad also with a Light for its brightness, the base station without', async () => {
    const db = await run.bridge.accessories();
    expect(await run.bridge.read(keypadVolume.aid, keypadVolume.iid)).toBe(50);
    // Booleans arrive as 1 / 0.
    expect(await run.bridge.read(keypadMute.aid, keypadMute.iid)).toBe(0);
    expect(await run.bridge.read(keypadBrightness.aid, keypadBrightness.iid)).toBe(50);
    expect(await run.bridge.read(keypadLightOn.aid, keypadLightOn.iid)).toBe(1);
    expect(await run.bridge.read(baseVolume.aid, baseVolume.iid)).toBe(60);
    for (const name of ['Keypad', 'Alarm Base Station']) {
      const battery = findChar(db, name, 'Battery', 'BatteryLevel');
      expect(await run.bridge.read(battery.aid, battery.iid)).toBe(100);
    }
    expect(() => findChar(db, 'Alarm Base Station', 'Lightbulb', 'On')).toThrow(/Lightbulb/);
  });

  test('a level changed at the device or in the Ring app shows in HomeKit', async () => {
    const events = run.bridge.events().length;
    run.cloud.updateAlarmDevice(alarm.keypad, { brightness: 0.2 });
    run.cloud.updateAlarmDevice(alarm.baseStation, { volume: 0.35 });
    await eventFor(run.bridge, keypadBrightness, 20, events);
    await eventFor(run.bridge, baseVolume, 35, events);
  });

  test("HomeKit volume, brightness, mute and light off reach Ring as ring-client-api's 0–1 settings, answered once Ring reports them", async () => {
    const logMark = run.hb.logMark();
    expect(await writeStatus(baseVolume, 80)).toBeUndefined();
    expect(stored(alarm.baseStation).volume).toBe(0.8);
    expect(await writeStatus(keypadBrightness, 65)).toBeUndefined();
    expect(stored(alarm.keypad).brightness).toBe(0.65);

    const events = run.bridge.events().length;
    expect(await writeStatus(keypadMute, true)).toBeUndefined();
    expect(stored(alarm.keypad).volume).toBe(0);
    await eventFor(run.bridge, keypadVolume, 0, events);
    expect(await writeStatus(keypadMute, false)).toBeUndefined();
    expect(stored(alarm.keypad).volume).toBe(0.5);

    expect(await writeStatus(keypadLightOn, false)).toBeUndefined();
    expect(stored(alarm.keypad).brightness).toBe(0);
    expect(await writeStatus(keypadLightOn, true)).toBeUndefined();
    expect(stored(alarm.keypad).brightness).toBe(0.65);
    expect(run.hb.logs().slice(logMark)).not.toMatch(/could not change/);
  });

  test('a keypad the hub has lost takes no setting: the write answers No Response, and HomeKit keeps what Ring reports', async () => {
    run.cloud.setDeviceOffline(alarm.keypad, true);
    try {
      const logMark = run.hb.logMark();
      expect(await writeStatus(keypadVolume, 10)).toBe(NO_RESPONSE);
      expect(stored(alarm.keypad).volume).toBe(0.5);
      await run.hb.waitForLog(/Keypad: could not change Volume: .*Ring did not confirm/, 5_000, logMark);
    } finally {
      run.cloud.setDeviceOffline(alarm.keypad, false);
    }
    await waitUntil(async () => (await run.bridge.read(keypadVolume.aid, keypadVolume.iid)) === 50, 10_000, 'the keypad to answer again');
  }, 30_000);
});
