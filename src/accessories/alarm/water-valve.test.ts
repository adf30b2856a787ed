/**
 * Z-Wave water valves on the Ring hub: the pure mapping, and the accessory on a real Homebridge API
 * object fed by a stand-in for ring-client-api's RingDevice that answers `valve.open` / `valve.close`
 * as Ring's hub does, or says nothing.
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
import { neutralValveView, valveCommand, valveView } from './valve-mapping.js';

const api = await newHomebridgeApi();
const { Service, Characteristic } = api.hap;
const NO_RESPONSE = -70402;
const { log } = collectingLog();

describe('valve mapping', () => {
  test('water flows (Active and In Use) only while Ring says the valve is open, whatever else it sends', () => {
    fc.assert(
      fc.property(fc.anything(), (valveState) => {
        const view = valveView({ valveState } as never);
        const open = valveState === 'open' ? 1 : 0;
        expect([view.active, view.inUse]).toEqual([open, open]);
      }),
    );
    expect(neutralValveView()).toMatchObject({ active: 1, inUse: 1 });
  });

  test("HomeKit's Active is Ring's open or close, applied when Ring reports it", () => {
    const close = valveCommand(0);
    expect(close.commandType).toBe('valve.close');
    expect([close.applied({ valveState: 'closed' }), close.applied({ valveState: 'open' })]).toEqual([true, false]);
    const open = valveCommand(1);
    expect(open.commandType).toBe('valve.open');
    expect([open.applied({ valveState: 'open' }), open.applied({ valveState: 'closed' })]).toEqual([true, false]);
  });
});

type Data = { zid: string; name: string; deviceType: string; valveState: string; commStatus?: string };

class FakeValve {
  readonly onData: BehaviorSubject<Data>;
  answer: 'ok' | 'ignore' = 'ok';
  readonly sent: unknown[] = [];
  constructor(initial: Data) {
    this.onData = new BehaviorSubject(initial);
  }
  get data(): Data {
    return this.onData.getValue();
  }
  get deviceType(): string {
    return this.data.deviceType;
  }
  async setInfo(body: { command: { v1: Array<{ commandType: string }> } }): Promise<void> {
    this.sent.push(body);
    await Promise.resolve();
    if (this.answer === 'ok') this.onData.next({ ...this.data, valveState: body.command.v1[0]!.commandType === 'valve.open' ? 'open' : 'closed' });
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

describe('WaterValveAccessory', () => {
  let ring: FakeValve;
  let gate: ScriptedGate;
  let accessory: PlatformAccessory;
  let dispose: (() => void) | undefined;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    gate = new ScriptedGate();
    ring = new FakeValve({ zid: 'z-valve', name: 'Main Water', deviceType: 'valve.water', valveState: 'open' });
    const device: Device = { id: ring.data.zid, name: ring.data.name, kind: 'water-valve', locationId: 'loc-1' };
    accessory = new api.platformAccessory(ring.data.name, api.hap.uuid.generate('test:valve'), alarmCategory('water-valve'));
    const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
    const created = createAlarmAccessory({ api, log, gate, switches, config: parseConfig({}).config }, accessory, ring.asRing(), {} as never, device, 'SERIAL1');
    dispose = () => created?.dispose();
  });
  afterEach(() => {
    dispose?.();
    jest.useRealTimers();
  });

  const valve = () => accessory.getServiceById(Service.Valve, 'valve')!;

  test('a Valve in the faucet category; HomeKit closes and opens it through Ring, and it shows what Ring reports', async () => {
    expect(planAlarmAccessory('valve.water', ring.data)).toMatchObject({ type: 'water-valve', kind: 'water-valve' });
    expect(alarmCategory('water-valve')).toBe(api.hap.Categories.FAUCET);
    expect(valve().getCharacteristic(Characteristic.ValveType).value).toBe(Characteristic.ValveType.GENERIC_VALVE);
    expect(await valve().getCharacteristic(Characteristic.Active).handleGetRequest()).toBe(1);
    await valve().getCharacteristic(Characteristic.Active).handleSetRequest(0);
    expect(ring.sent).toEqual([{ command: { v1: [{ commandType: 'valve.close', data: {} }] } }]);
    expect(valve().getCharacteristic(Characteristic.InUse).value).toBe(0);
  });

  test('Ring saying nothing: No Response, and the valve still shows open', async () => {
    ring.answer = 'ignore';
    const write = expect(valve().getCharacteristic(Characteristic.Active).handleSetRequest(0)).rejects.toBe(NO_RESPONSE);
    await jest.advanceTimersByTimeAsync(RING_COMMAND_TIMEOUT_MS);
    await write;
    expect(valve().getCharacteristic(Characteristic.InUse).value).toBe(1);
  });
});
