import type { Characteristic, CharacteristicValue, PlatformAccessory } from 'homebridge';
import type { Location, RingDevice } from 'ring-client-api';
import type { Device } from '../../privacy/types.js';
import { alarmKind } from '../../ring/classify.js';
import type { AccessoryDeps } from '../base-accessory.js';
import { RING_COMMAND_TIMEOUT_MS, withTimeout } from '../with-timeout.js';
import { AlarmAccessory } from './alarm-accessory.js';
import { hasTamperStatus, type AlarmData, type TargetStateValue, type View } from './alarm-mapping.js';
import {
  INITIAL_PANEL_MEMORY,
  needsRingCommand,
  neutralPanelView,
  panelState,
  panelView,
  ringModeFor,
  sensorsToBypass,
  validCurrents,
  validTargets,
  type PanelLayout,
  type PanelMemory,
} from './panel-mapping.js';

/**
 * `setAlarmMode` waits for the panel's next update and would wait forever for one that never
 * comes; HAP gives up on a write after 10 s, so answer before that.
 */
export const ALARM_MODE_TIMEOUT_MS = RING_COMMAND_TIMEOUT_MS;
/** Looked at again this long after Ring's exit-delay end, so the clock has surely passed it. */
const EXIT_DELAY_MARGIN_MS = 250;
/** accessory.context key: the user chose Night for the current Home arming (survives restarts). */
const NIGHT_CONTEXT_KEY = 'trygrAlarmNight';

/**
 * The Ring Alarm security panel as a HomeKit SecuritySystem (Away = 'all', Home = 'some',
 * Off = 'none', Night = 'some' when enabled), with an optional siren Switch.
 */
export class SecurityPanelAccessory extends AlarmAccessory {
  private readonly nightMode: boolean;
  private readonly nightBypass: boolean;
  private readonly layout: PanelLayout;
  private memory: PanelMemory;
  private armingTimer?: NodeJS.Timeout;
  private readonly target: Characteristic;

  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    ringDevice: RingDevice,
    private readonly location: Location,
    serial: string,
  ) {
    super(deps, accessory, device, ringDevice, serial);
    const { Service, Characteristic } = this.hap;
    this.nightMode = deps.config.alarmNightMode;
    this.nightBypass = this.nightMode && deps.config.alarmNightBypass;
    this.layout = { siren: deps.config.alarmSirenSwitch, tamper: hasTamperStatus(this.data) };
    this.memory = { ...INITIAL_PANEL_MEMORY, night: this.nightMode && accessory.context[NIGHT_CONTEXT_KEY] === true ? 'active' : 'off' };

    const system = this.service(Service.SecuritySystem, undefined, 'security-system');
    system.setPrimaryService(true);
    this.field(system, Characteristic.SecuritySystemCurrentState, 'current').setProps({ validValues: validCurrents(this.nightMode) });
    this.target = this.field(system, Characteristic.SecuritySystemTargetState, 'target', {
      onSet: (value) => this.setTarget(value as TargetStateValue),
    }).setProps({ validValues: validTargets(this.nightMode) });
    this.statusFields([system], this.layout);

    if (this.layout.siren) {
      const siren = this.service(Service.Switch, `${device.name} Siren`, 'siren');
      this.field(siren, Characteristic.On, 'siren', { onSet: (on) => this.setSiren(on) });
    }

    this.follow(neutralPanelView(this.layout), (data) => this.view(data));
    this.pruneServices();
  }

  /** Runs the panel reducer; keeps its memory, and a timer for the end of an exit delay. */
  private view(data: AlarmData): View {
    const state = panelState(data, this.memory, Date.now(), this.nightMode, this.deps.config.alarmOnEntryDelay);
    this.memory = state.memory;
    this.accessory.context[NIGHT_CONTEXT_KEY] = state.memory.night === 'active';
    this.watchExitDelay(state.armingUntil);
    return panelView(this.layout, state, data);
  }

  private reevaluate(): void {
    this.offer(this.view(this.data));
  }

  /** Ring may send nothing when the exit delay ends, so look again then. */
  private watchExitDelay(until: number | undefined): void {
    clearTimeout(this.armingTimer);
    this.armingTimer = undefined;
    if (until !== undefined && !this.disposed) {
      this.armingTimer = setTimeout(() => this.reevaluate(), Math.max(0, until - Date.now()) + EXIT_DELAY_MARGIN_MS);
      this.armingTimer.unref();
    }
  }

  private async setTarget(target: TargetStateValue): Promise<void> {
    const { mode, night } = ringModeFor(target, this.nightMode);
    const before = this.memory.night;
    this.memory = { ...this.memory, night };
    if (!needsRingCommand(this.data, mode, Date.now())) {
      this.reevaluate();
      return;
    }
    try {
      const bypass = night === 'requested' && this.nightBypass ? await this.openSensors() : [];
      await withTimeout(
        this.location.setAlarmMode(mode, bypass.length > 0 ? bypass : undefined),
        ALARM_MODE_TIMEOUT_MS,
        `Ring did not confirm the alarm mode within ${ALARM_MODE_TIMEOUT_MS / 1000} s`,
      );
    } catch (error) {
      // Back to what Ring reports; the base binding logs the reason and answers HomeKit with an error.
      this.memory = { ...this.memory, night: before };
      this.reevaluate();
      this.target.updateValue(this.shown('target'));
      throw error;
    }
  }

  /** The zids Night bypasses, from the location's devices as Ring last reported them. */
  private async openSensors(): Promise<string[]> {
    const devices = await this.location.getDevices();
    const zids = sensorsToBypass(devices.map((device) => ({ zid: device.zid, kind: alarmKind(device.deviceType), faulted: (device.data as AlarmData).faulted })));
    if (zids.length > 0) {
      const names = devices.filter((device) => zids.includes(device.zid)).map((device) => device.name);
      this.log.info(`${this.device.name}: arming Night with ${names.length === 1 ? 'an open sensor' : `${names.length} open sensors`} bypassed: ${names.join(', ')}.`);
    }
    return zids;
  }

  private async setSiren(on: CharacteristicValue): Promise<void> {
    await (on ? this.location.soundSiren() : this.location.silenceSiren());
  }

  /** Recomputed rather than replayed: an exit delay may have ended since Ring last spoke. */
  override refresh(): void {
    this.reevaluate();
  }

  override dispose(): void {
    clearTimeout(this.armingTimer);
    super.dispose();
  }
}
