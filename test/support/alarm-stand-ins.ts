/**
 * What the alarm accessories' unit tests share: a real Homebridge API object (real HAP services
 * and characteristics), a stand-in for ring-client-api's RingDevice (its `onData` BehaviorSubject)
 * and a gate whose answers the test sets. HomeKit's side is driven through the characteristics'
 * own read and write handlers.
 */
import type { Characteristic as HapCharacteristic, PlatformAccessory, Service as HapService, WithUUID } from 'homebridge';
import type { RingDevice } from 'ring-client-api';
import { BehaviorSubject } from 'rxjs';
import type { AlarmData } from '../../src/accessories/alarm/alarm-mapping.js';
import { alarmCategory } from '../../src/accessories/alarm/alarm-factory.js';
import type { AccessoryDeps } from '../../src/accessories/base-accessory.js';
import { parseConfig, type TrygrConfig } from '../../src/config/parse-config.js';
import { ContextTracker } from '../../src/privacy/context-tracker.js';
import type { SignalGate } from '../../src/privacy/gate.js';
import { PrivacySwitches } from '../../src/privacy/privacy-switches.js';
import type { Device, Signal } from '../../src/privacy/types.js';
import { alarmKind } from '../../src/ring/classify.js';
import { collectingLog } from './collecting-log.js';
import { newHomebridgeApi } from './host-homebridge.js';
import { ScriptedGate } from './scripted-gate.js';

export const api = await newHomebridgeApi();
export const NO_RESPONSE = -70402;

export type Data = AlarmData & { zid: string; name: string; deviceType: string };

export class FakeRingDevice {
  readonly onData: BehaviorSubject<Data>;
  constructor(initial: Data) {
    this.onData = new BehaviorSubject(initial);
  }
  get data(): Data {
    return this.onData.getValue();
  }
  get zid(): string {
    return this.data.zid;
  }
  get deviceType(): string {
    return this.data.deviceType;
  }
  get name(): string {
    return this.data.name;
  }
  /** What the library does with a DataUpdate: merge it into the flattened data. */
  update(patch: Partial<Data>): void {
    this.onData.next({ ...this.data, ...patch });
  }
  asRing(): RingDevice {
    return this as unknown as RingDevice;
  }
}

/** A gate that allows what `policy` says and records every question. */
export class FakeGate extends ScriptedGate {
  get signals() {
    return this.recorded;
  }
  set policy(policy: (signal: Signal) => boolean) {
    this.answer = policy;
  }
}

export const { log, warnings } = collectingLog();

export function deps(gate: SignalGate, options: Partial<TrygrConfig> = {}): AccessoryDeps {
  // Alarm accessories carry no Privacy switch; the switches are never touched here.
  const switches = new PrivacySwitches('/nonexistent/privacy-switches.json', new ContextTracker(), log);
  return { api, log, gate, switches, config: { ...parseConfig({}).config, ...options } };
}

export function gateDevice(data: Data): Device {
  return { id: data.zid, name: data.name, kind: alarmKind(data.deviceType), locationId: 'loc-1' };
}

export function platformAccessory(data: Data): PlatformAccessory {
  return new api.platformAccessory(data.name, api.hap.uuid.generate(`test:${data.zid}`), alarmCategory(alarmKind(data.deviceType)));
}

export function characteristic(
  accessory: PlatformAccessory,
  service: WithUUID<typeof HapService>,
  type: WithUUID<new () => HapCharacteristic>,
  subtype?: string,
): HapCharacteristic {
  const found = subtype ? accessory.getServiceById(service, subtype) : accessory.getService(service);
  if (!found) {
    throw new Error(`no ${service.name} service`);
  }
  return found.getCharacteristic(type);
}

export async function read(c: HapCharacteristic): Promise<unknown> {
  return c.handleGetRequest();
}
