/**
 * Loading and completing scenarios. A scenario file (JSON) lists the account and, per location,
 * cameras, chimes, intercoms, an optional alarm base station and its alarm devices, each with only the fields
 * that matter; `normalizeScenario` fills in the rest so the live state looks like Ring's answers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlarmDeviceDoc, CameraRecord, ChimeRecord, IntercomRecord, LocationScenario, Scenario } from './types.js';
import { completeCamera, completeChime } from './device-defaults.js';
import { completeIntercom, type IntercomSpec } from './intercom-defaults.js';
import { completeAlarmDevice } from './alarm-defaults.js';
import { cloneJson, isPlainObject, type PlainObject } from './merge.js';

/** The demo home shipped with the emulator: `test/emulator/scenarios/demo-home.json`. */
export function defaultScenarioPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'scenarios', 'demo-home.json'),
    // compiled copy under .build/test/emulator: the JSON stays in the source tree
    resolve(here, '..', '..', '..', 'test', 'emulator', 'scenarios', 'demo-home.json'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`demo-home.json not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function readScenarioFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Resolves the `scenario` option of startRingCloud to a complete, private copy. */
export function loadScenario(source: Scenario | string | undefined): Scenario {
  const raw = source === undefined ? readScenarioFile(defaultScenarioPath()) : typeof source === 'string' ? readScenarioFile(source) : cloneJson(source);
  return normalizeScenario(raw);
}

/** Fills in defaults for every device and checks what the emulator relies on. */
export function normalizeScenario(raw: unknown): Scenario {
  if (!isPlainObject(raw) || !isPlainObject(raw.account) || !Array.isArray(raw.locations)) {
    throw new Error('scenario needs an "account" object and a "locations" array');
  }
  const account = raw.account as Partial<Scenario['account']>;
  for (const key of ['email', 'password', 'twoFactorCode'] as const) {
    if (typeof account[key] !== 'string') throw new Error(`scenario account.${key} must be a string`);
  }
  const scenario: Scenario = {
    account: {
      email: account.email as string,
      password: account.password as string,
      twoFactorCode: account.twoFactorCode as string,
      phone: account.phone ?? '+XXXXXXXXXX00',
      profileId: account.profileId ?? 1,
      firstName: account.firstName ?? 'Demo',
      lastName: account.lastName ?? 'User',
    },
    locations: [],
  };
  scenario.locations = raw.locations.map((location) => normalizeLocation(location, scenario.account));
  assertUniqueIds(scenario);
  return scenario;
}

function normalizeLocation(raw: unknown, account: Scenario['account']): LocationScenario {
  if (!isPlainObject(raw) || typeof raw.location_id !== 'string' || typeof raw.name !== 'string') {
    throw new Error('every scenario location needs "location_id" and "name"');
  }
  const locationId = raw.location_id;
  const list = (value: unknown): PlainObject[] => (Array.isArray(value) ? value.filter(isPlainObject) : []);
  return {
    location_id: locationId,
    name: raw.name,
    mode: (raw.mode as LocationScenario['mode'] | undefined) ?? 'disarmed',
    address: raw.address as Record<string, string> | undefined,
    baseStation: raw.baseStation as LocationScenario['baseStation'],
    cameras: list(raw.cameras).map((camera) => completeCamera(camera as unknown as CameraRecord, locationId, account)),
    chimes: list(raw.chimes).map((chime) => completeChime(chime as unknown as ChimeRecord, locationId, account)),
    intercoms: list(raw.intercoms).map((intercom) => completeIntercom(intercom as unknown as IntercomSpec, locationId, account)),
    alarmDevices: list(raw.alarmDevices).map((doc, index) => completeAlarmDevice(doc, index)),
  };
}

function assertUniqueIds(scenario: Scenario): void {
  const seen = new Set<string>();
  const check = (id: string | number, what: string): void => {
    const key = String(id);
    if (seen.has(key)) throw new Error(`scenario has two devices with id ${key} (${what})`);
    seen.add(key);
  };
  for (const location of scenario.locations) {
    location.cameras.forEach((camera) => check(camera.id, camera.description));
    location.chimes.forEach((chime) => check(chime.id, chime.description));
    location.intercoms.forEach((intercom) => check(intercom.id, intercom.description));
    location.alarmDevices.forEach((doc) => check(doc.general.v2.zid, doc.general.v2.name));
  }
}

/** Lookups over the live scenario (linear: even the benchmark's few hundred devices are cheap). */
export function findCamera(scenario: Scenario, id: number): CameraRecord | undefined {
  for (const location of scenario.locations) {
    const camera = location.cameras.find((candidate) => candidate.id === id);
    if (camera) return camera;
  }
  return undefined;
}

export function findChime(scenario: Scenario, id: number): ChimeRecord | undefined {
  for (const location of scenario.locations) {
    const chime = location.chimes.find((candidate) => candidate.id === id);
    if (chime) return chime;
  }
  return undefined;
}

export function findIntercom(scenario: Scenario, id: number): IntercomRecord | undefined {
  for (const location of scenario.locations) {
    const intercom = location.intercoms.find((candidate) => candidate.id === id);
    if (intercom) return intercom;
  }
  return undefined;
}

export function findLocation(scenario: Scenario, locationId: string): LocationScenario | undefined {
  return scenario.locations.find((location) => location.location_id === locationId);
}

export function findAlarmDevice(scenario: Scenario, zid: string): { location: LocationScenario; doc: AlarmDeviceDoc } | undefined {
  for (const location of scenario.locations) {
    const doc = location.alarmDevices.find((candidate) => candidate.general.v2.zid === zid);
    if (doc) return { location, doc };
  }
  return undefined;
}

/** Ring lists doorbells under `doorbots`; the library also treats any `doorbell*` kind as a doorbot. */
export function isDoorbellKind(kind: string): boolean {
  return kind.startsWith('doorbell') || kind.startsWith('lpd') || kind === 'jbox_v1' || kind.startsWith('cocoa_doorbell');
}
