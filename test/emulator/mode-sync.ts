/**
 * Ring keeps a location's mode and its alarm mode in step (disarmed ↔ none, home ↔ some,
 * away ↔ all). Changing either one here updates the other and tells connected clients.
 */
import type { CloudState } from './cloud-state.js';
import type { LocationMode, LocationScenario } from './types.js';
import { alarmModeForLocation, applyAlarmPatch } from './alarm-commands.js';

export function setLocationMode(state: CloudState, location: LocationScenario, mode: LocationMode): void {
  location.mode = mode;
  const alarmMode = alarmModeForLocation(mode);
  const panel = location.alarmDevices.find((doc) => doc.general.v2.deviceType === 'security-panel');
  if (!panel || !alarmMode || panel.device.v1.mode === alarmMode) return;
  const patch = alarmMode === 'none' ? { mode: alarmMode, alarmInfo: null } : { mode: alarmMode };
  state.sockets.broadcastDeviceUpdate(location, applyAlarmPatch(panel, patch));
}

export function locationModeAnswer(location: LocationScenario): Record<string, unknown> {
  return {
    mode: location.mode,
    lastUpdateTimeMS: Date.now(),
    securityStatus: { md: 'none', returnTopic: '' },
    readOnly: false,
    notYetParticipatingInMode: [],
  };
}
