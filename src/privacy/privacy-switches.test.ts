import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContextTracker } from './context-tracker.js';
import { parseSwitchState, PrivacySwitches, startingState } from './privacy-switches.js';

const device = { id: '7', name: 'Living Room', kind: 'indoor-camera' as const, locationId: 'L' };
const warnings: string[] = [];
const log = { warn: (message: string) => warnings.push(message) };

/** Records what the gate's context is told. */
function recordingTracker() {
  const told = { global: undefined as boolean | undefined, devices: {} as Record<string, boolean> };
  return {
    told,
    setGlobalPrivacy: (on: boolean) => void (told.global = on),
    setDevicePrivacy: (id: string, on: boolean) => void (told.devices[id] = on),
  };
}

describe('PrivacySwitches', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trygr-switches-'));
    file = join(dir, 'trygr', 'privacy-switches.json');
    warnings.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a switch feeds the gate context at once and survives a restart', async () => {
    const tracker = new ContextTracker();
    const switches = new PrivacySwitches(file, tracker, log);
    await switches.load();
    expect(tracker.context(device).devicePrivacy).toBe(false);
    const saved = switches.setDevice('7', true);
    expect(tracker.context(device).devicePrivacy).toBe(true);
    await saved;
    await switches.setGlobal(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ global: true, devices: { 7: true } });
    expect(warnings).toEqual([]);

    const restarted = new ContextTracker();
    await new PrivacySwitches(file, restarted, log).load();
    expect(restarted.context(device)).toMatchObject({ devicePrivacy: true, globalPrivacy: true });
  });

  // What is at <storage>/trygr/privacy-switches.json when Homebridge starts.
  const FILES: Array<[string, (file: string) => void, { global: boolean; devices: Record<string, boolean>; failedClosed?: RegExp }]> = [
    ['no file (a fresh install)', () => undefined, { global: false, devices: {} }],
    ['an empty file', (f) => writeFileSync(f, ''), { global: true, devices: {}, failedClosed: /^the file is empty$/ }],
    ['invalid JSON', (f) => writeFileSync(f, '{"global": tru'), { global: true, devices: {}, failedClosed: /not valid JSON/ }],
    ['a JSON array', (f) => writeFileSync(f, '[]'), { global: true, devices: {}, failedClosed: /does not hold the switch states/ }],
    ['non-boolean entries', (f) => writeFileSync(f, '{"global":false,"devices":{"1":true,"2":"on"}}'), { global: true, devices: {}, failedClosed: /not true or false/ }],
    ['a valid file', (f) => writeFileSync(f, '{"global":false,"devices":{"1":true,"2":false}}'), { global: false, devices: { 1: true, 2: false } }],
    // Tests run as root, whom chmod does not stop: a folder where the file should be cannot be read either.
    ['an unreadable file', (f) => mkdirSync(f), { global: true, devices: {}, failedClosed: /^the file could not be read \(EISDIR\)$/ }],
  ];

  test.each(FILES)('%s', async (_case, seed, expected) => {
    mkdirSync(join(dir, 'trygr'), { recursive: true });
    seed(file);
    const tracker = recordingTracker();
    const switches = new PrivacySwitches(file, tracker, log);
    await switches.load();
    expect(switches.global).toBe(expected.global);
    expect(tracker.told).toEqual({ global: expected.global, devices: expected.devices });
    if (expected.failedClosed) {
      expect(switches.loadProblem).toEqual({ failedClosed: true, reason: expect.stringMatching(expected.failedClosed) });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(file);
      expect(warnings[0]).toMatch(
        /could not be used \(.+\), so every camera is private: the global Privacy switch is on until you turn it off in the Home app, and the file is rewritten then\.$/,
      );
    } else {
      expect(switches.loadProblem).toBeUndefined();
      expect(warnings).toEqual([]);
    }
  });

  test('after failing closed, turning the global switch off rewrites the file as valid JSON and clears the problem', async () => {
    mkdirSync(join(dir, 'trygr'), { recursive: true });
    writeFileSync(file, '\u0000\u0000garbage');
    const switches = new PrivacySwitches(file, recordingTracker(), log);
    const problems: unknown[] = [];
    switches.loadProblem$.subscribe((problem) => problems.push(problem));
    await switches.load();
    await switches.setGlobal(false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ global: false, devices: {} });
    expect(switches.loadProblem).toBeUndefined();
    expect(problems).toEqual([undefined, { failedClosed: true, reason: 'the file is not valid JSON' }, undefined]);
    expect(warnings).toHaveLength(1);
  });

  test('the file is written 0600 in a 0700 folder under a permissive umask', async () => {
    const umask = process.umask(0o022);
    try {
      const switches = new PrivacySwitches(file, recordingTracker(), log);
      await switches.load();
      await switches.setDevice('7', true);
      expect(statSync(join(dir, 'trygr')).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(umask);
    }
  });
});

describe('parseSwitchState', () => {
  test.each([
    ['', 'the file is empty'],
    ['  \n', 'the file is empty'],
    ['{"global":', 'the file is not valid JSON'],
    ['[]', 'the file does not hold the switch states'],
    ['null', 'the file does not hold the switch states'],
    ['{"devices":{}}', 'the file does not hold the switch states'],
    ['{"global":"yes","devices":{}}', 'the file does not hold the switch states'],
    ['{"global":true}', 'the file does not hold the switch states'],
    ['{"global":false,"devices":{"1":true,"2":"on"}}', "a camera's switch state in the file is not true or false"],
  ])('%j cannot be read: %s', (text, reason) => {
    expect(parseSwitchState(text)).toEqual({ ok: false, reason });
  });

  test('what save writes reads back', () => {
    const state = { global: true, devices: { 1: false, 'zid-2': true } };
    expect(parseSwitchState(JSON.stringify(state, null, 2) + '\n')).toEqual({ ok: true, state });
  });
});

describe('startingState', () => {
  test.each([
    [{ errorCode: 'ENOENT' }, { state: { global: false, devices: {} } }],
    [{ errorCode: 'EACCES' }, { state: { global: true, devices: {} }, problem: { failedClosed: true, reason: 'the file could not be read (EACCES)' } }],
    [{ text: '[]' }, { state: { global: true, devices: {} }, problem: { failedClosed: true, reason: 'the file does not hold the switch states' } }],
    [{ text: '{"global":false,"devices":{"9":true}}' }, { state: { global: false, devices: { 9: true } } }],
  ])('%j → %j', (file, expected) => {
    expect(startingState(file)).toEqual(expected);
  });
});
