/**
 * Z-Wave locks on the Ring hub: the pure mapping, and the accessory on a real Homebridge API object
 * fed by a stand-in for ring-client-api's RingDevice that answers `lock.lock` / `lock.unlock` the way
 * Ring's hub does (a DataUpdate), jams, ignores the command or fails the request.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import type { PlatformAccessory } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { RING_COMMAND_TIMEOUT_MS } from '../with-timeout.js';
import { alarmCategory, createAlarmAccessory, planAlarmAccessory } from './alarm-factory.js';
import { LockCurrent, LockTarget, lockCommand, lockCurrent, lockTarget, lockView, neutralLockView } from './lock-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NO_RESPONSE = -70402;
const { log, warnings } = collectingLog();

describe('lock mapping', () => {
  test.each([
    ['locked', LockCurrent.SECURED, LockTarget.SECURED],
    ['unlocked', LockCurrent.UNSECURED, LockTarget.UNSECURED],
    ['jammed', LockCurrent.JAMMED, LockTarget.SECURED],
    ['unknown', LockCurrent.UNKNOWN, LockTarget.SECURED],
    [undefined, LockCurrent.UNKNOWN, LockTarget.SECURED],
    [1, LockCurrent.UNKNOWN, LockTarget.SECURED],
  ])('Ring %j is current %s, target %s', (locked, current, target) => {
    expect([lockCurrent(locked), lockTarget(locked)]).toEqual([current, target]);
  });

  test('HAP agrees on the state values', () => {
    expect(LockCurrent).toEqual({
      UNSECURED: Characteristic.LockCurrentState.UNSECURED,
      SECURED: Characteristic.LockCurrentState.SECURED,
      JAMMED: Characteristic.LockCurrentState.JAMMED,
      UNKNOWN: Characteristic.LockCurrentState.UNKNOWN,
    });
    expect(LockTarget).toEqual({ UNSECURED: Characteristic.LockTargetState.UNSECURED, SECURED: Characteristic.LockTargetState.SECURED });
  });

  test('only a report of "unlocked" ever shows a lock as unsecured, whatever else Ring sends', () => {
    fc.assert(
      fc.property(fc.anything(), fc.boolean(), (locked, battery) => {
        const view = lockView({ battery }, { locked } as never);
        expect(view.current === LockCurrent.UNSECURED).toBe(locked === 'unlocked');
        expect(view.target === LockTarget.UNSECURED).toBe(locked === 'unlocked');
        expect('batteryLevel' in view).toBe(battery);
        expect('fault' in view).toBe(false);
      }),
    );
    expect(neutralLockView({ battery: false })).toMatchObject({ current: LockCurrent.UNKNOWN, target: LockTarget.SECURED });
  });

  test('a command is done when Ring reports the lock where it was asked to be, and fails when Ring reports it jammed', () => {
    const unlock = lockCommand(LockTarget.UNSECURED);
    expect(unlock.commandType).toBe('lock.unlock');
    expect(['unlocked', 'locked', 'jammed', 'unknown'].map((locked) => unlock.outcome({ locked }))).toEqual(['done', 'waiting', 'jammed', 'waiting']);
    const lock = lockCommand(LockTarget.SECURED);
    expect(lock.commandType).toBe('lock.lock');
    expect(['unlocked', 'locked', 'jammed'].map((locked) => lock.outcome({ locked }))).toEqual(['waiting', 'done', 'jammed']);
  });
});

type Data = { zid: string; name: string; deviceType: string; locked: string; batteryLevel?: number; batteryStatus?: string; tamperStatus?: string };
type Body = { command: { v1: Array<{ commandType: string }> } };

/** Moves the bolt as Ring does ('ok'), jams ('jam'), says nothing ('ignore'), or fails the request ('fail'). */
class FakeLock {
  readonly onData: BehaviorSubject<Data>;
  answer: 'ok' | 'jam' | 'ignore' | 'fail' = 'ok';
  readonly sent: Body[] = [];
  constructor(initial: Data) {
    this.onData = new BehaviorSubject(initial);
  }
  get data(): Data {
    return this.onData.getValue();
  }
  get deviceType(): string {
    return this.data.deviceType;
  }
  async setInfo(body: Body): Promise<void> {
    this.sent.push(body);
    if (this.answer === 'jam') this.onData.next({ ...this.data, locked: 'jammed' }); // Ring may report before it acknowledges
    await Promise.resolve();
    if (this.answer === 'fail') throw Object.assign(new Error(), { response: { status: 503 } });
    if (this.answer === 'ok') this.onData.next({ ...this.data, locked: body.command.v1[0]!.commandType === 'lock.lock' ? 'locked' : 'unlocked' });
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

describe('LockAccessory', () => {
  let ring: FakeLock;
  let gate: ScriptedGate;
  let accessory: PlatformAccessory;
  let dispose: (() => void) | undefined;

  function setUp(locked = 'locked'): void {
    ring = new FakeLock({ zid: 'z-lock', name: 'Front Lock', deviceType: 'lock', locked, batteryLevel: 15, batteryStatus: 'ok', tamperStatus: 'ok' });
    const device: Device = { id: ring.data.zid, name: ring.data.name, kind: 'lock', locationId: 'loc-1' };
    accessory = new api.platformAccessory(ring.data.name, api.hap.uuid.generate('test:lock'), alarmCategory('lock'));
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const created = createAlarmAccessory({ api, log, gate, switches, config: parseConfig({}).config }, accessory, ring.asRing(), {} as never, device, 'SERIAL1');
    dispose = () => created?.dispose();
  }

  const lockService = () => accessory.getServiceById(Service.LockMechanism, 'lock')!;
  const current = () => lockService().getCharacteristic(Characteristic.LockCurrentState);
  const target = () => lockService().getCharacteristic(Characteristic.LockTargetState);

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    gate = new ScriptedGate();
    warnings.length = 0;
  });
  afterEach(() => {
    dispose?.();
    jest.useRealTimers();
  });

  test('a Lock Mechanism with a battery, in the door-lock category, showing what Ring reports', async () => {
    setUp('locked');
    expect(planAlarmAccessory('lock', ring.data)).toMatchObject({ type: 'lock', kind: 'lock', layout: { battery: true } });
    expect(lockService().testCharacteristic(Characteristic.StatusFault)).toBe(false);
    expect(alarmCategory('lock')).toBe(api.hap.Categories.DOOR_LOCK);
    expect(await current().handleGetRequest()).toBe(LockCurrent.SECURED);
    expect(await target().handleGetRequest()).toBe(LockTarget.SECURED);
    const battery = accessory.getServiceById(Service.Battery, 'battery')!;
    expect(battery.getCharacteristic(Characteristic.BatteryLevel).value).toBe(15);
    expect(battery.getCharacteristic(Characteristic.StatusLowBattery).value).toBe(1);
    ring.onData.next({ ...ring.data, locked: 'jammed' });
    expect(current().value).toBe(LockCurrent.JAMMED);
  });

  test('HomeKit unlocks through Ring, and the lock shows unsecured once Ring reports it', async () => {
    setUp('locked');
    await target().handleSetRequest(LockTarget.UNSECURED);
    expect(ring.sent).toEqual([{ command: { v1: [{ commandType: 'lock.unlock', data: {} }] } }]);
    expect(current().value).toBe(LockCurrent.UNSECURED);
    await target().handleSetRequest(LockTarget.SECURED);
    expect(ring.sent.at(-1)?.command.v1[0]?.commandType).toBe('lock.lock');
    expect(current().value).toBe(LockCurrent.SECURED);
  });

  test('Ring failing, jamming or saying nothing: No Response, and the lock never shows unsecured', async () => {
    setUp('locked');
    ring.answer = 'fail';
    await expect(target().handleSetRequest(LockTarget.UNSECURED)).rejects.toBe(NO_RESPONSE);
    expect(warnings.join('\n')).toMatch(/Front Lock: could not change .*Ring answered HTTP 503/);
    expect(current().value).toBe(LockCurrent.SECURED);

    ring.answer = 'ignore';
    const write = expect(target().handleSetRequest(LockTarget.UNSECURED)).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(RING_COMMAND_TIMEOUT_MS);
    await write;
    expect(current().value).toBe(LockCurrent.SECURED);

    ring.answer = 'jam';
    await expect(target().handleSetRequest(LockTarget.UNSECURED)).rejects.toBe(NO_RESPONSE);
    expect(warnings.at(-1)).toMatch(/jammed/);
    expect(current().value).toBe(LockCurrent.JAMMED);
  });

  test('a lock that was jammed before the command may still move: the earlier jam is not this command failing', async () => {
    setUp('jammed');
    await target().handleSetRequest(LockTarget.SECURED);
    expect(current().value).toBe(LockCurrent.SECURED);
  });

  test('a lock change the policy blocks is not shown; a HomeKit command is still sent', async () => {
    setUp('locked');
    gate.answer = () => false;
    ring.onData.next({ ...ring.data, locked: 'unlocked' });
    expect(await current().handleGetRequest()).toBe(LockCurrent.SECURED);
    expect(gate.recorded.at(-1)).toEqual({ type: 'lock-state', lifeSafety: false });
    await target().handleSetRequest(LockTarget.SECURED);
    expect(ring.sent).toHaveLength(1);
  });
});
