/**
 * Ring Intercom: the pure mapping, and the accessory on a real Homebridge API object, fed by a
 * stand-in for ring-client-api's RingIntercom whose unlock answers as Ring does, refuses, fails or
 * hangs, and whose dings arrive as the library's `onDing`.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import type { PlatformAccessory } from 'homebridge';
import type { RingIntercom } from 'ring-client-api';
import { BehaviorSubject, Subject, map } from 'rxjs';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import { PushHealthTracker } from '../../ring/push-health.js';
import { PushIntake } from '../../ring/push-intake.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { RING_COMMAND_TIMEOUT_MS } from '../with-timeout.js';
import { IntercomAccessory } from './intercom-accessory.js';
import { intercomBattery, RELATCH_MS, unlockConfirmed, unlockRefusal } from './intercom-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NO_RESPONSE = -70402;
const { UNSECURED, SECURED } = Characteristic.LockCurrentState;
const { log, warnings } = collectingLog();

describe('intercom mapping', () => {
  test.each([
    [{ jsonrpc: '2.0', result: { code: 0 } }, true, ''],
    [{ jsonrpc: '2.0', result: { code: 1 } }, false, 'Ring refused the unlock (code 1)'],
    [{ jsonrpc: '2.0', error: { code: -32601, message: 'no such method' } }, false, 'Ring refused the unlock (code -32601)'],
    [{ result: { code: '0' } }, false, 'Ring did not confirm the unlock'],
    [{}, false, 'Ring did not confirm the unlock'],
    [undefined, false, 'Ring did not confirm the unlock'],
    ['ok', false, 'Ring did not confirm the unlock'],
  ])("Ring's answer %j confirms the unlock: %s", (answer, confirmed, refusal) => {
    expect(unlockConfirmed(answer)).toBe(confirmed);
    if (!confirmed) expect(unlockRefusal(answer)).toBe(refusal);
  });

  test('only an answer with result code 0 and no error confirms, whatever else Ring sends', () => {
    fc.assert(
      fc.property(fc.anything(), (answer) => {
        const expected = typeof answer === 'object' && answer !== null && !('error' in answer) && (answer as { result?: { code?: unknown } }).result?.code === 0;
        expect(unlockConfirmed(answer)).toBe(expected);
      }),
    );
  });

  test.each([
    [88, { level: 88, low: false }],
    [12.6, { level: 13, low: true }],
    [140, { level: 100, low: false }],
    [null, undefined],
    [Number.NaN, undefined],
  ])('battery %s is %j', (level, reading) => {
    expect(intercomBattery(level)).toEqual(reading);
  });
});

type Data = { id: number; description: string; kind: string; location_id: string; battery_life: string | null; alerts: { connection: string } };

class FakeIntercom {
  readonly onData: BehaviorSubject<Data>;
  readonly onDing = new Subject<void>();
  readonly onBatteryLevel;
  answer: 'ok' | 'refuse' | 'fail' | 'hang' = 'ok';
  unlocks = 0;
  constructor(initial: Data) {
    this.onData = new BehaviorSubject(initial);
    this.onBatteryLevel = this.onData.pipe(map((data) => (data.battery_life === null ? null : Number(data.battery_life))));
  }
  get data(): Data {
    return this.onData.getValue();
  }
  get id(): number {
    return this.data.id;
  }
  get name(): string {
    return this.data.description;
  }
  get deviceType(): string {
    return this.data.kind;
  }
  get batteryLevel(): number | null {
    return this.data.battery_life === null ? null : Number(this.data.battery_life);
  }
  async unlock(): Promise<unknown> {
    this.unlocks++;
    await Promise.resolve();
    switch (this.answer) {
      case 'ok':
        return { jsonrpc: '2.0', result: { code: 0 } };
      case 'refuse':
        return { jsonrpc: '2.0', result: { code: 1 } };
      case 'fail':
        throw Object.assign(new Error(), { response: { status: 500 } });
      case 'hang':
        return new Promise(() => undefined);
    }
  }
  asRing(): RingIntercom {
    return this as unknown as RingIntercom;
  }
}

/** With the library's push handler: the plugin reads each press's ding id from it. */
class PushedIntercom extends FakeIntercom {
  processPushNotification(notification: unknown): void {
    if ((notification as { android_config?: { category?: string } }).android_config?.category === 'com.ring.pn.live-event.intercom') this.onDing.next();
  }
}

describe('IntercomAccessory', () => {
  let ring: FakeIntercom;
  let gate: ScriptedGate;
  let accessory: PlatformAccessory;
  let intercom: IntercomAccessory | undefined;

  function setUp(options: { doorbellSwitch?: boolean; battery?: string | null; pushes?: PushIntake } = {}): void {
    ring = new (options.pushes ? PushedIntercom : FakeIntercom)({
      id: 185550020,
      description: 'Building Door',
      kind: 'intercom_handset_audio',
      location_id: 'loc-1',
      battery_life: options.battery === undefined ? '88' : options.battery,
      alerts: { connection: 'online' },
    });
    const device: Device = { id: String(ring.id), name: ring.name, kind: 'intercom', locationId: 'loc-1' };
    accessory = new api.platformAccessory(ring.name, api.hap.uuid.generate('test:intercom'), 6);
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const config = parseConfig({ doorbellSwitch: options.doorbellSwitch ?? false }).config;
    intercom = new IntercomAccessory({ api, log, gate, switches, config, now: () => Date.now(), pushes: options.pushes }, accessory, device, ring.asRing(), 'SERIAL1');
  }

  const lock = () => accessory.getServiceById(Service.LockMechanism, 'intercom-lock')!;
  const current = () => lock().getCharacteristic(Characteristic.LockCurrentState);
  const target = () => lock().getCharacteristic(Characteristic.LockTargetState);
  const doorbell = () => accessory.getServiceById(Service.Doorbell, 'intercom-doorbell')!;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    gate = new ScriptedGate();
    warnings.length = 0;
  });
  afterEach(() => {
    intercom?.dispose();
    jest.useRealTimers();
  });

  test('a Lock Mechanism that starts locked, a Doorbell and a battery; the Button only with doorbellSwitch', async () => {
    setUp();
    expect(await current().handleGetRequest()).toBe(SECURED);
    expect(await target().handleGetRequest()).toBe(SECURED);
    expect(doorbell()).toBeDefined();
    expect(accessory.getServiceById(Service.StatelessProgrammableSwitch, 'intercom-button')).toBeUndefined();
    const battery = accessory.getServiceById(Service.Battery, 'battery')!;
    expect(battery.getCharacteristic(Characteristic.BatteryLevel).value).toBe(88);
    ring.onData.next({ ...ring.data, battery_life: '12' });
    expect(battery.getCharacteristic(Characteristic.StatusLowBattery).value).toBe(1);
    intercom!.dispose();

    setUp({ doorbellSwitch: true, battery: null });
    expect(accessory.getServiceById(Service.StatelessProgrammableSwitch, 'intercom-button')).toBeDefined();
    expect(accessory.getServiceById(Service.Battery, 'battery')).toBeUndefined();
  });

  test('unlocking: sent to Ring, unlocked once Ring confirms, locked again when the door has latched; locking sends nothing', async () => {
    setUp();
    await target().handleSetRequest(UNSECURED);
    expect(ring.unlocks).toBe(1);
    expect(current().value).toBe(UNSECURED);
    await jest.advanceTimersByTimeAsync(RELATCH_MS);
    expect(current().value).toBe(SECURED);
    expect(target().value).toBe(SECURED);
    await target().handleSetRequest(SECURED);
    expect(ring.unlocks).toBe(1);
  });

  test('Ring refusing, failing or not answering: No Response, a warning, and the door never shows unlocked', async () => {
    setUp();
    for (const answer of ['refuse', 'fail'] as const) {
      ring.answer = answer;
      await expect(target().handleSetRequest(UNSECURED)).rejects.toBe(NO_RESPONSE);
      expect(current().value).toBe(SECURED);
    }
    expect(warnings.join('\n')).toMatch(/Building Door: could not change .*Ring refused the unlock \(code 1\)/);
    expect(warnings.join('\n')).toMatch(/Building Door: could not change .*Ring answered HTTP 500/);
    ring.answer = 'hang';
    const write = expect(target().handleSetRequest(UNSECURED)).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(RING_COMMAND_TIMEOUT_MS);
    await write;
    expect(current().value).toBe(SECURED);
    expect(ring.unlocks).toBe(3);
  });

  test('a press passes the gate as a doorbell signal: forwarded it rings the Doorbell and the Button, once per visitor; blocked it rings nothing', () => {
    setUp({ doorbellSwitch: true });
    const presses: string[] = [];
    doorbell()
      .getCharacteristic(Characteristic.ProgrammableSwitchEvent)
      .on('change', () => presses.push('doorbell'));
    accessory
      .getServiceById(Service.StatelessProgrammableSwitch, 'intercom-button')!
      .getCharacteristic(Characteristic.ProgrammableSwitchEvent)
      .on('change', () => presses.push('button'));
    ring.onDing.next();
    expect(gate.recorded).toEqual([{ type: 'doorbell' }]);
    expect(presses).toEqual(['doorbell', 'button']);
    ring.onDing.next(); // the same visitor pressing again within doorbellRepeatSeconds
    expect(presses).toHaveLength(2);

    jest.advanceTimersByTime(60_000);
    gate.answer = () => false;
    ring.onDing.next();
    expect(gate.recorded).toHaveLength(3);
    expect(presses).toHaveLength(2);
  });

  test('a press Ring pushes twice (one ding id) rings once and the copy is counted as a duplicate; a new press rings', () => {
    const health = new PushHealthTracker(0);
    setUp({ pushes: new PushIntake(health) });
    const presses: number[] = [];
    doorbell()
      .getCharacteristic(Characteristic.ProgrammableSwitchEvent)
      .on('change', () => presses.push(Date.now()));
    const push = (id: string) =>
      (ring as PushedIntercom).processPushNotification({ android_config: { category: 'com.ring.pn.live-event.intercom' }, data: { event: { ding: { id } } } });
    push('9001');
    push('9001');
    expect(presses).toHaveLength(1);
    expect(gate.recorded).toEqual([{ type: 'doorbell' }]);
    expect(health.status(Date.now())).toMatchObject({ duplicatesDropped: 1, receivedByCamera: { [String(ring.id)]: 1 } });
    jest.advanceTimersByTime(60_000);
    push('9002');
    expect(presses).toHaveLength(2);
  });

  test('while Ring reports the intercom offline, reads answer No Response', async () => {
    setUp();
    ring.onData.next({ ...ring.data, alerts: { connection: 'offline' } });
    await expect(current().handleGetRequest()).rejects.toBe(NO_RESPONSE);
  });
});
