/**
 * Panic buttons: which of Ring's alarm states each switch shows, that a panic is life safety (no
 * rule holds it back), and the accessory on a real Homebridge API object fed by a stand-in security
 * panel and location.
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import type { PlatformAccessory } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import { allAlarmStates } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import { parseConfig } from '../../config/parse-config.js';
import { ContextTracker } from '../../privacy/context-tracker.js';
import { PrivacySwitches } from '../../privacy/privacy-switches.js';
import type { Device } from '../../privacy/types.js';
import { newHomebridgeApi } from '../../../test/support/host-homebridge.js';
import { ScriptedGate } from '../../../test/support/scripted-gate.js';
import { collectingLog } from '../../../test/support/collecting-log.js';
import { isLifeSafetyChange, type AlarmData } from './alarm-mapping.js';
import { PanicButtonsAccessory } from './panic-buttons.js';
import { neutralPanicView, panicActive, panicView } from './panic-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const { log } = collectingLog();

describe('panic mapping', () => {
  test('every alarm state Ring has lights one button at most, and only entry-delay lights none of the alarms', () => {
    for (const state of allAlarmStates) {
      const data: AlarmData = { alarmInfo: { state } };
      const lit = (['burglar', 'fire'] as const).filter((kind) => panicActive(kind, data));
      expect([state, lit.length]).toEqual([state, state === 'entry-delay' ? 0 : 1]);
    }
    expect(panicView({})).toEqual(neutralPanicView());
  });

  test('raising or ending a panic is a life-safety change, on the panel or anywhere', () => {
    const quiet = neutralPanicView();
    const burglar = panicView({ alarmInfo: { state: 'user-verified-burglar-alarm' } });
    expect(isLifeSafetyChange('security-panel', quiet, burglar)).toBe(true);
    expect(isLifeSafetyChange('security-panel', burglar, quiet)).toBe(true);
    expect(isLifeSafetyChange('security-panel', quiet, quiet)).toBe(false);
  });
});

class FakePanel {
  readonly onData = new BehaviorSubject<AlarmData & { zid: string; deviceType: string }>({ zid: 'panel', deviceType: 'security-panel', mode: 'all' });
  get data() {
    return this.onData.getValue();
  }
  get deviceType(): string {
    return 'security-panel';
  }
}

describe('PanicButtonsAccessory', () => {
  let panel: FakePanel;
  let calls: string[];
  let accessory: PlatformAccessory;
  let dispose: (() => void) | undefined;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    panel = new FakePanel();
    calls = [];
    const report = (state: string | undefined) => panel.onData.next({ ...panel.data, alarmInfo: state ? { state } : null });
    const location = {
      triggerBurglarAlarm: async () => {
        calls.push('burglar');
        report('user-verified-burglar-alarm');
      },
      triggerFireAlarm: async () => {
        calls.push('fire');
        report('user-verified-co-or-fire-alarm');
      },
      setAlarmMode: async (mode: string) => {
        calls.push(`mode ${mode}`);
        report(undefined);
      },
    } as unknown as Location;
    const device: Device = { id: 'panel', name: 'Home Panic Buttons', kind: 'security-panel', locationId: 'loc-1' };
    accessory = new api.platformAccessory(device.name, api.hap.uuid.generate('test:panic'), 8);
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const gate = new ScriptedGate();
    gate.answer = (signal) => signal.type === 'alarm-state' && signal.lifeSafety === true; // a policy that blocks all but life safety
    const created = new PanicButtonsAccessory(
      { api, log, gate, switches, config: parseConfig({}).config },
      accessory,
      device,
      panel as unknown as RingDevice,
      location,
      'S1',
    );
    dispose = () => created.dispose();
  });
  afterEach(() => {
    dispose?.();
    jest.useRealTimers();
  });

  const on = (subtype: 'burglar' | 'fire') => accessory.getServiceById(Service.Switch, subtype)!.getCharacteristic(Characteristic.On);

  test('Burglar Alarm on raises it through Ring and shows once Ring reports it, past a blocking policy; off disarms', async () => {
    await on('burglar').handleSetRequest(true);
    expect(calls).toEqual(['burglar']);
    expect(on('burglar').value).toBe(true);
    expect(on('fire').value).toBe(false);
    await on('burglar').handleSetRequest(false);
    expect(calls).toEqual(['burglar', 'mode none']);
    expect(on('burglar').value).toBe(false);
  });

  test('off on a button with no alarm does not disarm the system', async () => {
    await on('fire').handleSetRequest(false);
    expect(calls).toEqual([]);
  });
});
