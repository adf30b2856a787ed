import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContextTracker } from './context-tracker.js';
import { parseSwitchState, PrivacySwitches } from './privacy-switches.js';

const device = { id: '7', name: 'Living Room', kind: 'indoor-camera' as const, locationId: 'L' };
const warnings: string[] = [];
const log = { warn: (message: string) => warnings.push(message) };

describe('PrivacySwitches', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trygr-switches-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a switch feeds the gate context at once and survives a restart', async () => {
    const file = join(dir, 'trygr', 'privacy-switches.json');
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

  test.each([
    ['', { global: false, devices: {} }],
    ['{"global":"yes","devices":{"1":true,"2":"on"}}', { global: false, devices: { 1: true } }],
    ['[]', { global: false, devices: {} }],
  ])('a damaged file %j reads as %j', (text, state) => {
    expect(parseSwitchState(text)).toEqual(state);
  });
});
