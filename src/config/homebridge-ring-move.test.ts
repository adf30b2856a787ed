/**
 * The panel's move from homebridge-ring, as pure functions: each homebridge-ring option (a truth
 * table), which block is moved, config.json afterwards, and random blocks (fast-check).
 */
import fc from 'fast-check';
import { HIDEABLE_FAMILIES, UNHIDEABLE_FAMILIES } from './device-kinds.js';
import { familiesOfRingType, HOMEBRIDGE_RING_PLUGIN, mapRingOptions, movedConfig, planMove, RING_DEVICE_TYPES, type OptionMove } from './homebridge-ring-move.js';
import { HOMEBRIDGE_RING_OPTIONS } from './homebridge-ring-options.js';
import { OPTIONS } from './options.js';
import { parseConfig } from './parse-config.js';

const TOKEN = 'ring-refresh-token-SECRET-4b7e';
const OPTION_KEYS = new Set(OPTIONS.map((spec) => spec.key));
const hidingAllBut = (...shown: string[]) => HIDEABLE_FAMILIES.filter((family) => !shown.includes(family));

/** What one homebridge-ring option alone becomes: the options set, and the reason when it is not carried. */
function one(key: string, value: unknown, trygr?: Record<string, unknown>): { options: Record<string, unknown>; reason?: string; note?: string } {
  const move = mapRingOptions({ platform: 'Ring', hideDoorbellSwitch: true, hideAlarmSirenSwitch: true, [key]: value }, trygr);
  const reason = move.notCarried.find((left) => left.key === key)?.reason;
  const note = move.carried.find((carried) => carried.from === key)?.note;
  // The two switches set to stay hidden (so their "not set" notes stay out) are not this row's result.
  const options = { ...move.options };
  for (const [switchKey, option] of [
    ['hideDoorbellSwitch', 'doorbellSwitch'],
    ['hideAlarmSirenSwitch', 'alarmSirenSwitch'],
  ]) {
    if (key === switchKey) continue;
    expect(options[option!]).toBe(false);
    delete options[option!];
  }
  return { options, ...(reason !== undefined && { reason }), ...(note !== undefined && { note }) };
}

describe('each homebridge-ring option', () => {
  test.each<[string, unknown, Record<string, unknown>, RegExp | null]>([
    ['locationIds', ['loc-1', 'loc-2'], { locationIds: ['loc-1', 'loc-2'] }, null],
    ['locationIds', 'loc-1', { locationIds: ['loc-1'] }, null],
    ['locationIds', { a: 1 }, {}, /should be a list of text values, not object\.$/],
    ['hideDeviceIds', ['3F2504E0-4F89-11D3-9A0C-0305E82C3301', 'zid-1'], { hideDeviceIds: ['3F2504E0-4F89-11D3-9A0C-0305E82C3301', 'zid-1'] }, null],
    ['onlyDeviceTypes', ['doorbell_v3', 'stickup_cam_v4'], { hideDeviceFamilies: hidingAllBut('doorbell', 'camera') }, null],
    [
      'onlyDeviceTypes',
      ['sensor.contact', 'hub.redsky', 'location.mode', 'chime_pro'],
      { hideDeviceFamilies: hidingAllBut('contact-sensor', 'base-station', 'location-mode', 'chime') },
      null,
    ],
    ['onlyDeviceTypes', [], {}, null],
    ['onlyDeviceTypes', ['no-such-type'], {}, /none of its device types \("no-such-type"\) is one Trygr knows/],
    ['onlyDeviceTypes', 'doorbell_v3', {}, /should be a list of Ring device types/],
    ['hideDoorbellSwitch', false, { doorbellSwitch: true }, null],
    ['hideDoorbellSwitch', true, { doorbellSwitch: false }, null],
    ['hideDoorbellSwitch', 'false', {}, /^should be true or false, not string\.$/],
    ['hideAlarmSirenSwitch', false, { alarmSirenSwitch: true }, null],
    ['cameraStatusPollingSeconds', 30, { cameraStatusPollingSeconds: 30 }, null],
    ['cameraStatusPollingSeconds', '45', { cameraStatusPollingSeconds: 45 }, null],
    ['cameraStatusPollingSeconds', 5, {}, /^Trygr's `cameraStatusPollingSeconds` should be a whole number from 10 to 3600; 5 is out of range\.$/],
    ['cameraStatusPollingSeconds', 4000, {}, /from 10 to 3600; 4000 is out of range\.$/],
    ['cameraStatusPollingSeconds', 12.5, {}, /should be a whole number from 10 to 3600, not number\.$/],
    ['locationModePollingSeconds', 0, { locationModePollingSeconds: 0 }, null],
    ['locationModePollingSeconds', 3600, { locationModePollingSeconds: 3600 }, null],
    ['locationModePollingSeconds', 1, {}, /should be 0 \(off\) or a whole number from 10 to 3600; 1 is out of range\.$/],
    ['ffmpegPath', ' /usr/local/bin/ffmpeg ', { ffmpegPath: '/usr/local/bin/ffmpeg' }, null],
    ['ffmpegPath', '', {}, null],
    ['ffmpegPath', 42, {}, /should be text, not number\.$/],
    ['debug', true, { debug: true }, null],
    ['debug', 'yes', {}, /should be true or false, not text\.$/],
    ['name', ' Ring ', { name: 'Ring' }, null],
    ['name', ['Ring'], {}, /should be text, not a list\.$/],
    ['nightModeBypassFor', 'some', { alarmNightMode: true }, null],
    ['nightModeBypassFor', 'all', {}, /Night armed Away; Trygr's Night arms Home/],
    ['nightModeBypassFor', 'none', {}, /should be "some" or "all", not "none"\.$/],
    ['hideCameraLight', true, { cameraLight: false }, null],
    ['blockDisarm', true, {}, /^None: disarming from Apple Home is allowed\.$/],
    ['avoidSnapshotBatteryDrain', true, {}, /^Always on: `batterySnapshotSeconds`/],
    ['refreshToken', TOKEN, {}, null],
  ])('%s: %j', (key, value, options, reason) => {
    const result = one(key, value);
    expect(result.options).toEqual(options);
    if (reason) expect(result.reason).toMatch(reason);
    else expect(result.reason).toBeUndefined();
  });

  test('onlyDeviceTypes says which families stay shown anyway, and leaves unknown types out but uses the rest', () => {
    const { options, note } = one('onlyDeviceTypes', ['sensor.motion', 'doorbell_portal', 'made-up']);
    expect(options).toEqual({ hideDeviceFamilies: hidingAllBut('motion-sensor', 'doorbell') });
    expect(note).toContain('Device types Trygr does not know are left out: "made-up".');
    expect(note).toContain(`${UNHIDEABLE_FAMILIES.join(', ')} stay shown: life-safety alarms always reach Apple Home.`);
    expect(note).toContain('Temperature sensors have no family here');
  });

  test('nightModeBypassFor "some" says what Night does here', () => {
    expect(one('nightModeBypassFor', 'some').note).toBe('Night arms Home; to bypass open contact sensors when arming Night, also turn on alarmNightBypass.');
  });

  test("homebridge-ring's switches, shown there unless hidden, are named when its block leaves them out", () => {
    const move = mapRingOptions({ platform: 'Ring' });
    expect(move.options).toEqual({});
    expect(move.notCarried.map((left) => left.key)).toEqual(['hideDoorbellSwitch', 'hideAlarmSirenSwitch']);
    expect(move.notCarried[0]!.reason).toMatch(/showed the doorbell's programmable switch; Trygr shows it only with `doorbellSwitch` on/);
    // Not when Trygr's block has turned the switch on already.
    expect(mapRingOptions({ platform: 'Ring' }, { doorbellSwitch: true }).notCarried.map((left) => left.key)).toEqual(['hideAlarmSirenSwitch']);
  });

  test("Trygr's own value wins, and the list says so; a default (as the Homebridge UI's form writes them all) is not a choice", () => {
    const ring = { cameraStatusPollingSeconds: 30, hideDeviceIds: ['a'], debug: true, name: 'Ring', hideDoorbellSwitch: false };
    const move = mapRingOptions(ring, { cameraStatusPollingSeconds: 60, hideDeviceIds: [], debug: false, name: 'Trygr', doorbellSwitch: false });
    expect(move.options).toEqual({ hideDeviceIds: ['a'], debug: true, doorbellSwitch: true });
    expect(move.notCarried).toEqual([
      expect.objectContaining({ key: 'hideAlarmSirenSwitch' }),
      { key: 'cameraStatusPollingSeconds', reason: "Trygr's block already sets `cameraStatusPollingSeconds`; its value is kept." },
      { key: 'name', reason: "Trygr's block already sets `name`; its value is kept." },
    ]);
  });
});

describe('the table behind it', () => {
  test("every carried option lands on an option of options.ts (or the block's name)", () => {
    for (const option of HOMEBRIDGE_RING_OPTIONS) {
      const carry = option.carry;
      if (!carry || carry.kind === 'name') continue;
      const to = carry.kind === 'same' || carry.kind === 'token' ? option.key : carry.to;
      expect([option.key, OPTION_KEYS.has(to)]).toEqual([option.key, true]);
    }
  });

  test('every family Trygr can hide is reachable from some homebridge-ring device type, so the inverse is complete', () => {
    const reachable = new Set([...RING_DEVICE_TYPES, 'doorbell_v3', 'stickup_cam'].flatMap((type) => familiesOfRingType(type) ?? []));
    for (const family of HIDEABLE_FAMILIES) expect([family, reachable.has(family)]).toEqual([family, true]);
  });

  test("camera kinds are told apart as the plugin tells them: doorbells by name, the rest are cameras; Ring's made-up types are unknown", () => {
    expect(['doorbell_scallop', 'lpd_v4', 'jbox_v1', 'cocoa_doorbell_v3'].map(familiesOfRingType)).toEqual(Array(4).fill(['doorbell']));
    expect(['floodlight_pro', 'stickup_cam_mini', 'onvif_camera'].map(familiesOfRingType)).toEqual(Array(3).fill(['camera']));
    expect(familiesOfRingType('toaster')).toBeUndefined();
    expect(familiesOfRingType('sensor.temperature')).toEqual([]);
  });
});

describe('which block is moved, and config.json afterwards', () => {
  const trygr = { platform: 'Trygr', name: 'Trygr', privacy: { rules: [] } };
  const other = { platform: 'Other', name: 'x', refreshToken: 'not ours' };

  test('no homebridge-ring block: nothing to move', () => {
    expect(planMove({ platforms: [trygr, other] })).toBeUndefined();
    expect(planMove({})).toBeUndefined();
    expect(planMove('nonsense')).toBeUndefined();
  });

  test('of several blocks, the first that holds a sign-in (Homebridge cannot turn one block off), else the first', () => {
    const plan = planMove({
      platforms: [{ platform: 'Ring', name: 'Old', debug: true }, other, { platform: 'homebridge-ring.Ring', name: 'Home', refreshToken: TOKEN }],
    });
    expect(plan).toMatchObject({ ringIndex: 1, ringCount: 2, ringName: 'Home', ringHasToken: true, trygrBlockExists: false, alreadyDisabled: false });
    expect(
      planMove({
        platforms: [
          { platform: 'Ring', name: 'A' },
          { platform: 'Ring', name: 'B' },
        ],
      }),
    ).toMatchObject({ ringIndex: 0, ringCount: 2, ringHasToken: false });
  });

  test('the plan knows whether homebridge-ring is disabled already, whether settings are left to move and whether Trygr has a sign-in of its own', () => {
    const plan = planMove({ platforms: [{ platform: 'Ring' }, { ...trygr, refreshToken: 'trygr-token' }], disabledPlugins: ['homebridge-ring'] });
    expect(plan).toMatchObject({ alreadyDisabled: true, trygrBlockExists: true, trygrHasToken: true, ringHasToken: false, settingsPending: false });
    const pending = planMove({
      platforms: [
        { platform: 'Ring', debug: true },
        { ...trygr, debug: false },
      ],
    });
    expect(pending).toMatchObject({ settingsPending: true });
    expect(
      planMove({
        platforms: [
          { platform: 'Ring', debug: true },
          { ...trygr, debug: true },
        ],
      }),
    ).toMatchObject({ settingsPending: false });
  });

  test("Trygr's block takes the options; homebridge-ring is disabled once, its block untouched; nothing else changes", () => {
    const ring = { platform: 'Ring', name: 'Ring', refreshToken: TOKEN, debug: true };
    const config = { bridge: { name: 'HB' }, platforms: [ring, other, trygr], disabledPlugins: ['homebridge-foo'] };
    const before = structuredClone(config);
    const after = movedConfig(config, { debug: true });
    expect(config).toEqual(before);
    expect(after).toEqual({ ...before, platforms: [ring, other, { ...trygr, debug: true }], disabledPlugins: ['homebridge-foo', HOMEBRIDGE_RING_PLUGIN] });
    expect(movedConfig(after, {})).toEqual(after);
  });

  test('without a Trygr block one is added; a missing or broken disabledPlugins becomes a list', () => {
    const after = movedConfig({ platforms: [{ platform: 'Ring' }], disabledPlugins: 'homebridge-ring' }, { name: 'Ring', debug: true });
    expect(after).toEqual({ platforms: [{ platform: 'Ring' }, { platform: 'Trygr', name: 'Ring', debug: true }], disabledPlugins: [HOMEBRIDGE_RING_PLUGIN] });
  });
});

describe('random homebridge-ring blocks', () => {
  const keys = fc.oneof(fc.constantFrom(...HOMEBRIDGE_RING_OPTIONS.map((option) => option.key), 'platform', '__proto__', 'constructor'), fc.string({ maxLength: 30 }));
  const values = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.integer({ min: -10, max: 5000 }),
    fc.constantFrom('some', 'all', '20', '', ' '),
    fc.array(fc.oneof(fc.constantFrom(...RING_DEVICE_TYPES, 'doorbell_v3', 'stickup_cam'), fc.string()), { maxLength: 8 }),
  );
  // The token is the block's own (only there may it appear), so the output is searched for it.
  const block = fc.dictionary(keys, values, { maxKeys: 20 }).map((b) => ({ ...b, refreshToken: TOKEN }));
  const anyBlock = fc.oneof(block, fc.anything({ maxDepth: 3 }));

  function expectSafe(move: OptionMove): void {
    for (const key of Object.keys(move.options)) expect([key, OPTION_KEYS.has(key) || key === 'name']).toEqual([key, true]);
    expect(Object.keys(move.options)).not.toContain('refreshToken');
    // The token never rides along, not even inside a list or a reason.
    expect(JSON.stringify(move)).not.toContain(TOKEN);
  }

  test('never throw, only set options Trygr knows, and never carry the refresh token', () => {
    fc.assert(
      fc.property(anyBlock, fc.oneof(fc.constant(undefined), block), (ring, trygr) => {
        expectSafe(mapRingOptions(ring, trygr));
      }),
      { numRuns: 500 },
    );
  });

  test('what is carried is exactly what the plugin then reads from its block, without a complaint', () => {
    fc.assert(
      fc.property(block, (ring) => {
        const { options, carried } = mapRingOptions(ring);
        const { config, problems } = parseConfig({ platform: 'Trygr', ...options });
        expect(problems.filter((problem) => Object.hasOwn(options, problem.field))).toEqual([]);
        for (const { to, value } of carried) expect([to, (config as unknown as Record<string, unknown>)[to]]).toEqual([to, value]);
      }),
      { numRuns: 300 },
    );
  });

  test('planning and moving any config never throws, and keeps every homebridge-ring block as it was', () => {
    const config = fc.record({
      platforms: fc.array(
        fc.oneof(
          block.map((b) => ({ ...b, platform: 'Ring' })),
          fc.constant({ platform: 'Trygr', name: 'Trygr' }),
          fc.anything({ maxDepth: 2 }),
        ),
        { maxLength: 5 },
      ),
      disabledPlugins: fc.oneof(fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }), fc.anything({ maxDepth: 1 })),
    });
    fc.assert(
      fc.property(config, (input) => {
        const plain = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
        const plan = planMove(plain);
        if (!plan) return;
        expectSafe(plan);
        const after = movedConfig(plain, plan.options);
        const ringOf = (c: Record<string, unknown>) =>
          (c.platforms as Array<Record<string, unknown>>).filter((p) => p && (p as { platform?: unknown }).platform === 'Ring');
        expect(ringOf(after)).toEqual(ringOf(plain));
        expect((after.disabledPlugins as unknown[]).filter((name) => name === HOMEBRIDGE_RING_PLUGIN)).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
