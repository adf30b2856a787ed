/**
 * A location's Ring mode as a Security System, on a real Homebridge API object, fed by a stand-in
 * for the mode poller. HomeKit's side is driven through the characteristics' own handlers.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { PlatformAccessory } from 'homebridge';
import { BehaviorSubject } from 'rxjs';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import type { HouseholdMode } from '../../ring/location-mode.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { RING_COMMAND_TIMEOUT_MS } from '../with-timeout.js';
import { LocationModeAccessory, type LocationModeSource } from './location-mode-accessory.js';
import { AWAY_ARM, DISARMED, locationModeView, needsModeCommand, ringModeForTarget, STAY_ARM } from './location-mode-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NO_RESPONSE = -70402;
const device: Device = { id: 'loc-1', name: 'Lake Cabin Mode', kind: 'location-mode', locationId: 'loc-1' };

describe('location mode mapping', () => {
  test.each([
    ['home', { current: STAY_ARM, target: STAY_ARM }],
    ['away', { current: AWAY_ARM, target: AWAY_ARM }],
    ['disarmed', { current: DISARMED, target: DISARMED }],
    ['unknown', undefined],
  ] as Array<[HouseholdMode, object | undefined]>)('Ring mode %s is shown as %j', (mode, view) => {
    expect(locationModeView(mode)).toEqual(view);
  });

  test.each([
    [STAY_ARM, 'home'],
    [AWAY_ARM, 'away'],
    [DISARMED, 'disarmed'],
    [2, undefined],
    ['1', undefined],
  ] as Array<[unknown, string | undefined]>)('HomeKit target %j asks Ring for %s', (target, mode) => {
    expect(ringModeForTarget(target)).toBe(mode);
  });

  test('a command only when Ring reports another mode (an unknown mode always needs one)', () => {
    expect(needsModeCommand('away', 'away')).toBe(false);
    expect(needsModeCommand('home', 'away')).toBe(true);
    expect(needsModeCommand('unknown', 'disarmed')).toBe(true);
  });
});

/** Answers like Ring: 'ok' takes the mode, 'fail' rejects, 'silent' never answers. */
class FakeModes implements LocationModeSource {
  readonly mode$ = new BehaviorSubject<HouseholdMode>('home');
  answer: 'ok' | 'fail' | 'silent' = 'ok';
  readonly commands: string[] = [];
  async set(mode: 'home' | 'away' | 'disarmed'): Promise<HouseholdMode> {
    this.commands.push(mode);
    if (this.answer === 'silent') return new Promise(() => undefined);
    await Promise.resolve();
    if (this.answer === 'fail') throw new Error('HTTP 500');
    this.mode$.next(mode);
    return mode;
  }
}

const { log, warnings } = collectingLog();

describe('LocationModeAccessory', () => {
  let modes: FakeModes;
  let gate: ScriptedGate;
  let accessory: PlatformAccessory;
  let instance: LocationModeAccessory | undefined;

  function setUp(): void {
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    accessory = new api.platformAccessory(device.name, api.hap.uuid.generate('test:location-mode'), 11);
    instance = new LocationModeAccessory({ api, log, gate, switches, config: parseConfig({}).config }, accessory, device, modes, 'SERIAL1');
  }
  const system = () => accessory.getServiceById(Service.SecuritySystem, 'location-mode')!;
  const current = () => system().getCharacteristic(Characteristic.SecuritySystemCurrentState);
  const target = () => system().getCharacteristic(Characteristic.SecuritySystemTargetState);

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    modes = new FakeModes();
    gate = new ScriptedGate();
    warnings.length = 0;
  });
  afterEach(() => {
    instance?.dispose();
    jest.useRealTimers();
  });

  test('shows the mode Ring reports, offers Home, Away and Off only, and follows a change made in the Ring app', async () => {
    setUp();
    expect(await current().handleGetRequest()).toBe(STAY_ARM);
    expect(await target().handleGetRequest()).toBe(STAY_ARM);
    expect(target().props.validValues).toEqual([STAY_ARM, AWAY_ARM, DISARMED]);
    expect(current().props.validValues).toEqual([STAY_ARM, AWAY_ARM, DISARMED]);
    expect(accessory.getService(Service.AccessoryInformation)?.getCharacteristic(Characteristic.Model).value).toBe('Location Mode');
    modes.mode$.next('disarmed');
    expect([current().value, target().value]).toEqual([DISARMED, DISARMED]);
    expect(gate.recorded.every((signal) => signal.type === 'mode-change' && !signal.lifeSafety)).toBe(true);
  });

  test('HomeKit sets Away: Ring is asked once, and the state follows what Ring confirmed', async () => {
    setUp();
    await target().handleSetRequest(AWAY_ARM);
    expect(modes.commands).toEqual(['away']);
    expect(current().value).toBe(AWAY_ARM);
    // Already Away: nothing to ask Ring.
    await target().handleSetRequest(AWAY_ARM);
    expect(modes.commands).toEqual(['away']);
  });

  test('Ring refusing the mode: HomeKit gets an error, the target goes back, the state never changed', async () => {
    setUp();
    modes.answer = 'fail';
    await expect(target().handleSetRequest(DISARMED)).rejects.toBe(NO_RESPONSE);
    expect([current().value, target().value]).toEqual([STAY_ARM, STAY_ARM]);
    expect(warnings.join('\n')).toMatch(/Lake Cabin Mode: could not change .*HTTP 500/);
  });

  test('Ring never answering is an error before HAP gives up on the write', async () => {
    setUp();
    modes.answer = 'silent';
    const outcome = expect(target().handleSetRequest(AWAY_ARM)).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(RING_COMMAND_TIMEOUT_MS);
    await outcome;
    expect(RING_COMMAND_TIMEOUT_MS).toBeLessThan(10_000);
    expect(target().value).toBe(STAY_ARM);
  });

  test('an unknown mode (Ring did not answer the poll) reads as No Response, not a guess', async () => {
    setUp();
    modes.mode$.next('unknown');
    await expect(current().handleGetRequest()).rejects.toBe(NO_RESPONSE);
    modes.mode$.next('away');
    expect(await current().handleGetRequest()).toBe(AWAY_ARM);
  });

  test('a mode the policy blocks is not shown, and shows once the rule lifts; a command is never blocked', async () => {
    setUp();
    let allow = false;
    gate.answer = () => allow;
    modes.mode$.next('away');
    expect(await current().handleGetRequest()).toBe(STAY_ARM);
    await target().handleSetRequest(DISARMED);
    expect(modes.commands).toEqual(['disarmed']);
    expect(current().value).toBe(STAY_ARM);
    allow = true;
    gate.changes.next();
    expect(current().value).toBe(DISARMED);
  });

  test('with no mode reported and allowed yet, reads answer No Response', async () => {
    gate.answer = () => false;
    setUp();
    await expect(current().handleGetRequest()).rejects.toBe(NO_RESPONSE);
  });
});
