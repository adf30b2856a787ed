import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Subject, type Observable } from 'rxjs';
import { writeFileAtomically } from '../token-store/atomic-write.js';
import type { ContextTracker } from './context-tracker.js';

export interface SwitchState {
  global: boolean;
  devices: Record<string, boolean>;
}

export interface SwitchLog {
  warn(message: string): void;
}

/** Reads a saved state; anything unreadable is "all off" (the policy still decides what that means). */
export function parseSwitchState(text: string): SwitchState {
  try {
    const raw = JSON.parse(text) as Partial<SwitchState>;
    const devices: Record<string, boolean> = {};
    for (const [id, on] of Object.entries(raw.devices ?? {})) {
      if (typeof on === 'boolean') {
        devices[id] = on;
      }
    }
    return { global: raw.global === true, devices };
  } catch {
    return { global: false, devices: {} };
  }
}

/**
 * The HomeKit Privacy switches: one for the whole plugin and one per camera. Their state feeds the
 * gate's context at once and is saved, so a restart keeps a camera private.
 */
export class PrivacySwitches {
  private state: SwitchState = { global: false, devices: {} };
  private readonly changes = new Subject<{ deviceId?: string; on: boolean }>();
  private saving: Promise<void> = Promise.resolve();

  /** Every change: `deviceId` undefined for the global switch. */
  readonly changes$: Observable<{ deviceId?: string; on: boolean }> = this.changes.asObservable();

  constructor(private readonly file: string, private readonly tracker: ContextTracker, private readonly log: SwitchLog) {}

  async load(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    this.state = text === undefined ? { global: false, devices: {} } : parseSwitchState(text);
    this.tracker.setGlobalPrivacy(this.state.global);
    for (const [id, on] of Object.entries(this.state.devices)) {
      this.tracker.setDevicePrivacy(id, on);
    }
  }

  get global(): boolean {
    return this.state.global;
  }

  device(id: string): boolean {
    return this.state.devices[id] ?? false;
  }

  setGlobal(on: boolean): Promise<void> {
    this.state.global = on;
    this.tracker.setGlobalPrivacy(on);
    this.changes.next({ on });
    return this.save();
  }

  setDevice(id: string, on: boolean): Promise<void> {
    this.state.devices[id] = on;
    this.tracker.setDevicePrivacy(id, on);
    this.changes.next({ deviceId: id, on });
    return this.save();
  }

  /** Writes are serialised; the gate already follows the new state before the file is written. */
  private save(): Promise<void> {
    const text = JSON.stringify(this.state, null, 2) + '\n';
    this.saving = this.saving.then(async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
        await writeFileAtomically(this.file, text, { mode: 0o600 });
      } catch (error) {
        this.log.warn(`Could not save the Privacy switches (${(error as NodeJS.ErrnoException).code ?? String(error)}); they apply until Homebridge restarts.`);
      }
    });
    return this.saving;
  }
}
