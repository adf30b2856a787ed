import type { PlatformAccessory, Service } from 'homebridge';
import type { RingChime } from 'ring-client-api';
import { distinctUntilChanged, map } from 'rxjs';
import type { Device } from '../../privacy/types.js';
import { BaseAccessory, type AccessoryDeps, type HeldSetting } from '../base-accessory.js';
import { READ_REFRESH_MIN_INTERVAL_MS, ReadRefresh } from '../read-refresh.js';
import { toHomeKitVolume, toRingVolume } from './chime-volume.js';

/** A momentary switch turns itself off after this long, like a button. */
const MOMENTARY_MS = 1_000;

interface ChimeState {
  alerts?: { connection?: string };
  do_not_disturb?: { seconds_left?: number };
  settings?: { volume?: number; night_light_settings?: { light_sensor_enabled?: boolean } };
  firmware_version?: string;
}

/** A Ring chime: play the ding or motion sound, snooze, volume, and the nightlight where it has one. */
export class ChimeAccessory extends BaseAccessory {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly readRefresh: ReadRefresh;

  constructor(
    deps: AccessoryDeps,
    accessory: PlatformAccessory,
    device: Device,
    private readonly chime: RingChime,
    serial: string,
  ) {
    super(deps, accessory, device);
    this.readRefresh = new ReadRefresh(() => chime.requestUpdate(), READ_REFRESH_MIN_INTERVAL_MS);
    this.information(chime.model, serial, this.state.firmware_version);
    this.momentary('ding', 'Play Ding', () => chime.playSound('ding'));
    this.momentary('motion', 'Play Motion Sound', () => chime.playSound('motion'));
    this.setUpSnooze();
    this.setUpVolume();
    this.setUpNightlight();
    this.pruneServices();
  }

  private get state(): ChimeState {
    return this.chime.data as unknown as ChimeState;
  }

  protected override beforeRead(): void {
    this.readRefresh.read();
  }

  private online<T>(value: () => T): () => T {
    return () => {
      if (this.state.alerts?.connection === 'offline') {
        throw this.noResponse();
      }
      return value();
    };
  }

  private momentary(subtype: string, label: string, play: () => Promise<unknown>): void {
    const { Service, Characteristic } = this.hap;
    const service: Service = this.service(Service.Switch, `${this.device.name} ${label}`, subtype);
    this.bind(service, Characteristic.On, {
      onGet: this.online(() => false),
      onSet: async (on) => {
        if (!on) {
          return;
        }
        await play();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          service.updateCharacteristic(Characteristic.On, false);
        }, MOMENTARY_MS);
        this.timers.add(timer);
      },
    });
  }

  private setUpSnooze(): void {
    const service = this.service(this.hap.Service.Switch, `${this.device.name} Snooze`, 'snooze');
    this.bindHeld(
      service,
      this.hap.Characteristic.On,
      this.chimeSetting(
        (state) => (state.do_not_disturb?.seconds_left ?? 0) > 0,
        (on) => (on ? this.chime.snooze(this.deps.config.chimeSnoozeMinutes) : this.chime.clearSnooze()),
      ),
    );
  }

  private setUpVolume(): void {
    const { Characteristic } = this.hap;
    const speaker = this.service(this.hap.Service.Speaker, `${this.device.name} Volume`, 'volume');
    const volume = this.bindHeld(speaker, Characteristic.Volume, {
      ...this.chimeSetting(
        (state) => toHomeKitVolume(state.settings?.volume ?? 0),
        (percent) => this.chime.setVolume(toRingVolume(percent)),
      ),
      written: (percent) => toHomeKitVolume(toRingVolume(percent)),
    });
    // Muted is volume 0; it follows whatever the Volume characteristic shows.
    this.bind(speaker, Characteristic.Mute, {
      value$: this.chime.onData.pipe(
        map(() => volume.value === 0),
        distinctUntilChanged(),
      ),
      onGet: this.online(() => volume.value === 0),
    });
  }

  private setUpNightlight(): void {
    if (this.state.settings?.night_light_settings) {
      const light = this.service(this.hap.Service.Lightbulb, `${this.device.name} Nightlight`, 'nightlight');
      this.bindHeld(
        light,
        this.hap.Characteristic.On,
        this.chimeSetting(
          (state) => state.settings?.night_light_settings?.light_sensor_enabled === true,
          (on) => this.chime.setNightlightEnabled(on),
        ),
      );
    }
  }

  private chimeSetting<T extends number | boolean>(reported: (state: ChimeState) => T, write: (value: T) => Promise<unknown>): HeldSetting<T> {
    return { data$: this.chime.onData, data: () => this.chime.data, reported: (data) => reported(data as ChimeState), write, guard: (read) => this.online(read) };
  }

  override dispose(): void {
    super.dispose();
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}
