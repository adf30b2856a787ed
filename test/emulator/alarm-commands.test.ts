/** DeviceInfoSet planning and fault patches, over plain data. */
import { describe, expect, test } from '@jest/globals';
import { applyAlarmPatch, blockingSensors, planDeviceInfoSet, userAlarmPatch } from './alarm-commands.js';
import { completeAlarmDevice, faultPatchFor, splitAlarmFields } from './alarm-defaults.js';
import { loadScenario } from './scenario.js';
import { demoHome } from './demo-home-ids.js';

function home() {
  return loadScenario(undefined).locations[0];
}

function switchMode(mode: string, bypass?: string[]) {
  return [{ zid: demoHome.alarm.securityPanel, command: { v1: [{ commandType: 'security-panel.switch-mode', data: { mode, bypass } }] } }];
}

describe('security-panel.switch-mode', () => {
  test('arming away sets the panel mode and the location mode', () => {
    const plan = planDeviceInfoSet(home(), switchMode('all'));
    expect(plan.patches).toEqual([{ zid: demoHome.alarm.securityPanel, patch: { mode: 'all', transitionDelayEndTimestamp: null } }]);
    expect(plan.locationMode).toBe('away');
  });

  test('an open contact sensor keeps the old mode unless it is bypassed; motion sensors do not block', () => {
    const location = home();
    applyAlarmPatch(
      location.alarmDevices.find((doc) => doc.general.v2.zid === demoHome.alarm.backDoorContact)!,
      { faulted: true },
    );
    applyAlarmPatch(
      location.alarmDevices.find((doc) => doc.general.v2.zid === demoHome.alarm.hallwayMotion)!,
      { faulted: true },
    );
    expect(blockingSensors(location.alarmDevices, [])).toEqual([demoHome.alarm.backDoorContact]);
    expect(planDeviceInfoSet(location, switchMode('some')).patches[0].patch).toEqual({ mode: 'none' });
    expect(planDeviceInfoSet(location, switchMode('some', [demoHome.alarm.backDoorContact])).patches[0].patch.mode).toBe('some');
    expect(planDeviceInfoSet(location, switchMode('none')).patches[0].patch).toMatchObject({ mode: 'none', alarmInfo: null });
  });

  test('sirens, plain device settings, and unknown commands', () => {
    const plan = planDeviceInfoSet(home(), [
      { zid: demoHome.alarm.securityPanel, command: { v1: [{ commandType: 'security-panel.sound-siren' }, { commandType: 'lock.unlock' }] } },
      { zid: demoHome.alarm.keypad, device: { v1: { volume: 0.2 } } },
      { zid: 'not-a-device', device: { v1: { volume: 1 } } },
    ]);
    expect(plan.patches).toEqual([
      { zid: demoHome.alarm.securityPanel, patch: { siren: { state: 'on' } } },
      { zid: demoHome.alarm.keypad, patch: { volume: 0.2 } },
    ]);
    expect(plan.unhandled).toEqual(['lock.unlock']);
  });
});

describe('locks and water valves', () => {
  function withDevices() {
    const location = home();
    location.alarmDevices.push(
      completeAlarmDevice({ zid: 'lock-1', name: 'Front Lock', deviceType: 'lock' }, 20),
      completeAlarmDevice({ zid: 'valve-1', name: 'Main Water', deviceType: 'valve.water' }, 21),
    );
    return location;
  }
  const command = (zid: string, commandType: string) => [{ zid, command: { v1: [{ commandType }] } }];

  test('a lock locks and unlocks; a jammed lock stays jammed; a valve opens and closes; neither answers the other kind', () => {
    const location = withDevices();
    expect(location.alarmDevices.find((doc) => doc.general.v2.zid === 'lock-1')!.device.v1.locked).toBe('locked');
    expect(planDeviceInfoSet(location, command('lock-1', 'lock.unlock')).patches).toEqual([{ zid: 'lock-1', patch: { locked: 'unlocked' } }]);
    expect(planDeviceInfoSet(location, command('lock-1', 'lock.lock')).patches).toEqual([{ zid: 'lock-1', patch: { locked: 'locked' } }]);
    applyAlarmPatch(
      location.alarmDevices.find((doc) => doc.general.v2.zid === 'lock-1')!,
      { locked: 'jammed' },
    );
    expect(planDeviceInfoSet(location, command('lock-1', 'lock.unlock')).patches).toEqual([{ zid: 'lock-1', patch: { locked: 'jammed' } }]);
    expect(planDeviceInfoSet(location, command('valve-1', 'valve.close')).patches).toEqual([{ zid: 'valve-1', patch: { valveState: 'closed' } }]);
    expect(planDeviceInfoSet(location, command('valve-1', 'valve.open')).patches).toEqual([{ zid: 'valve-1', patch: { valveState: 'open' } }]);
    expect(planDeviceInfoSet(location, command('valve-1', 'lock.lock')).unhandled).toEqual(['lock.lock']);
    expect(planDeviceInfoSet(location, command('lock-1', 'valve.open')).unhandled).toEqual(['valve.open']);
  });
});

describe('keypad and base station settings', () => {
  const setting = (zid: string, v1: Record<string, number>) => [{ zid, device: { v1 } }];
  const doc = (location: ReturnType<typeof home>, zid: string) => location.alarmDevices.find((entry) => entry.general.v2.zid === zid)!;

  test('they report volume (and the keypad brightness) as 0–1 fractions, and take the body ring-client-api sends', () => {
    const location = home();
    expect(doc(location, demoHome.alarm.keypad).device.v1).toMatchObject({ volume: 0.5, brightness: 0.5 });
    expect(doc(location, demoHome.alarm.baseStation).device.v1).toMatchObject({ volume: 0.6 });
    expect(doc(location, demoHome.alarm.baseStation).device.v1.brightness).toBeUndefined();
    const plan = planDeviceInfoSet(location, [...setting(demoHome.alarm.keypad, { brightness: 0.75 }), ...setting(demoHome.alarm.baseStation, { volume: 0.2 })]);
    expect(plan.patches).toEqual([
      { zid: demoHome.alarm.keypad, patch: { brightness: 0.75 } },
      { zid: demoHome.alarm.baseStation, patch: { volume: 0.2 } },
    ]);
    expect(applyAlarmPatch(doc(location, demoHome.alarm.keypad), plan.patches[0].patch)).toEqual({
      general: { v2: { zid: demoHome.alarm.keypad } },
      device: { v1: { brightness: 0.75 } },
    });
  });

  test('a device the hub has lost takes nothing, and says so; back online, it takes settings again', () => {
    const location = home();
    applyAlarmPatch(doc(location, demoHome.alarm.keypad), { commStatus: 'error' });
    const lost = planDeviceInfoSet(location, setting(demoHome.alarm.keypad, { volume: 0.1 }));
    expect([lost.patches, lost.unreachable]).toEqual([[], [demoHome.alarm.keypad]]);
    applyAlarmPatch(doc(location, demoHome.alarm.keypad), { commStatus: 'ok' });
    expect(planDeviceInfoSet(location, setting(demoHome.alarm.keypad, { volume: 0.1 })).patches).toEqual([{ zid: demoHome.alarm.keypad, patch: { volume: 0.1 } }]);
  });
});

describe('panics the user raises', () => {
  test.each([
    [{ signalType: 'user-verified-burglar-xa' }, { alarmInfo: { state: 'user-verified-burglar-alarm' }, siren: { state: 'on' } }],
    [{ signalType: 'user-verified-fire-xa' }, { alarmInfo: { state: 'user-verified-co-or-fire-alarm' }, siren: { state: 'on' } }],
    [{ signalType: 'something-else' }, undefined],
    ['garbage', undefined],
  ])('%j raises %j', (body, patch) => {
    expect(userAlarmPatch(body)).toEqual(patch);
  });
});

describe('patches', () => {
  test('the "faulted" state of each sensor type', () => {
    expect(faultPatchFor('sensor.contact', true)).toEqual({ faulted: true });
    expect(faultPatchFor('sensor.motion', true)).toEqual({ faulted: true, motionStatus: 'faulted' });
    expect(faultPatchFor('sensor.flood-freeze', true)).toEqual({ faulted: true, flood: { faulted: true } });
    expect(faultPatchFor('listener.smoke-co', false)).toEqual({ faulted: false, smoke: { alarmStatus: 'inactive' } });
  });

  test('general fields go to general.v2, state to device.v1, and the broadcast carries only the change', () => {
    expect(splitAlarmFields({ batteryLevel: 5, tamperStatus: 'tamper', faulted: true })).toEqual({
      general: { v2: { batteryLevel: 5, tamperStatus: 'tamper' } },
      device: { v1: { faulted: true } },
    });
    const doc = home().alarmDevices.find((entry) => entry.general.v2.zid === demoHome.alarm.basementFlood)!;
    const partial = applyAlarmPatch(doc, { batteryLevel: 12, flood: { faulted: true } });
    expect(partial).toEqual({
      general: { v2: { batteryLevel: 12, zid: demoHome.alarm.basementFlood } },
      device: { v1: { flood: { faulted: true } } },
    });
    expect(doc.device.v1.freeze).toEqual({ faulted: false }); // merged, not replaced
    expect(doc.general.v2.name).toBe('Basement Flood');
  });
});
